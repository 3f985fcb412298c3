import Testing

@testable import LabCharts

/// Every widget drawn into small areas inside a larger buffer, with non-finite
/// data, must not trap and must change no cell outside its area.
@Suite("Widget clipping")
struct WidgetClippingTests {
  typealias Draw = @Sendable (inout CellBuffer, Rect, GlyphSet) -> Void

  static let widgets: [(String, Draw)] = [
    ("bar chart", { buffer, area, glyphs in
      BarChart(
        categories: ["conv1", "fc"],
        series: [
          BarSeries(name: "a", values: [1, .nan]), BarSeries(name: "b", values: [.infinity, 3]),
        ],
        scale: .logarithmic
      ).draw(into: &buffer, in: area, glyphs: glyphs)
    }),
    ("table", { buffer, area, glyphs in
      Table(columns: [TableColumn("layer"), TableColumn("params", alignment: .right)],
        rows: [["conv1", "1,792"], ["fc", "4,097,000"]], highlightedRow: 1
      ).draw(into: &buffer, in: area, glyphs: glyphs)
    }),
    ("heat map", { buffer, area, glyphs in
      HeatMap(content: .values([[1, .nan], [-.infinity, 4]]), rowLabels: ["a", "b"],
        columnLabels: ["a", "b"], showsValues: true
      ).draw(into: &buffer, in: area, glyphs: glyphs)
    }),
    ("heat field", { buffer, area, glyphs in
      HeatMap(content: .values([[.nan, 2], [3, 4]]), usesColor: false)
        .draw(into: &buffer, in: area, glyphs: glyphs)
    }),
    ("class map", { buffer, area, glyphs in
      HeatMap(content: .classes([[0, 1], [-1, 9]]), classNames: ["a", "b"])
        .draw(into: &buffer, in: area, glyphs: glyphs)
    }),
    ("scatter plot", { buffer, area, glyphs in
      ScatterPlot(
        points: [ScatterPoint(x: 0, y: 1, classIndex: 1), ScatterPoint(x: .nan, y: 2),
          ScatterPoint(x: 1e308, y: -1e308)],
        marker: .braille, classNames: ["a"], showsIdentityLine: true
      ).draw(into: &buffer, in: area, glyphs: glyphs)
    }),
    ("image", { buffer, area, glyphs in
      HalfBlockImage(pixels: [[[1, .nan, 0], [0, 0, 0]], [[0.5, 0.5, 0.5], [2, -1, 0]]])
        .draw(into: &buffer, in: area, glyphs: glyphs)
    }),
    ("progress bar", { buffer, area, glyphs in
      ProgressBar(fraction: .nan, label: "timing").draw(into: &buffer, in: area, glyphs: glyphs)
    }),
  ]

  @Test(arguments: 0..<widgets.count)
  func staysInsideArea(widget: Int) {
    let (name, draw) = Self.widgets[widget]
    for glyphs in [GlyphSet.unicode, .ascii] {
      for width in 0...7 {
        for height in 0...5 {
          let area = Rect(x: 2, y: 1, width: width, height: height)
          let buffer = renderedBuffer(width: 12, height: 8) { draw(&$0, area, glyphs) }
          #expect(buffer.isUntouched(outside: area), "\(name) \(width)×\(height)")
        }
      }
    }
  }

  @Test(arguments: 0..<widgets.count)
  func clipsAtBufferEdge(widget: Int) {
    let (name, draw) = Self.widgets[widget]
    let area = Rect(x: 8, y: 5, width: 20, height: 10)
    let buffer = renderedBuffer(width: 12, height: 8) { draw(&$0, area, .unicode) }
    #expect(buffer.isUntouched(outside: area), "\(name)")
    #expect(buffer[8, 5] != Cell("·"), "\(name)")
  }
}

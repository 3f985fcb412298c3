import Testing

@testable import LabCharts

/// SplitMix64, a small generator whose sequence is fixed by its seed, so that
/// a failing case can be replayed.
private struct SplitMix64: RandomNumberGenerator {
  var state: UInt64

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// Every widget drawn with random data, special values mixed in, into random
/// areas that may cross the buffer's edges: nothing may trap, and no cell
/// outside the area may change.
@Suite("Widget random data")
struct WidgetRandomDataTests {
  private static let specials: [Double] = [
    .nan, .infinity, -.infinity, 0, -0.0, 1e308, -1e308, .leastNonzeroMagnitude,
    .greatestFiniteMagnitude,
  ]

  private func value(_ generator: inout SplitMix64) -> Double {
    if Int.random(in: 0..<4, using: &generator) == 0 {
      return Self.specials.randomElement(using: &generator)!
    }
    return Double.random(in: -1000...1000, using: &generator)
  }

  private func values(_ count: Int, _ generator: inout SplitMix64) -> [Double] {
    (0..<count).map { _ in value(&generator) }
  }

  private func label(_ generator: inout SplitMix64) -> String {
    String(repeating: "é", count: Int.random(in: 0...12, using: &generator))
  }

  private func widget(_ kind: Int, _ generator: inout SplitMix64) -> any CellWidget {
    let count = Int.random(in: 0...6, using: &generator)
    switch kind {
    case 0:
      let series = (0..<Int.random(in: 0...3, using: &generator)).map { _ in
        BarSeries(name: label(&generator), values: values(count, &generator))
      }
      return BarChart(
        categories: (0..<count).map { _ in label(&generator) }, series: series,
        scale: Bool.random(using: &generator) ? .linear : .logarithmic)
    case 1:
      return Table(
        columns: (0..<count).map { _ in
          let alignment: ColumnAlignment = Bool.random(using: &generator) ? .left : .right
          return TableColumn(label(&generator), alignment: alignment)
        },
        rows: (0..<count).map { _ in (0..<count).map { _ in label(&generator) } },
        highlightedRow: Int.random(in: -2...8, using: &generator))
    case 2:
      let grid = (0..<count).map { _ in
        values(Int.random(in: 0...5, using: &generator), &generator)
      }
      return HeatMap(
        content: .values(grid), rowLabels: [label(&generator)], columnLabels: [label(&generator)],
        showsValues: Bool.random(using: &generator), usesColor: Bool.random(using: &generator))
    case 3:
      let grid = (0..<count).map { _ in
        (0..<count).map { _ in Int.random(in: -3...20, using: &generator) }
      }
      return HeatMap(content: .classes(grid), showsValues: Bool.random(using: &generator),
        classNames: [label(&generator)])
    case 4:
      let points = (0..<count * 3).map { _ in
        ScatterPoint(x: value(&generator), y: value(&generator),
          classIndex: Int.random(in: -1...10, using: &generator))
      }
      return ScatterPlot(
        points: points, marker: Bool.random(using: &generator) ? .braille : .glyphs,
        classNames: [label(&generator)], showsIdentityLine: Bool.random(using: &generator))
    case 5:
      let width = Int.random(in: 0...5, using: &generator)
      let height = Int.random(in: 0...5, using: &generator)
      return HalfBlockImage(width: width, height: height,
        channels: values(width * height * 3, &generator).map { $0 / 500 },
        usesColor: Bool.random(using: &generator))
    default:
      return ProgressBar(fraction: value(&generator) / 500, label: label(&generator))
    }
  }

  @Test(arguments: 0..<7)
  func randomCasesStayInArea(kind: Int) {
    var generator = SplitMix64(state: UInt64(kind))
    for _ in 0..<1000 {
      let widget = widget(kind, &generator)
      let area = Rect(
        x: Int.random(in: -4...14, using: &generator),
        y: Int.random(in: -4...10, using: &generator),
        width: Int.random(in: 0...30, using: &generator),
        height: Int.random(in: 0...12, using: &generator))
      let glyphs: GlyphSet = Bool.random(using: &generator) ? .unicode : .ascii
      var buffer = CellBuffer(width: 16, height: 10, filling: Cell("·"))
      widget.draw(into: &buffer, in: area, glyphs: glyphs)
      #expect(buffer.isUntouched(outside: area), "\(widget) in \(area)")
    }
  }
}

import Testing

@testable import LabCharts

@Suite("ProgressBar")
struct ProgressBarTests {
  private func rows(_ bar: ProgressBar, width: Int, glyphs: GlyphSet = .unicode) -> [String] {
    renderedBuffer(width: width, height: 1) { buffer in
      bar.draw(into: &buffer, in: buffer.bounds, glyphs: glyphs)
    }.textRows
  }

  @Test func unicodeEighthEnd() {
    let bar = ProgressBar(fraction: 0.45, label: "timing")
    #expect(rows(bar, width: 24) == ["timing █████▍░░░░░░  45%"])
  }

  @Test func asciiBracketed() {
    let bar = ProgressBar(fraction: 0.45, label: "timing")
    #expect(rows(bar, width: 24, glyphs: .ascii) == ["timing [#####.....]  45%"])
  }

  @Test func labelCut() {
    let bar = ProgressBar(fraction: 0.5, label: "background")
    #expect(rows(bar, width: 16) == ["backgr… █▌░  50%"])
    #expect(rows(bar, width: 16, glyphs: .ascii) == ["backgr~ [#]  50%"])
  }

  @Test func labelDroppedWhenNarrow() {
    let bar = ProgressBar(fraction: 1, label: "timing")
    #expect(rows(bar, width: 10) == ["█████ 100%"])
  }

  @Test func percentOnlyBelowEight() {
    let bar = ProgressBar(fraction: 0.42)
    #expect(rows(bar, width: 7) == ["42%    "])
    #expect(rows(bar, width: 2) == ["42"])
  }

  @Test(arguments: [
    (0.29, " 29%"), (0.999, " 99%"), (1, "100%"), (0, "  0%"), (-1, "  0%"), (2, "100%"),
    (Double.nan, " --%"), (Double.infinity, " --%"),
  ])
  func percentText(fraction: Double, expected: String) {
    #expect(ProgressBar(fraction: fraction).percentText == expected)
  }

  @Test func nonFiniteEmptyBar() {
    #expect(rows(ProgressBar(fraction: .nan), width: 10) == ["░░░░░  --%"])
    #expect(rows(ProgressBar(fraction: -.infinity), width: 10, glyphs: .ascii) == ["[...]  --%"])
  }

  @Test func filledStyleOnly() {
    let style = CellStyle(foreground: .green)
    let buffer = renderedBuffer(width: 10, height: 1) { buffer in
      ProgressBar(fraction: 0.4, style: style).draw(into: &buffer, in: buffer.bounds,
        glyphs: .unicode)
    }
    #expect(buffer.row(0) == "██░░░  40%")
    #expect(buffer[1, 0].style == style)
    #expect(buffer[2, 0].style == .dim)
  }

  @Test func drawsOnlyTopRowOfArea() {
    let area = Rect(x: 1, y: 1, width: 10, height: 2)
    let buffer = renderedBuffer(width: 12, height: 4) { buffer in
      ProgressBar(fraction: 0.4).draw(into: &buffer, in: area, glyphs: .ascii)
    }
    #expect(buffer.textRows == [
      "············",
      "·[#..]  40%·",
      "·          ·",
      "············",
    ])
  }
}

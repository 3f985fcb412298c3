import Testing

@testable import LabCharts

/// The glyphs that keep series, classes and values apart without colour.
@Suite("Widget glyphs")
struct WidgetGlyphTests {
  @Test func barFillsDistinct() {
    #expect(Set((0..<4).map { GlyphSet.unicode.barFill($0) }).count == 4)
    #expect(Set((0..<8).map { GlyphSet.ascii.barFill($0) }).count == 8)
    #expect(GlyphSet.ascii.barFill(0) == "#")
    #expect(GlyphSet.ascii.barFill(1) == "=")
  }

  @Test func classGlyphsDistinct() {
    for glyphs in [GlyphSet.unicode, .ascii] {
      #expect(Set((0..<8).map { glyphs.classGlyph($0) }).count == 8)
      #expect(glyphs.classGlyph(8) == glyphs.classGlyph(0))
      #expect(glyphs.classGlyph(-1) == glyphs.classGlyph(7))
    }
    #expect((0..<6).map { GlyphSet.unicode.classGlyph($0) } == ["●", "○", "■", "□", "▲", "△"])
  }

  @Test func classColoursDistinct() {
    let colors = (0..<7).map { ClassPalette.color($0) }
    #expect(Set(colors).count == 7)
    #expect(!colors.contains(.none))
  }

  @Test func shadeRampEnds() {
    #expect(GlyphSet.unicode.shade(0) == " ")
    #expect(GlyphSet.unicode.shade(1) == "█")
    #expect(GlyphSet.ascii.shade(1) == "@")
    #expect(GlyphSet.ascii.shade(.nan) == " ")
    #expect(GlyphSet.unicode.shade(0.5) == "▒")
    #expect(GlyphSet.ascii.shadeRamp.count == 10)
  }

  @Test func monochromeQuartersDistinct() {
    let styles = [0.1, 0.3, 0.6, 0.9].map(HeatMap.monochromeStyle)
    #expect(Set(styles).count == 4)
  }

  @Test func identityLineDotsKeptUnderPoint() {
    let plot = ScatterPlot(
      points: [ScatterPoint(x: 0, y: 0, classIndex: 1), ScatterPoint(x: 1, y: 1)],
      marker: .braille, showsIdentityLine: true)
    var buffer = CellBuffer(width: 10, height: 6)
    plot.draw(into: &buffer, in: buffer.bounds, glyphs: .unicode)
    #expect(buffer.textRows == [
      "          ",
      "  1┤    ⡠⠊",
      "0.5┤  ⡠⠊  ",
      "  0┤⡠⠊    ",
      "   └┬────┬",
      "    0 x  1",
    ])
    // The point at (0, 0) alone would be ⡀, and the line adds the dot beside it.
    #expect(buffer[4, 3].style.foreground == .red)
    #expect(buffer[5, 3].style == .dim)
  }
}

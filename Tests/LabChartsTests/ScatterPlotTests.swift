import Testing

@testable import LabCharts

@Suite("ScatterPlot")
struct ScatterPlotTests {
  private let twoClasses = ScatterPlot(
    points: [
      ScatterPoint(x: 0, y: 0, classIndex: 0), ScatterPoint(x: 1, y: 2, classIndex: 0),
      ScatterPoint(x: 3, y: 3, classIndex: 1), ScatterPoint(x: 2, y: 1, classIndex: 1),
    ],
    classNames: ["a", "b"])

  @Test func classGlyphsUnicode() {
    #expect(render(twoClasses, width: 16, height: 7).textRows == [
      "● a  ○ b        ",
      "y               ",
      "  3┤           ○",
      "1.5┤    ●  ○    ",
      "  0┤●           ",
      "   └┬──────────┬",
      "    0    x     3",
    ])
  }

  @Test func classGlyphsAscii() {
    #expect(render(twoClasses, width: 16, height: 7, glyphs: .ascii).textRows == [
      "o a  x b        ",
      "y               ",
      "  3+           x",
      "1.5+    o  x    ",
      "  0+o           ",
      "   ++----------+",
      "    0    x     3",
    ])
  }

  @Test func identityLine() {
    var plot = twoClasses
    plot.showsIdentityLine = true
    plot.points = [ScatterPoint(x: 0, y: 0, classIndex: 0), ScatterPoint(x: 3, y: 2, classIndex: 1)]
    #expect(render(plot, width: 14, height: 7, glyphs: .ascii).textRows == [
      "o a  x b      ",
      "y             ",
      "  3+       ...",
      "1.5+   ....  x",
      "  0+o..       ",
      "   ++--------+",
      "    0   x    3",
    ])
    let unicode = render(plot, width: 14, height: 7)
    #expect(unicode[13, 2].style == .dim)
    #expect(unicode[4, 4].character == "●")
  }

  @Test func brailleDotsByClass() {
    let plot = ScatterPlot(
      points: [ScatterPoint(x: 0, y: 0, classIndex: 2), ScatterPoint(x: 1, y: 1)],
      marker: .braille)
    let buffer = render(plot, width: 10, height: 6)
    #expect(buffer.textRows == [
      "          ",
      "  1┤     ⠈",
      "0.5┤      ",
      "  0┤⡀     ",
      "   └┬────┬",
      "    0 x  1",
    ])
    #expect(buffer[4, 3].style.foreground == .green)
    #expect(buffer[9, 1].style == .plain)
  }

  @Test func nonFiniteCounted() {
    let plot = ScatterPlot(points: [
      ScatterPoint(x: 0, y: 1), ScatterPoint(x: .nan, y: 1), ScatterPoint(x: 1, y: .infinity),
      ScatterPoint(x: 1, y: 0),
    ])
    #expect(plot.nonFiniteCount == 2)
    let rows = render(plot, width: 16, height: 6).textRows
    #expect(rows[0] == "2 non-finite    ")
    #expect(rows[1] == "  1┤●           ")
    #expect(rows[3] == "  0┤           ●")
  }

  @Test func noFinitePoint() {
    let plot = ScatterPlot(points: [ScatterPoint(x: .nan, y: .nan)])
    #expect(render(plot, width: 14, height: 3).textRows == [
      "1 non-finite  ", " no data yet  ", "              ",
    ])
  }
}

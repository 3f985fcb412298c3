import Testing

@testable import LabCharts

@Suite("HeatMap")
struct HeatMapTests {
  private let confusion = HeatMap(
    content: .values([[42, 3], [5, 50]]), rowLabels: ["cat", "dog"],
    columnLabels: ["cat", "dog"], showsValues: true, usesColor: false)

  @Test func confusionMatrixRows() {
    #expect(render(confusion, width: 12, height: 4).textRows == [
      "    cat dog ",
      "cat  42   3 ",
      "dog   5  50 ",
      "░▒▓█ 3–50   ",
    ])
    #expect(render(confusion, width: 12, height: 4, glyphs: .ascii).row(3) == ".:-=+*#%@ 3.")
  }

  @Test func monochromeNumbersByQuarter() {
    let buffer = render(confusion, width: 12, height: 4)
    #expect(buffer[5, 1].style == CellStyle(isBold: true, isReverse: true))
    #expect(buffer[4, 1].style == CellStyle(isBold: true, isReverse: true))
    #expect(buffer[7, 1].style == .dim)
    #expect(buffer[10, 2].style == CellStyle(isBold: true, isReverse: true))
    #expect(HeatMap.monochromeStyle(0.3) == .plain)
    #expect(HeatMap.monochromeStyle(0.6) == .bold)
  }

  @Test func colourNumbersContrast() {
    var map = confusion
    map.usesColor = true
    let buffer = render(map, width: 12, height: 4)
    let high = buffer[5, 1].style
    #expect(high.rgbBackground == ColorRamp.viridis.color(at: 39.0 / 47))
    #expect(high.rgbForeground == .black)
    #expect(buffer[7, 1].style.rgbBackground == ColorRamp.viridis.color(at: 0))
    #expect(buffer[7, 1].style.rgbForeground == .white)
  }

  @Test func fieldShades() {
    let map = HeatMap(content: .values([[0, 1], [2, 3]]), usesColor: false)
    #expect(render(map, width: 8, height: 3).textRows == [
      "    ░░░░",
      "▓▓▓▓████",
      "░▒▓█ 0–3",
    ])
    #expect(render(map, width: 10, height: 3, glyphs: .ascii).textRows == [
      "     -----",
      "*****@@@@@",
      ".:-=+*#%@ ",
    ])
  }

  @Test func fieldColourBothLayers() {
    let map = HeatMap(content: .values([[0, 1]]))
    let buffer = render(map, width: 2, height: 1)
    let top = ColorRamp.viridis.color(at: 1)
    #expect(buffer.row(0) == " █")
    #expect(buffer[1, 0].style == CellStyle(rgbForeground: top, rgbBackground: top))
  }

  @Test func nonFiniteGapsCounted() {
    let map = HeatMap(content: .values([[.nan, 1], [2, .infinity]]), usesColor: false)
    #expect(map.nonFiniteCount == 2)
    #expect(render(map, width: 20, height: 3).textRows == [
      "                    ",
      "██████████          ",
      "░▒▓█ 1–2, 2 non-fini",
    ])
  }

  @Test func allNonFinite() {
    let map = HeatMap(content: .values([[.nan]]), showsValues: true)
    #expect(render(map, width: 14, height: 2).textRows == [" nan          ", "1 non-finite  "])
  }

  @Test func fixedRangeClamps() {
    let map = HeatMap(content: .values([[-5, 0.5, 9]]), valueRange: 0...1, usesColor: false)
    #expect(render(map, width: 3, height: 1).row(0) == " ▒█")
  }

  @Test func classMap() {
    let map = HeatMap(content: .classes([[0, 1], [1, -1]]), classNames: ["a", "b"])
    let buffer = render(map, width: 8, height: 3)
    #expect(buffer.textRows == ["●●●●○○○○", "○○○○    ", "● a  ○ b"])
    #expect(render(map, width: 8, height: 3, glyphs: .ascii).textRows == [
      "ooooxxxx", "xxxx    ", "o a  x b",
    ])
    #expect(buffer[0, 0].style.foreground == .blue)
    #expect(buffer[4, 0].style.foreground == .red)
    #expect(buffer[7, 2].style.foreground == .none)
  }

  @Test func raggedRowsAreGaps() {
    let map = HeatMap(content: .values([[1, 2, 3], [4]]), usesColor: false)
    #expect(render(map, width: 3, height: 3).textRows == [" ░▓", "█  ", "░▒▓"])
  }
}

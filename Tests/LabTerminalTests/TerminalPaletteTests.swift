import CNcursesw
import LabCharts
import Testing

@testable import LabTerminal

@Suite("TerminalPalette")
struct TerminalPaletteTests {
  let monochrome = TerminalPalette(colorCount: nil)
  let eightColors = TerminalPalette(colorCount: 8)
  let manyColors = TerminalPalette(colorCount: 256)

  @Test("monochrome keeps bold, reverse and dim")
  func monochromeAttributes() {
    let style = CellStyle(foreground: .red, isBold: true, isReverse: true, isDim: true)
    let (attributes, pair) = monochrome.attributes(for: style)
    #expect(pair == 0)
    #expect(attributes & _losslab_a_bold() != 0)
    #expect(attributes & _losslab_a_reverse() != 0)
    #expect(attributes & _losslab_a_dim() != 0)
  }

  @Test("plain style has no attributes")
  func plainStyle() {
    for palette in [monochrome, eightColors, manyColors] {
      let (attributes, pair) = palette.attributes(for: .plain)
      #expect(attributes == _losslab_a_normal())
      #expect(pair == 0)
    }
  }

  @Test("each colour has its own pair", arguments: CellColor.allCases)
  func colorPair(color: CellColor) {
    let (_, pair) = eightColors.attributes(for: CellStyle(foreground: color))
    #expect(pair == Int16(color.rawValue))
    #expect(TerminalPalette.pairNumber(for: color) == pair)
  }

  @Test("pair numbers are distinct and fit the pair count")
  func pairNumbersDistinct() {
    let pairs = Set(CellColor.allCases.map(TerminalPalette.pairNumber(for:)))
    #expect(pairs.count == CellColor.allCases.count)
    #expect(pairs.max()! < Int16(TerminalPalette.requiredPairCount))
    #expect(TerminalPalette.pairNumber(for: .none) == 0)
  }

  @Test("gray is dim white with eight colours")
  func grayWithEightColors() {
    let (attributes, _) = eightColors.attributes(for: CellStyle(foreground: .gray))
    #expect(attributes & _losslab_a_dim() != 0)
    #expect(eightColors.foregroundColor(for: .gray) == Int16(COLOR_WHITE))
  }

  @Test("gray is colour 8 with sixteen or more")
  func grayWithManyColors() {
    let (attributes, _) = manyColors.attributes(for: CellStyle(foreground: .gray))
    #expect(attributes & _losslab_a_dim() == 0)
    #expect(manyColors.foregroundColor(for: .gray) == 8)
    #expect(TerminalPalette(colorCount: 16).foregroundColor(for: .gray) == 8)
  }

  @Test("gray stays dim without colour")
  func grayWithoutColor() {
    let (attributes, pair) = monochrome.attributes(for: CellStyle(foreground: .gray))
    #expect(attributes & _losslab_a_dim() != 0)
    #expect(pair == 0)
  }

  @Test("foreground colours match curses constants")
  func foregroundColors() {
    #expect(manyColors.foregroundColor(for: .none) == nil)
    #expect(manyColors.foregroundColor(for: .red) == Int16(COLOR_RED))
    #expect(manyColors.foregroundColor(for: .green) == Int16(COLOR_GREEN))
    #expect(manyColors.foregroundColor(for: .yellow) == Int16(COLOR_YELLOW))
    #expect(manyColors.foregroundColor(for: .blue) == Int16(COLOR_BLUE))
    #expect(manyColors.foregroundColor(for: .magenta) == Int16(COLOR_MAGENTA))
    #expect(manyColors.foregroundColor(for: .cyan) == Int16(COLOR_CYAN))
    #expect(manyColors.foregroundColor(for: .white) == Int16(COLOR_WHITE))
  }
}

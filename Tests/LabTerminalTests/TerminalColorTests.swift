import CNcursesw
import Glibc
import LabCharts
import Testing

@testable import LabTerminal

@Suite("24-bit colours in the palette")
struct TerminalRGBPaletteTests {
  let orange = RGBColor(red: 255, green: 128, blue: 0)

  @Test("depth follows the colour count")
  func depth() {
    #expect(TerminalPalette(colorCount: nil).rgbDepth == .none)
    #expect(TerminalPalette(colorCount: 8).rgbDepth == .none)
    #expect(TerminalPalette(colorCount: 88).rgbDepth == .none)
    #expect(TerminalPalette(colorCount: 256).rgbDepth == .indexed256)
    #expect(TerminalPalette(colorCount: 1 << 24).rgbDepth == .direct)
  }

  @Test("256 colours take the nearest xterm index")
  func indexed() {
    let palette = TerminalPalette(colorCount: 256)
    #expect(palette.colorNumber(for: orange) == Int32(orange.xterm256Index))
    #expect(palette.colorNumber(for: orange) == 208)
    #expect(palette.colorNumber(for: RGBColor(red: 128, green: 128, blue: 128)) == 244)
  }

  @Test("direct colour is the value, kept off the ANSI numbers")
  func direct() {
    let palette = TerminalPalette(colorCount: 1 << 24)
    #expect(palette.colorNumber(for: orange) == 0xFF8000)
    #expect(palette.colorNumber(for: .black) == 8)
    #expect(palette.colorNumber(for: .white) == 0xFFFFFF)
  }

  @Test("fewer colours fall back to the palette pair")
  func fallback() {
    let style = CellStyle(foreground: .red, rgbForeground: orange)
    #expect(TerminalPalette(colorCount: 8).rgbColors(for: style) == nil)
    #expect(TerminalPalette(colorCount: nil).rgbColors(for: style) == nil)
    #expect(TerminalPalette(colorCount: 256).rgbColors(for: CellStyle(foreground: .red)) == nil)
  }

  @Test("a side without a 24-bit colour keeps its palette colour or the default")
  func mixedSides() {
    let palette = TerminalPalette(colorCount: 256, defaultForeground: -1, defaultBackground: -1)
    let text = palette.rgbColors(for: CellStyle(rgbForeground: orange))
    #expect(text?.foreground == 208)
    #expect(text?.background == -1)
    let cell = palette.rgbColors(for: CellStyle(foreground: .green, rgbBackground: orange))
    #expect(cell?.foreground == Int32(COLOR_GREEN))
    #expect(cell?.background == 208)
    let blackBackground = TerminalPalette(
      colorCount: 256, defaultForeground: COLOR_WHITE, defaultBackground: COLOR_BLACK)
    let plain = blackBackground.rgbColors(for: CellStyle(rgbBackground: orange))
    #expect(plain?.foreground == COLOR_WHITE)
    #expect(plain?.background == 208)
  }
}

@Suite("ColorPairTable")
struct ColorPairTableTests {
  @Test("a combination keeps its pair and new ones take the next number")
  func reuse() {
    var table = ColorPairTable(firstPair: 9, pairLimit: 100)
    var defined: [[Int32]] = []
    let define = { (pair: Int32, foreground: Int32, background: Int32) -> Bool in
      defined.append([pair, foreground, background])
      return true
    }
    #expect(table.pair(foreground: 208, background: -1, define: define) == 9)
    #expect(table.pair(foreground: 33, background: -1, define: define) == 10)
    #expect(table.pair(foreground: 208, background: -1, define: define) == 9)
    #expect(table.pair(foreground: 208, background: 16, define: define) == 11)
    #expect(defined == [[9, 208, -1], [10, 33, -1], [11, 208, 16]])
  }

  @Test("no pair past the limit, and the palette pairs are never used")
  func limit() {
    var table = ColorPairTable(firstPair: 9, pairLimit: 11)
    let accept = { (_: Int32, _: Int32, _: Int32) in true }
    #expect(table.pair(foreground: 1, background: -1, define: accept) == 9)
    #expect(table.pair(foreground: 2, background: -1, define: accept) == 10)
    #expect(table.pair(foreground: 3, background: -1, define: accept) == nil)
    #expect(table.pair(foreground: 1, background: -1, define: accept) == 9)
    var none = ColorPairTable(firstPair: 9, pairLimit: 0)
    #expect(none.pair(foreground: 1, background: -1, define: accept) == nil)
  }

  @Test("a failed definition leaves the number free")
  func failedDefinition() {
    var table = ColorPairTable(firstPair: 9, pairLimit: 100)
    #expect(table.pair(foreground: 1, background: -1) { _, _, _ in false } == nil)
    #expect(table.pair(foreground: 2, background: -1) { _, _, _ in true } == 9)
  }
}

extension ProcessStateTests {
  @Suite("Terminal colours")
  struct TerminalColorDrawingTests {
    static func open(on pty: PseudoTerminal, environment: [String: String]) throws -> Terminal {
      let base = ["TERM": "xterm-256color", "LANG": "C.UTF-8"]
      let options = TerminalOptions(environment: base.merging(environment) { $1 })
      let streams = TerminalStreams(
        input: pty.input, output: pty.output, capturesStandardError: false)
      return try Terminal.open(options: options, streams: streams)
    }

    /// Returns the extended pair of a drawn cell and that pair's colours.
    static func cellColors(_ terminal: Terminal, x: Int, y: Int)
      -> (pair: Int32, foreground: Int32, background: Int32)
    {
      var cell = cchar_t()
      _ = mvwin_wch(terminal.window, Int32(y), Int32(x), &cell)
      var characters = [wchar_t](repeating: 0, count: 8)
      var attributes: attr_t = 0
      var shortPair: Int16 = 0
      var pair: Int32 = 0
      _ = getcchar(&cell, &characters, &attributes, &shortPair, &pair)
      var foreground: Int32 = 0
      var background: Int32 = 0
      _ = extended_pair_content(pair, &foreground, &background)
      return (pair, foreground, background)
    }

    static func drawSample(on terminal: Terminal, pty: PseudoTerminal) throws {
      var buffer = CellBuffer(width: 20, height: 5)
      let orange = RGBColor(red: 255, green: 128, blue: 0)
      buffer.write("o", x: 0, y: 0, style: CellStyle(foreground: .red, rgbForeground: orange))
      buffer.write("b", x: 1, y: 0, style: CellStyle(rgbBackground: RGBColor(
        red: 0, green: 0, blue: 255)))
      buffer.write("r", x: 2, y: 0, style: CellStyle(foreground: .red))
      try terminal.draw(buffer)
      pty.discardOutput()
    }

    @Test("256 colours draw 24-bit cells in their own pairs")
    func indexedColors() throws {
      let pty = try PseudoTerminal(columns: 20, rows: 5)
      let terminal = try Self.open(on: pty, environment: [:])
      defer { terminal.close() }
      try Self.drawSample(on: terminal, pty: pty)

      let orange = Self.cellColors(terminal, x: 0, y: 0)
      #expect(orange.pair >= Int32(TerminalPalette.requiredPairCount))
      #expect(orange.foreground == 208)
      #expect(orange.background == terminal.palette.defaultBackground)
      let blue = Self.cellColors(terminal, x: 1, y: 0)
      #expect(blue.pair != orange.pair)
      #expect(blue.background == 21)
      let red = Self.cellColors(terminal, x: 2, y: 0)
      #expect(red.pair == Int32(TerminalPalette.pairNumber(for: .red)))
    }

    @Test("8 colours keep the palette colour")
    func fewColors() throws {
      let pty = try PseudoTerminal(columns: 20, rows: 5)
      let terminal = try Self.open(on: pty, environment: ["TERM": "xterm"])
      defer { terminal.close() }
      try Self.drawSample(on: terminal, pty: pty)
      #expect(Self.cellColors(terminal, x: 0, y: 0).pair
        == Int32(TerminalPalette.pairNumber(for: .red)))
      #expect(Self.cellColors(terminal, x: 1, y: 0).pair == 0)
    }

    @Test("NO_COLOR draws 24-bit cells plain")
    func noColor() throws {
      let pty = try PseudoTerminal(columns: 20, rows: 5)
      let terminal = try Self.open(on: pty, environment: ["NO_COLOR": "1"])
      defer { terminal.close() }
      try Self.drawSample(on: terminal, pty: pty)
      #expect(Self.cellColors(terminal, x: 0, y: 0).pair == 0)
      #expect(Self.cellColors(terminal, x: 1, y: 0).pair == 0)
    }
  }
}

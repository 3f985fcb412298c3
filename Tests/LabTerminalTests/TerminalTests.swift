import CNcursesw
import Glibc
import LabCharts
import Testing

@testable import LabTerminal

/// Tests that change state shared by the whole process: the ncurses screen and
/// terminal description, signal dispositions and descriptor 2. The trait makes the
/// nested suites run one test at a time, so no two of them see each other's state.
///
/// Opening a terminal installs the SIGINT, SIGTERM and SIGHUP handlers in the test
/// process. After these tests, a first Ctrl-C is only recorded, and a second one ends
/// `swift test`.
@Suite(.serialized)
enum ProcessStateTests {}

extension ProcessStateTests {
  @Suite("Terminal")
  struct TerminalTests {
    static let headlessHint =
      "the lab needs a full-screen terminal. Without one, use the headless commands: "
      + "losslab list, losslab run SCENARIO, losslab replay SCENARIO"

    static func options(_ environment: [String: String] = [:]) -> TerminalOptions {
      let base = ["TERM": "xterm-256color", "LANG": "C.UTF-8"]
      return TerminalOptions(environment: base.merging(environment) { $1 })
    }

    /// Opens a terminal on `pty`, leaving the test process's standard error alone.
    static func open(
      on pty: PseudoTerminal, environment: [String: String] = [:]
    ) throws -> Terminal {
      let streams = TerminalStreams(
        input: pty.input, output: pty.output, capturesStandardError: false)
      return try Terminal.open(options: options(environment), streams: streams)
    }

    // MARK: Terminal type

    @Test("dumb terminal is rejected")
    func dumbTerminalRejected() {
      #expect {
        try Terminal.open(options: Self.options(["TERM": "dumb"]))
      } throws: { error in
        (error as? TerminalError)?.message
          == "terminal type 'dumb' cannot address the cursor; " + Self.headlessHint
      }
    }

    @Test("unknown terminal type is rejected")
    func unknownTerminalRejected() {
      #expect {
        try Terminal.open(options: Self.options(["TERM": "losslab-no-such-terminal"]))
      } throws: { error in
        guard let message = (error as? TerminalError)?.message else { return false }
        return message.hasPrefix("setupterm failed: ")
          && message.contains("'losslab-no-such-terminal'")
          && message.hasSuffix(Self.headlessHint)
      }
    }

    @Test("missing TERM is rejected")
    func missingTerminalTypeRejected() {
      let options = TerminalOptions(environment: ["LANG": "C.UTF-8"])
      #expect {
        try Terminal.open(options: options)
      } throws: { error in
        guard let message = (error as? TerminalError)?.message else { return false }
        return message.hasPrefix("TERM is not set") && message.contains("headless commands")
      }
    }

    @Test("addressable terminal type passes")
    func addressableTerminalAccepted() throws {
      try TerminalRequirements.checkTerminalType("xterm-256color")
      try TerminalRequirements.checkTerminalType("vt100")
      #expect(_losslab_cur_term() == nil)
    }

    static let streamCases: [(input: Bool, output: Bool, message: String?)] = [
      (true, true, nil),
      (false, true, "standard input is not a terminal"),
      (true, false, "standard output is not a terminal"),
      (false, false, "standard input and standard output are not terminals"),
    ]

    @Test("non-terminal streams are named", arguments: streamCases)
    func nonTerminalStreams(input: Bool, output: Bool, message: String?) {
      do {
        try TerminalRequirements.checkStandardStreams(
          inputIsTerminal: input, outputIsTerminal: output)
        #expect(message == nil)
      } catch {
        #expect(message != nil)
        #expect(error.message.hasPrefix(message ?? "(no error expected)"))
        #expect(error.message.hasSuffix(Self.headlessHint))
      }
    }

    // MARK: Modes

    @Test("open sets cbreak and close restores modes")
    func terminalModes() throws {
      let pty = try PseudoTerminal(columns: 20, rows: 5)
      let before = pty.localModes()
      #expect(before & tcflag_t(ECHO) != 0)
      #expect(before & tcflag_t(ICANON) != 0)

      let terminal = try Self.open(on: pty)
      let during = pty.localModes()
      #expect(during & tcflag_t(ECHO) == 0)
      #expect(during & tcflag_t(ICANON) == 0)
      #expect(during & tcflag_t(ISIG) != 0, "cbreak, not raw: Ctrl-C must raise SIGINT")

      terminal.close()
      pty.discardOutput()
      let after = pty.localModes()
      #expect(after & tcflag_t(ECHO) != 0)
      #expect(after & tcflag_t(ICANON) != 0)
      #expect(after & tcflag_t(ISIG) != 0)
    }

    @Test("close twice is harmless")
    func closeTwice() throws {
      let pty = try PseudoTerminal(columns: 20, rows: 5)
      let terminal = try Self.open(on: pty)
      terminal.close()
      terminal.close()
      #expect(terminal.readKey(timeoutMilliseconds: 0) == nil)
      #expect(throws: TerminalError.self) { try terminal.draw(CellBuffer(width: 1, height: 1)) }
    }

    @Test("second open is rejected while one is open")
    func secondOpenRejected() throws {
      let pty = try PseudoTerminal(columns: 20, rows: 5)
      let terminal = try Self.open(on: pty)
      defer { terminal.close() }
      #expect(throws: TerminalError.self) { try Self.open(on: pty) }
    }

    @Test("size comes from the terminal")
    func size() throws {
      let pty = try PseudoTerminal(columns: 20, rows: 5)
      let terminal = try Self.open(on: pty)
      defer { terminal.close() }
      #expect(terminal.width == 20)
      #expect(terminal.height == 5)
    }

    // MARK: Locale and colour

    @Test("glyphs follow locale and TERM")
    func glyphs() throws {
      let pty = try PseudoTerminal(columns: 20, rows: 5)
      let cases: [([String: String], Bool)] = [
        ([:], true), (["LC_ALL": "C"], false), (["TERM": "linux"], false),
      ]
      for (environment, isUnicode) in cases {
        let terminal = try Self.open(on: pty, environment: environment)
        #expect(terminal.glyphs.isUnicode == isUnicode, "environment \(environment)")
        terminal.close()
        pty.discardOutput()
      }
    }

    @Test("colour follows NO_COLOR and terminal type")
    func colorUse() throws {
      let pty = try PseudoTerminal(columns: 20, rows: 5)
      let cases: [([String: String], Bool)] = [
        ([:], true), (["NO_COLOR": ""], true), (["NO_COLOR": "1"], false),
        (["TERM": "xterm-mono"], false),
      ]
      for (environment, usesColor) in cases {
        let terminal = try Self.open(on: pty, environment: environment)
        #expect(terminal.usesColor == usesColor, "environment \(environment)")
        terminal.close()
        pty.discardOutput()
      }
    }

    // MARK: Drawing

    @Test("draw clips and fills bottom-right cell")
    func drawClips() throws {
      let pty = try PseudoTerminal(columns: 20, rows: 5)
      let terminal = try Self.open(on: pty)
      defer { terminal.close() }
      var buffer = CellBuffer(width: 25, height: 7, filling: Cell("."))
      buffer.write("top row ⣿⡇ and more text", x: 0, y: 0)
      buffer.write("#", x: 19, y: 4)

      try terminal.draw(buffer)
      pty.discardOutput()

      #expect(Self.screenRow(terminal, 0) == "top row ⣿⡇ and more ")
      #expect(Self.screenRow(terminal, 1) == String(repeating: ".", count: 20))
      #expect(Self.screenRow(terminal, 4) == String(repeating: ".", count: 19) + "#")
    }

    @Test("draw leaves cells outside a small buffer blank")
    func drawSmallBuffer() throws {
      let pty = try PseudoTerminal(columns: 20, rows: 5)
      let terminal = try Self.open(on: pty)
      defer { terminal.close() }

      try terminal.draw(CellBuffer(width: 20, height: 5, filling: Cell("x")))
      try terminal.draw(CellBuffer(width: 3, height: 2, filling: Cell("y")))
      pty.discardOutput()

      #expect(Self.screenRow(terminal, 0) == "yyy" + String(repeating: " ", count: 17))
      #expect(Self.screenRow(terminal, 2) == String(repeating: " ", count: 20))
    }

    @Test("draw on a 1×1 terminal")
    func drawSingleCell() throws {
      let pty = try PseudoTerminal(columns: 1, rows: 1)
      let terminal = try Self.open(on: pty)
      defer { terminal.close() }
      #expect(terminal.width == 1)
      #expect(terminal.height == 1)

      try terminal.draw(CellBuffer(width: 40, height: 10, filling: Cell("z")))
      pty.discardOutput()
      #expect(Self.screenRow(terminal, 0) == "z")
    }

    @Test("draw applies attributes and pairs")
    func drawAttributes() throws {
      let pty = try PseudoTerminal(columns: 20, rows: 5)
      let terminal = try Self.open(on: pty)
      defer { terminal.close() }
      var buffer = CellBuffer(width: 20, height: 5)
      buffer.write("b", x: 0, y: 0, style: .bold)
      buffer.write("r", x: 1, y: 0, style: CellStyle(foreground: .red, isReverse: true))
      buffer.write("p", x: 2, y: 0)

      try terminal.draw(buffer)
      pty.discardOutput()

      let bold = Self.screenCell(terminal, x: 0, y: 0)
      #expect(bold.attributes & _losslab_a_bold() != 0)
      #expect(bold.pair == 0)
      let red = Self.screenCell(terminal, x: 1, y: 0)
      #expect(red.attributes & _losslab_a_reverse() != 0)
      #expect(red.pair == TerminalPalette.pairNumber(for: .red))
      let plain = Self.screenCell(terminal, x: 2, y: 0)
      #expect(plain.attributes & (_losslab_a_bold() | _losslab_a_reverse()) == 0)
    }

    @Test("NO_COLOR keeps bold and drops pairs")
    func drawWithoutColor() throws {
      let pty = try PseudoTerminal(columns: 20, rows: 5)
      let terminal = try Self.open(on: pty, environment: ["NO_COLOR": "1"])
      defer { terminal.close() }
      var buffer = CellBuffer(width: 20, height: 5)
      buffer.write("x", x: 0, y: 0, style: CellStyle(foreground: .green, isBold: true))

      try terminal.draw(buffer)
      pty.discardOutput()

      let cell = Self.screenCell(terminal, x: 0, y: 0)
      #expect(cell.attributes & _losslab_a_bold() != 0)
      #expect(cell.pair == 0)
    }

    // MARK: Input

    @Test("keys decode from terminal input")
    func readKeys() throws {
      let pty = try PseudoTerminal(columns: 20, rows: 5)
      let terminal = try Self.open(on: pty)
      defer { terminal.close() }
      pty.discardOutput()

      let inputs: [(bytes: String, key: TerminalKey)] = [
        ("\u{1B}OA", .up), ("\u{1B}OB", .down), ("\r", .enter), ("\t", .tab),
        ("\u{1B}[Z", .backTab), ("\u{7F}", .backspace), ("\u{1B}[3~", .delete),
        ("\u{1B}OP", .function(1)), ("\u{1B}[15~", .function(5)), ("é", .character("é")),
        ("⣿", .character("⣿")), ("q", .character("q")),
      ]
      for (bytes, key) in inputs {
        pty.type(bytes)
        let decoded = terminal.readKey(timeoutMilliseconds: 1000)
        #expect(decoded == key, "input \(bytes.debugDescription)")
      }
    }

    @Test("lone ESC arrives after the short delay")
    func loneEscape() throws {
      let pty = try PseudoTerminal(columns: 20, rows: 5)
      let terminal = try Self.open(on: pty)
      defer { terminal.close() }
      pty.discardOutput()

      pty.type("\u{1B}")
      let clock = ContinuousClock()
      var key: TerminalKey?
      let elapsed = clock.measure { key = terminal.readKey(timeoutMilliseconds: 2000) }
      #expect(key == .escape)
      // ncurses's own default would wait 1000 ms; 25 ms plus scheduling stays far below.
      #expect(elapsed < .milliseconds(500))
    }

    @Test("readKey times out with nil")
    func readKeyTimeout() throws {
      let pty = try PseudoTerminal(columns: 20, rows: 5)
      let terminal = try Self.open(on: pty)
      defer { terminal.close() }
      pty.discardOutput()
      #expect(terminal.readKey(timeoutMilliseconds: 20) == nil)
      #expect(terminal.readKey(timeoutMilliseconds: 0) == nil)
    }

    // MARK: Helpers

    /// Reads row `y` back from the ncurses screen with `mvwinnwstr`.
    static func screenRow(_ terminal: Terminal, _ y: Int) -> String {
      var characters = [wchar_t](repeating: 0, count: terminal.width + 1)
      _ = mvwinnwstr(terminal.window, Int32(y), 0, &characters, Int32(terminal.width))
      let scalars = characters.prefix { $0 != 0 }.compactMap { Unicode.Scalar(UInt32($0)) }
      return String(String.UnicodeScalarView(scalars))
    }

    /// Reads the attributes and pair of one cell back with `mvwin_wch` and `getcchar`.
    static func screenCell(_ terminal: Terminal, x: Int, y: Int)
      -> (attributes: attr_t, pair: Int16)
    {
      var cell = cchar_t()
      _ = mvwin_wch(terminal.window, Int32(y), Int32(x), &cell)
      var characters = [wchar_t](repeating: 0, count: 8)
      var attributes: attr_t = 0
      var pair: Int16 = 0
      _ = getcchar(&cell, &characters, &attributes, &pair, nil)
      return (attributes, pair)
    }
  }
}

import LabCharts
import Testing

@testable import LabTerminal

@Suite("TerminalOptions")
struct TerminalOptionsTests {
  static let glyphCases: [(term: String?, codeset: String, isUnicode: Bool)] = [
    ("xterm-256color", "UTF-8", true),
    ("xterm-256color", "utf8", true),
    ("screen", "UTF-8", true),
    (nil, "UTF-8", true),
    ("linux", "UTF-8", false),
    ("xterm-256color", "ANSI_X3.4-1968", false),
    ("xterm-256color", "ISO-8859-1", false),
    ("xterm-256color", "", false),
  ]

  @Test("glyph set follows codeset and TERM", arguments: glyphCases)
  func glyphSetChoice(term: String?, codeset: String, isUnicode: Bool) {
    var environment: [String: String] = [:]
    environment["TERM"] = term
    let glyphs = TerminalOptions(environment: environment).glyphs(codeset: codeset)
    #expect(glyphs == (isUnicode ? GlyphSet.unicode : GlyphSet.ascii))
  }

  static let colorCases: [(noColor: String?, hasColors: Bool, usesColor: Bool)] = [
    (nil, true, true),
    ("", true, true),
    ("1", true, false),
    ("0", true, false),
    ("yes", true, false),
    (nil, false, false),
    ("", false, false),
    ("1", false, false),
  ]

  @Test("colour follows NO_COLOR and has_colors", arguments: colorCases)
  func colorDecision(noColor: String?, hasColors: Bool, usesColor: Bool) {
    var environment = ["TERM": "xterm-256color"]
    environment["NO_COLOR"] = noColor
    let options = TerminalOptions(environment: environment)
    #expect(options.usesColor(terminalHasColors: hasColors) == usesColor)
  }

  static let escapeDelayCases: [(value: String?, milliseconds: Int32?)] = [
    (nil, 25), ("0", 0), ("10", 10), (" 100 ", 100), ("1000", 1000),
    ("", 25), ("fast", 25), ("-5", 25), ("99999999999", 25),
  ]

  @Test("ESC delay defaults to 25 ms unless ESCDELAY is set", arguments: escapeDelayCases)
  func escapeDelay(value: String?, milliseconds: Int32?) {
    var environment: [String: String] = [:]
    environment["ESCDELAY"] = value
    #expect(TerminalOptions(environment: environment).escapeDelayMilliseconds == milliseconds)
  }

  static let localeCases: [(environment: [String: String], name: String?)] = [
    ([:], nil),
    (["LANG": "C.UTF-8"], "C.UTF-8"),
    (["LANG": "C.UTF-8", "LC_CTYPE": "POSIX"], "POSIX"),
    (["LANG": "C.UTF-8", "LC_CTYPE": "POSIX", "LC_ALL": "C"], "C"),
    (["LANG": "C.UTF-8", "LC_ALL": ""], "C.UTF-8"),
    (["LC_MESSAGES": "C.UTF-8"], nil),
  ]

  @Test("locale name follows POSIX precedence", arguments: localeCases)
  func localeName(environment: [String: String], name: String?) {
    #expect(TerminalOptions(environment: environment).characterLocaleName == name)
  }

  @Test("empty TERM counts as unset")
  func emptyTerminalType() {
    #expect(TerminalOptions(environment: ["TERM": ""]).terminalType == nil)
    #expect(TerminalOptions(environment: [:]).terminalType == nil)
    #expect(TerminalOptions(environment: ["TERM": "xterm"]).terminalType == "xterm")
  }
}

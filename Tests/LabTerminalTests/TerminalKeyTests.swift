import CNcursesw
import Testing

@testable import LabTerminal

@Suite("TerminalKey")
struct TerminalKeyTests {
  /// Key codes that `wget_wch` returns with `KEY_CODE_YES`.
  static let keyCodes: [(code: Int32, key: TerminalKey?)] = [
    (KEY_UP, .up), (KEY_DOWN, .down), (KEY_LEFT, .left), (KEY_RIGHT, .right),
    (KEY_ENTER, .enter), (KEY_BTAB, .backTab), (KEY_BACKSPACE, .backspace),
    (KEY_DC, .delete), (KEY_HOME, .home), (KEY_END, .end),
    (KEY_PPAGE, .pageUp), (KEY_NPAGE, .pageDown), (_losslab_key_resize(), .resize),
    (KEY_F0 + 1, .function(1)), (KEY_F0 + 5, .function(5)), (KEY_F0 + 12, .function(12)),
    (KEY_F0 + 63, .function(63)), (KEY_F0, nil), (KEY_F0 + 64, nil), (KEY_MOUSE, nil),
  ]

  @Test("key codes decode", arguments: keyCodes)
  func keyCodeDecodes(code: Int32, key: TerminalKey?) {
    #expect(TerminalKey(wideCharacter: UInt32(code), isKeyCode: true) == key)
  }

  /// Characters that `wget_wch` returns with `OK`.
  static let characters: [(code: UInt32, key: TerminalKey?)] = [
    (0x0A, .enter), (0x0D, .enter), (0x09, .tab), (0x7F, .backspace), (0x08, .backspace),
    (0x1B, .escape), (0x71, .character("q")), (0x20, .character(" ")),
    (0xE9, .character("é")), (0x2847, .character("⡇")), (0x1F600, .character("😀")),
    (0x0C, .character("\u{0C}")), (0xD800, nil), (0x11_0000, nil),
  ]

  @Test("characters decode", arguments: characters)
  func characterDecodes(code: UInt32, key: TerminalKey?) {
    #expect(TerminalKey(wideCharacter: code, isKeyCode: false) == key)
  }

  @Test("character codes equal to key codes stay characters")
  func characterCodeIsNotKeyCode() {
    // U+0103 has the same number as KEY_UP (0403); only KEY_CODE_YES makes it a key.
    let code = UInt32(KEY_UP)
    #expect(TerminalKey(wideCharacter: code, isKeyCode: false) == .character("ă"))
  }
}

import CNcursesw

/// A key press, decoded from what ncurses `wget_wch` returns.
public enum TerminalKey: Equatable, Sendable {
  case up, down, left, right
  case enter, tab, backTab, escape, backspace, delete
  case home, end, pageUp, pageDown
  /// The terminal changed size; `Terminal.width` and `height` already show the new size.
  case resize
  /// A character, including control characters other than the ones named above
  /// (Ctrl-L arrives as U+000C).
  case character(Character)
  /// Function key F1 to F63.
  case function(Int)

  /// Decodes a `wget_wch` result: a key code when it returned `KEY_CODE_YES`, otherwise
  /// a character. Returns nil for codes the lab does not use (mouse events, keypad
  /// keys without a meaning here, invalid scalars).
  init?(wideCharacter code: UInt32, isKeyCode: Bool) {
    if isKeyCode {
      guard let key = Self.decodeKeyCode(Int32(truncatingIfNeeded: code)) else { return nil }
      self = key
    } else {
      guard let key = Self.decodeCharacter(code) else { return nil }
      self = key
    }
  }

  private static func decodeKeyCode(_ code: Int32) -> TerminalKey? {
    switch code {
    case KEY_UP: return .up
    case KEY_DOWN: return .down
    case KEY_LEFT: return .left
    case KEY_RIGHT: return .right
    case KEY_ENTER: return .enter
    case KEY_BTAB: return .backTab
    case KEY_BACKSPACE: return .backspace
    case KEY_DC: return .delete
    case KEY_HOME: return .home
    case KEY_END: return .end
    case KEY_PPAGE: return .pageUp
    case KEY_NPAGE: return .pageDown
    case _losslab_key_resize(): return .resize
    // ncurses numbers function keys KEY_F0 + n for n in 0...63; there is no F0 key.
    case (KEY_F0 + 1)...(KEY_F0 + 63): return .function(Int(code - KEY_F0))
    default: return nil
    }
  }

  private static func decodeCharacter(_ code: UInt32) -> TerminalKey? {
    switch code {
    // Enter arrives as CR when nonl() is in effect and as LF otherwise.
    case 0x0A, 0x0D: return .enter
    case 0x09: return .tab
    // Terminals send DEL (127) or BS (8) for the Backspace key, depending on stty erase.
    case 0x7F, 0x08: return .backspace
    // A lone ESC; ncurses has already waited ESCDELAY for the rest of a sequence.
    case 0x1B: return .escape
    default:
      guard let scalar = Unicode.Scalar(code) else { return nil }
      return .character(Character(scalar))
    }
  }
}

/// A key press the lab reacts to, independent of the terminal library.
public enum Key: Equatable, Sendable {
  case up, down, left, right, enter, tab, backTab, escape, backspace
  /// Scroll a page of text, such as an explainer page that does not fit.
  case pageUp, pageDown
  case character(Character)

  /// The key a script names: `up`, `space`, `tab`, …, or a single character.
  public init?(name: String) {
    switch name {
    case "up": self = .up
    case "down": self = .down
    case "left": self = .left
    case "right": self = .right
    case "enter": self = .enter
    case "tab": self = .tab
    case "backtab": self = .backTab
    case "escape": self = .escape
    case "backspace": self = .backspace
    case "pageup": self = .pageUp
    case "pagedown": self = .pageDown
    case "space": self = .character(" ")
    default:
      guard name.count == 1, let character = name.first else { return nil }
      self = .character(character)
    }
  }
}

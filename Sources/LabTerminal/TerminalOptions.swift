import Foundation
import LabCharts

/// The environment that decides how the terminal is set up: `TERM`, `NO_COLOR`,
/// `ESCDELAY` and the locale variables (`LC_ALL`, `LC_CTYPE`, `LANG`).
public struct TerminalOptions: Sendable {
  public var environment: [String: String]

  /// Creates options from `environment`, by default the process's own environment.
  public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
    self.environment = environment
  }

  /// The terminal type from `TERM`, or nil when it is unset or empty.
  var terminalType: String? {
    guard let type = environment["TERM"], !type.isEmpty else { return nil }
    return type
  }

  /// Whether `NO_COLOR` turns colour off. Set but empty, it has no effect.
  var isColorDisabled: Bool {
    guard let value = environment["NO_COLOR"] else { return false }
    return !value.isEmpty
  }

  /// The ESC delay to pass to `set_escdelay`, in milliseconds. It is 25 when `ESCDELAY`
  /// is unset or invalid, and the user's value when that is a non-negative integer. An
  /// invalid value would otherwise leave ncurses at its own 1000 ms (ncurses 6.4).
  ///
  /// 25 ms keeps a lone ESC responsive. The bytes of an arrow key's escape sequence
  /// arrive together from a local terminal, and usually over ssh too, so they still
  /// decode. Over a slow link, users can raise `ESCDELAY`.
  var escapeDelayMilliseconds: Int32? {
    guard let value = environment["ESCDELAY"] else { return 25 }
    guard let milliseconds = Int32(value.trimmingCharacters(in: .whitespaces)),
      milliseconds >= 0
    else { return 25 }
    return milliseconds
  }

  /// The locale name that governs character classification (`LC_CTYPE`), by the
  /// POSIX precedence `LC_ALL`, then `LC_CTYPE`, then `LANG`; nil when none is set.
  var characterLocaleName: String? {
    for name in ["LC_ALL", "LC_CTYPE", "LANG"] {
      if let value = environment[name], !value.isEmpty { return value }
    }
    return nil
  }

  /// Chooses the glyph set: Unicode only when the locale's codeset is UTF-8 and the
  /// terminal is not the Linux console, whose fonts hold at most 512 glyphs and no
  /// braille patterns.
  ///
  /// - Parameter codeset: what `nl_langinfo(CODESET)` returned after `setlocale`.
  func glyphs(codeset: String) -> GlyphSet {
    let normalized = codeset.lowercased().replacingOccurrences(of: "-", with: "")
    guard normalized == "utf8", terminalType != "linux" else { return .ascii }
    return .unicode
  }

  /// Decides whether to draw in colour: the terminal must report colours
  /// (`has_colors`) and `NO_COLOR` must be unset or empty.
  func usesColor(terminalHasColors: Bool) -> Bool {
    terminalHasColors && !isColorDisabled
  }
}

import CNcursesw
import LabCharts

/// The mapping from cell styles to ncurses video attributes and colour pairs.
///
/// Each `CellColor` has its own pair, numbered by its raw value, so `.none` uses pair 0,
/// the terminal's default colours. Without colour every cell uses pair 0, and bold,
/// reverse and dim still come through as `A_BOLD`, `A_REVERSE` and `A_DIM`.
struct TerminalPalette: Equatable {
  /// The number of colours the terminal has (`COLORS`), or nil to draw without colour.
  var colorCount: Int?
  /// The colours of pair 0 as `init_pair` takes them: -1 for the terminal's own
  /// (after `use_default_colors`), else white on black.
  var defaultForeground: Int32 = -1
  var defaultBackground: Int32 = -1

  /// The number of pairs `init_pair` must accept for every `CellColor` to have one.
  static let requiredPairCount = CellColor.allCases.count

  /// Whether gray is drawn as colour 8 (bright black). Terminals with fewer than 16
  /// colours have no colour 8, so gray becomes dim white there.
  var hasBrightBlack: Bool { (colorCount ?? 0) >= 16 }

  /// Returns the pair number for `color`. Pair 0 is the terminal's default colours.
  static func pairNumber(for color: CellColor) -> Int16 {
    Int16(color.rawValue)
  }

  /// Returns the ncurses foreground colour for `color`'s pair, or nil for `.none`,
  /// which keeps the default pair 0 and is never passed to `init_pair`.
  func foregroundColor(for color: CellColor) -> Int16? {
    switch color {
    case .none: return nil
    case .red: return Int16(COLOR_RED)
    case .green: return Int16(COLOR_GREEN)
    case .yellow: return Int16(COLOR_YELLOW)
    case .blue: return Int16(COLOR_BLUE)
    case .magenta: return Int16(COLOR_MAGENTA)
    case .cyan: return Int16(COLOR_CYAN)
    case .white: return Int16(COLOR_WHITE)
    case .gray: return hasBrightBlack ? 8 : Int16(COLOR_WHITE)
    }
  }

  /// Returns the attributes and pair that `wattr_set` needs to draw `style`.
  ///
  /// Gray adds `A_DIM` wherever there is no colour 8 to show it, which includes drawing
  /// without colour, so gray text stays set apart from plain text.
  func attributes(for style: CellStyle) -> (attributes: attr_t, pair: Int16) {
    var attributes = _losslab_a_normal()
    if style.isBold { attributes |= _losslab_a_bold() }
    if style.isReverse { attributes |= _losslab_a_reverse() }
    if style.isDim { attributes |= _losslab_a_dim() }
    if style.foreground == .gray && !hasBrightBlack { attributes |= _losslab_a_dim() }

    guard colorCount != nil else { return (attributes, 0) }
    return (attributes, Self.pairNumber(for: style.foreground))
  }
}

import LabCharts

extension TerminalPalette {
  /// The way a terminal shows 24-bit cell colours.
  enum RGBDepth: Equatable {
    /// Fewer than 256 colours, or none: cells keep their palette colour.
    case none
    /// The xterm 256-colour palette: the nearest of its colours 16...255.
    case indexed256
    /// Direct colour (`COLORS` is 2²⁴, as for `xterm-direct`): the value itself.
    case direct
  }

  var rgbDepth: RGBDepth {
    guard let colorCount else { return .none }
    if colorCount >= 1 << 24 { return .direct }
    return colorCount >= 256 ? .indexed256 : .none
  }

  /// Returns the ncurses colour number that shows `color`, or nil when the
  /// terminal has fewer than 256 colours.
  ///
  /// In direct colour the number is 0xRRGGBB, except that terminfo's
  /// `xterm-direct` reads the numbers 0...7 as the eight ANSI colours. Those
  /// near-black blues are drawn as 8, a difference of at most 8 levels of blue.
  func colorNumber(for color: RGBColor) -> Int32? {
    switch rgbDepth {
    case .none: return nil
    case .indexed256: return Int32(color.xterm256Index)
    case .direct:
      let value = Int32(color.red) << 16 | Int32(color.green) << 8 | Int32(color.blue)
      return max(8, value)
    }
  }

  /// Returns the foreground and background colour numbers of `style`'s pair
  /// when the style has a 24-bit colour the terminal can show, else nil so the
  /// palette pair applies. A side without a 24-bit colour keeps the palette
  /// colour or the default.
  func rgbColors(for style: CellStyle) -> (foreground: Int32, background: Int32)? {
    let foreground = style.rgbForeground.flatMap(colorNumber(for:))
    let background = style.rgbBackground.flatMap(colorNumber(for:))
    guard foreground != nil || background != nil else { return nil }
    let paletteForeground = foregroundColor(for: style.foreground).map(Int32.init)
    return (
      foreground ?? paletteForeground ?? defaultForeground,
      background ?? defaultBackground
    )
  }
}

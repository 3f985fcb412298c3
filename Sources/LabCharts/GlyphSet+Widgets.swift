extension GlyphSet {
  /// The left-aligned blocks one to eight eighths wide, `▏` to `█`, for bar ends.
  static let eighthBlocks: [Unicode.Scalar] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"]

  /// The shades from empty to full: `" ░▒▓█"`, or `" .:-=+*#%@"` in ASCII.
  var shadeRamp: [Unicode.Scalar] {
    isUnicode
      ? [" ", "░", "▒", "▓", "█"]
      : [" ", ".", ":", "-", "=", "+", "*", "#", "%", "@"]
  }

  /// Returns the shade for `fraction` in 0...1 (clamped), the nearest step of `shadeRamp`.
  func shade(_ fraction: Double) -> Unicode.Scalar {
    let ramp = shadeRamp
    let t = fraction.isNaN ? 0 : min(1, max(0, fraction))
    return ramp[Int((t * Double(ramp.count - 1)).rounded())]
  }

  /// Returns the glyph of class `index`, distinct for the first eight classes
  /// and repeating after them: `●○■□▲△◆◇`, or `ox+*#@%&` in ASCII.
  func classGlyph(_ index: Int) -> Unicode.Scalar {
    let glyphs: [Unicode.Scalar] = isUnicode
      ? ["●", "○", "■", "□", "▲", "△", "◆", "◇"]
      : ["o", "x", "+", "*", "#", "@", "%", "&"]
    return glyphs[((index % glyphs.count) + glyphs.count) % glyphs.count]
  }

  /// Returns the body glyph of bar series `index`, distinct without colour for
  /// the first four (`█▓▒░`) or eight ASCII series (`#=*+%@o:`).
  func barFill(_ index: Int) -> Unicode.Scalar {
    let fills: [Unicode.Scalar] = isUnicode
      ? ["█", "▓", "▒", "░"]
      : ["#", "=", "*", "+", "%", "@", "o", ":"]
    return fills[((index % fills.count) + fills.count) % fills.count]
  }

  /// The single-cell mark at the end of text cut to fit a column: `…`, or `~`
  /// in ASCII, where the three-cell `...` of `ellipsis` costs too much of a cell.
  var cutMark: String { isUnicode ? "…" : "~" }
}

/// The palette colours given to classes and series in order, so that the
/// first seven differ in colour as well as in glyph.
enum ClassPalette {
  static let colors: [CellColor] = [.blue, .red, .green, .yellow, .magenta, .cyan, .white]

  /// Returns the colour of class `index`, repeating after the seventh.
  static func color(_ index: Int) -> CellColor {
    colors[((index % colors.count) + colors.count) % colors.count]
  }
}

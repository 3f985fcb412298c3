extension CellBuffer {
  /// Draws a horizontal bar from (x, y) covering `fraction` of `width` cells,
  /// clipped to `clip`, and returns the number of cells it touched.
  ///
  /// With the Unicode glyph set the length is rounded to eighths of a cell and
  /// the last cell is one of `▏▎▍▌▋▊▉`. With ASCII it is rounded to whole cells.
  /// `fraction` is clamped to 0...1, and NaN draws nothing.
  @discardableResult
  mutating func drawBar(
    fraction: Double, x: Int, y: Int, width: Int, fill: Unicode.Scalar, glyphs: GlyphSet,
    style: CellStyle, clip: Rect
  ) -> Int {
    guard width > 0, !fraction.isNaN, fraction > 0 else { return 0 }
    let t = min(1, fraction)
    let steps = glyphs.isUnicode ? 8 : 1
    let length = Int((t * Double(width * steps)).rounded())
    let fullCells = length / steps
    let remainder = length % steps

    for column in 0..<fullCells {
      writeCell(Cell(fill, style: style), x: x + column, y: y, clip: clip)
    }
    guard remainder > 0 else { return fullCells }
    let end = GlyphSet.eighthBlocks[remainder - 1]
    writeCell(Cell(end, style: style), x: x + fullCells, y: y, clip: clip)
    return fullCells + 1
  }

  /// Sets one cell if it lies inside `clip`.
  mutating func writeCell(_ cell: Cell, x: Int, y: Int, clip: Rect) {
    guard x >= clip.x, x < clip.maxX, y >= clip.y, y < clip.maxY else { return }
    self[x, y] = cell
  }
}

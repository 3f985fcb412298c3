extension ScatterPlot {
  /// Returns the mapping from points to dots of `plot`: 2×4 dots per cell for
  /// braille, one per cell otherwise.
  private static func mapping(
    plot: Rect, axes: (x: AxisMapping, y: AxisMapping), isBraille: Bool
  ) -> DotMapping {
    let (columns, rows) = isBraille ? (2, 4) : (1, 1)
    return DotMapping(axes: axes, scale: .linear, dotWidth: plot.width * columns,
      dotHeight: plot.height * rows)
  }

  /// Draws y = x across the plot, dim and in braille (`.` in ASCII).
  func drawIdentityLine(
    into buffer: inout CellBuffer, plot: Rect, axes: (x: AxisMapping, y: AxisMapping),
    glyphs: GlyphSet
  ) {
    let lower = max(axes.x.lower, axes.y.lower)
    let upper = min(axes.x.upper, axes.y.upper)
    guard lower <= upper else { return }
    let mapping = Self.mapping(plot: plot, axes: axes, isBraille: glyphs.isUnicode)
    guard let start = mapping.dot(for: ChartPoint(x: lower, y: lower)),
      let end = mapping.dot(for: ChartPoint(x: upper, y: upper))
    else { return }

    if glyphs.isUnicode {
      var canvas = BrailleCanvas(columns: plot.width, rows: plot.height)
      canvas.set(x: start.x, y: start.y)
      BresenhamLine.forEachDot(from: start, to: end) { canvas.set(x: $0, y: $1) }
      for row in 0..<canvas.rows {
        for column in 0..<canvas.columns where canvas.dots(column: column, row: row) != 0 {
          buffer[plot.x + column, plot.y + row] =
            Cell(canvas.character(column: column, row: row), style: .dim)
        }
      }
    } else {
      buffer[plot.x + start.x, plot.y + start.y] = Cell(".", style: .dim)
      BresenhamLine.forEachDot(from: start, to: end) { x, y in
        buffer[plot.x + x, plot.y + y] = Cell(".", style: .dim)
      }
    }
  }

  /// Draws the finite points, in order, as braille dots or class glyphs.
  func drawPoints(
    into buffer: inout CellBuffer, plot: Rect, axes: (x: AxisMapping, y: AxisMapping),
    glyphs: GlyphSet
  ) {
    let isBraille = marker == .braille && glyphs.isUnicode
    let mapping = Self.mapping(plot: plot, axes: axes, isBraille: isBraille)
    guard isBraille else {
      for point in points {
        guard let cell = mapping.dot(for: ChartPoint(x: point.x, y: point.y)) else { continue }
        let glyph = glyphs.classGlyph(point.classIndex ?? 0)
        buffer[plot.x + cell.x, plot.y + cell.y] =
          Cell(glyph, style: Self.style(classIndex: point.classIndex))
      }
      return
    }

    var canvas = BrailleCanvas(columns: plot.width, rows: plot.height)
    for point in points {
      guard let dot = mapping.dot(for: ChartPoint(x: point.x, y: point.y)) else { continue }
      canvas.set(x: dot.x, y: dot.y, series: point.classIndex ?? -1)
    }
    for row in 0..<canvas.rows {
      for column in 0..<canvas.columns where canvas.dots(column: column, row: row) != 0 {
        let (x, y) = (plot.x + column, plot.y + row)
        // Keep the dots of the reference line that share the cell.
        let lineDots = Self.brailleDots(of: buffer[x, y].character)
        let dots = canvas.dots(column: column, row: row) | lineDots
        let style = Self.style(classIndex: canvas.series(column: column, row: row))
        buffer[x, y] = Cell(BrailleCanvas.character(dots: dots), style: style)
      }
    }
  }

  /// Returns the raised dots of a braille character, 0 for any other character.
  private static func brailleDots(of character: Unicode.Scalar) -> UInt8 {
    guard (0x2800...0x28FF).contains(character.value) else { return 0 }
    return UInt8(character.value - 0x2800)
  }
}

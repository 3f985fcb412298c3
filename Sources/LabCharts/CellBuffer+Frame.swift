extension CellBuffer {
  /// Draws a box on the edges of `rect` with `title` inset in the top border,
  /// as in `┌ Scenarios ─────┐`.
  ///
  /// Cells inside the border are left as they are. A title too long for the
  /// border is cut and ends in `glyphs.ellipsis`. The title needs a rect at
  /// least 5 cells wide. Rects thinner than 2 cells get the edges that exist:
  /// a 1-row rect is a top border (`┌───┐`), a 1-column rect a left border
  /// (`┌`, `│`, `└`). Everything is clipped to the buffer.
  ///
  /// - Parameters:
  ///   - rect: The cells the box covers, border included.
  ///   - title: The text inset in the top border, or nil for none.
  ///   - glyphs: The border characters.
  ///   - style: The style of the border, `.plain` by default.
  ///   - titleStyle: The style of the title text, `.bold` by default.
  public mutating func drawFrame(
    _ rect: Rect, title: String?, glyphs: GlyphSet, style: CellStyle = .plain,
    titleStyle: CellStyle = .bold
  ) {
    let box = rect.clipped(to: bounds)
    guard !box.isEmpty else { return }

    drawFrameEdges(rect, clip: box, glyphs: glyphs, style: style)
    if let title, rect.y == box.y {
      drawFrameTitle(title, rect: rect, clip: box, glyphs: glyphs, style: style,
        titleStyle: titleStyle)
    }
  }

  /// Draws the border lines and corners of `rect` that fall inside `clip`.
  private mutating func drawFrameEdges(
    _ rect: Rect, clip: Rect, glyphs: GlyphSet, style: CellStyle
  ) {
    let left = rect.x
    let top = rect.y
    let right = rect.saturatingMaxX - 1
    let bottom = rect.saturatingMaxY - 1

    for column in clip.x..<clip.maxX {
      self[column, top] = Cell(glyphs.horizontal, style: style)
      if bottom > top { self[column, bottom] = Cell(glyphs.horizontal, style: style) }
    }
    for row in clip.y..<clip.maxY {
      self[left, row] = Cell(glyphs.vertical, style: style)
      if right > left { self[right, row] = Cell(glyphs.vertical, style: style) }
    }

    // Corners go last, so they replace the line characters. Writes outside the
    // buffer are ignored, so corners clipped away cost nothing.
    self[left, top] = Cell(glyphs.topLeft, style: style)
    if right > left { self[right, top] = Cell(glyphs.topRight, style: style) }
    if bottom > top {
      self[left, bottom] = Cell(glyphs.bottomLeft, style: style)
      if right > left { self[right, bottom] = Cell(glyphs.bottomRight, style: style) }
    }
  }

  /// Writes ` title ` into the top border after the corner, cut to fit.
  private mutating func drawFrameTitle(
    _ title: String, rect: Rect, clip: Rect, glyphs: GlyphSet, style: CellStyle,
    titleStyle: CellStyle
  ) {
    // Two corners and a space on each side of the title.
    let room = rect.width - 4
    let text = title.truncated(toScalars: room, ellipsis: glyphs.ellipsis)
    guard !text.isEmpty else { return }

    let topRow = Rect(x: clip.x, y: rect.y, width: clip.width, height: 1)
    let afterSpace = write(" ", x: rect.x + 1, y: rect.y, style: style, clip: topRow)
    let afterTitle = write(text, x: afterSpace, y: rect.y, style: titleStyle, clip: topRow)
    write(" ", x: afterTitle, y: rect.y, style: style, clip: topRow)
  }
}

extension Rect {
  /// Returns the part of this rectangle inside `other`, empty when they do not overlap.
  ///
  /// Computes edges without overflow, so rectangles placed near `Int.max` are safe.
  func clipped(to other: Rect) -> Rect {
    let left = Swift.max(x, other.x)
    let top = Swift.max(y, other.y)
    let right = Swift.min(saturatingMaxX, other.saturatingMaxX)
    let bottom = Swift.min(saturatingMaxY, other.saturatingMaxY)
    guard right > left, bottom > top else {
      return Rect(x: left, y: top, width: 0, height: 0)
    }
    return Rect(x: left, y: top, width: right - left, height: bottom - top)
  }

  /// The column after the right edge, or `Int.max` where that overflows.
  var saturatingMaxX: Int {
    let (sum, overflow) = x.addingReportingOverflow(width)
    return overflow ? Int.max : sum
  }

  /// The row below the bottom edge, or `Int.max` where that overflows.
  var saturatingMaxY: Int {
    let (sum, overflow) = y.addingReportingOverflow(height)
    return overflow ? Int.max : sum
  }
}

extension String {
  /// Returns the string cut to at most `limit` scalars, ending in `ellipsis` when cut.
  ///
  /// When `limit` leaves no room for the ellipsis the string is cut without it.
  func truncated(toScalars limit: Int, ellipsis: String) -> String {
    guard limit > 0 else { return "" }
    let scalars = unicodeScalars
    if scalars.count <= limit { return self }

    let ellipsisCount = ellipsis.unicodeScalars.count
    if limit <= ellipsisCount {
      return String(String.UnicodeScalarView(scalars.prefix(limit)))
    }
    let kept = String(String.UnicodeScalarView(scalars.prefix(limit - ellipsisCount)))
    return kept + ellipsis
  }
}

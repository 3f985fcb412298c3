/// The drawing of one grid cell: a glyph for fields, a text for matrices, and a style.
struct HeatCell: Equatable {
  var glyph: Unicode.Scalar
  var text: String
  var style: CellStyle

  static let gap = HeatCell(glyph: " ", text: "", style: .plain)
}

extension HeatMap {
  /// The widest a column label makes a matrix column, in cells.
  static let maximumLabelWidth = 8

  /// Returns the look of grid cell (`row`, `column`): a gap where the grid has
  /// no finite value or no class.
  func cell(row: Int, column: Int, range: ClosedRange<Double>?, glyphs: GlyphSet) -> HeatCell {
    switch content {
    case .values(let grid):
      guard row < grid.count, column < grid[row].count else { return .gap }
      let value = grid[row][column]
      guard value.isFinite, let range else {
        return HeatCell(glyph: " ", text: formatValue(value), style: .dim)
      }
      return valueCell(value, range: range, glyphs: glyphs)
    case .classes(let grid):
      guard row < grid.count, column < grid[row].count, grid[row][column] >= 0 else {
        return .gap
      }
      let classIndex = grid[row][column]
      let glyph = glyphs.classGlyph(classIndex)
      let style = CellStyle(foreground: ClassPalette.color(classIndex))
      return HeatCell(glyph: glyph, text: String(glyph), style: style)
    }
  }

  private func valueCell(
    _ value: Double, range: ClosedRange<Double>, glyphs: GlyphSet
  ) -> HeatCell {
    let fraction = Self.fraction(of: value, in: range)
    let color = ramp.color(at: fraction)
    let style: CellStyle
    switch (usesColor, showsValues) {
    case (true, false):
      style = CellStyle(rgbForeground: color, rgbBackground: color)
    case (true, true):
      let text: RGBColor = color.luminance > 0.5 ? .black : .white
      style = CellStyle(rgbForeground: text, rgbBackground: color)
    case (false, _):
      style = showsValues ? Self.monochromeStyle(fraction) : .plain
    }
    return HeatCell(glyph: glyphs.shade(fraction), text: formatValue(value), style: style)
  }

  /// Returns the attributes of a number by quarter of the range: dim, plain,
  /// bold, then bold reverse video.
  static func monochromeStyle(_ fraction: Double) -> CellStyle {
    switch fraction {
    case ..<0.25: .dim
    case ..<0.5: .plain
    case ..<0.75: .bold
    default: CellStyle(isBold: true, isReverse: true)
    }
  }

  /// Draws the grid and its legend row into `area` of `buffer`, clipped. It
  /// never traps for any area size (0×0 included) or any values.
  ///
  /// The area is cleared first and no cell outside it changes. The legend row
  /// at the bottom needs 2 rows (3 with column labels), and the column labels
  /// need 2 rows.
  public func draw(into buffer: inout CellBuffer, in area: Rect, glyphs: GlyphSet) {
    let area = area.clipped(to: buffer.bounds)
    guard !area.isEmpty else { return }
    buffer.fill(area, with: .blank)
    let range = shownRange

    let hasColumnLabels = showsValues && !columnLabels.isEmpty && area.height >= 2
    var grid = area
    if area.height >= (hasColumnLabels ? 3 : 2) {
      let split = area.splitTop(area.height - 1)
      drawLegend(into: &buffer, row: split.rest, range: range, glyphs: glyphs)
      grid = split.top
    }

    if showsValues {
      drawMatrix(into: &buffer, area: grid, hasColumnLabels: hasColumnLabels, range: range,
        glyphs: glyphs)
    } else {
      drawField(into: &buffer, area: grid, range: range, glyphs: glyphs)
    }
  }

  /// Fills `area` with the grid scaled to it, each cell taking the nearest grid cell.
  private func drawField(
    into buffer: inout CellBuffer, area: Rect, range: ClosedRange<Double>?, glyphs: GlyphSet
  ) {
    let rows = rowCount
    let columns = columnCount
    guard rows > 0, columns > 0, !area.isEmpty else { return }
    for y in 0..<area.height {
      let gridRow = y * rows / area.height
      for x in 0..<area.width {
        let look = cell(row: gridRow, column: x * columns / area.width, range: range,
          glyphs: glyphs)
        buffer[area.x + x, area.y + y] = Cell(look.glyph, style: look.style)
      }
    }
  }

  /// Draws row labels, column labels and each grid cell's text right-aligned
  /// in a column as wide as the widest text plus one space.
  private func drawMatrix(
    into buffer: inout CellBuffer, area: Rect, hasColumnLabels: Bool,
    range: ClosedRange<Double>?, glyphs: GlyphSet
  ) {
    let looks = (0..<rowCount).map { row in
      (0..<columnCount).map { cell(row: row, column: $0, range: range, glyphs: glyphs) }
    }
    let textWidth = looks.joined().map(\.text.unicodeScalars.count).max() ?? 0
    let labelWidth = min(Self.maximumLabelWidth,
      columnLabels.map(\.unicodeScalars.count).max() ?? 0)
    let cellWidth = max(textWidth, labelWidth) + 1
    let rowLabelWidth = min(rowLabels.map(\.unicodeScalars.count).max() ?? 0, area.width / 3)

    var body = area
    if hasColumnLabels {
      let split = area.splitTop(1)
      for (index, label) in columnLabels.enumerated() {
        let shown = label.truncated(toScalars: cellWidth - 1, ellipsis: glyphs.cutMark)
        let end = area.x + rowLabelWidth + (index + 1) * cellWidth
        buffer.write(shown, x: end - shown.unicodeScalars.count, y: split.top.y, style: .bold,
          clip: split.top)
      }
      body = split.rest
    }

    for (row, rowLooks) in looks.enumerated() where row < body.height {
      let y = body.y + row
      if row < rowLabels.count {
        let label = rowLabels[row].truncated(toScalars: rowLabelWidth, ellipsis: glyphs.cutMark)
        buffer.write(label, x: body.x, y: y, style: .bold, clip: body)
      }
      for (column, look) in rowLooks.enumerated() {
        let start = body.x + rowLabelWidth + column * cellWidth
        guard start < body.maxX else { break }
        buffer.fill(Rect(x: start, y: y, width: cellWidth, height: 1).clipped(to: body),
          with: Cell(" ", style: look.style))
        let textStart = start + cellWidth - look.text.unicodeScalars.count
        buffer.write(look.text, x: textStart, y: y, style: look.style, clip: body)
      }
    }
  }

  /// Draws the ramp with its range, or the class glyphs with their names, then
  /// the count of non-finite values.
  private func drawLegend(
    into buffer: inout CellBuffer, row: Rect, range: ClosedRange<Double>?, glyphs: GlyphSet
  ) {
    var column = row.x
    switch content {
    case .values:
      if let range {
        for step in glyphs.shadeRamp.indices.dropFirst() {
          let fraction = Double(step) / Double(glyphs.shadeRamp.count - 1)
          let color = ramp.color(at: fraction)
          let style = usesColor ? CellStyle(rgbForeground: color) : .plain
          buffer.writeCell(Cell(glyphs.shadeRamp[step], style: style), x: column, y: row.y,
            clip: row)
          column += 1
        }
        let dash = glyphs.isUnicode ? "–" : ".."
        let text = " " + formatValue(range.lowerBound) + dash + formatValue(range.upperBound)
        column = buffer.write(text, x: column, y: row.y, clip: row)
      }
      if nonFiniteCount > 0 {
        let separator = range == nil ? "" : ", "
        buffer.write(separator + "\(nonFiniteCount) non-finite", x: column, y: row.y, clip: row)
      }
    case .classes:
      for (index, name) in classNames.enumerated() {
        if index > 0 { column = buffer.write("  ", x: column, y: row.y, clip: row) }
        let style = CellStyle(foreground: ClassPalette.color(index))
        buffer.writeCell(Cell(glyphs.classGlyph(index), style: style), x: column, y: row.y,
          clip: row)
        column = buffer.write(" " + name, x: column + 1, y: row.y, clip: row)
      }
    }
  }
}

/// The side of its column a cell's text keeps to.
public enum ColumnAlignment: Sendable {
  case left
  /// For numbers, so that their digits line up.
  case right
}

/// One column of a table: its header and how its cells are placed.
public struct TableColumn: Sendable {
  public var title: String
  /// `.left` by default.
  public var alignment: ColumnAlignment
  /// The narrowest the column is cut to when the table is too wide, 1 by default.
  public var minimumWidth: Int

  public init(_ title: String, alignment: ColumnAlignment = .left, minimumWidth: Int = 1) {
    self.title = title
    self.alignment = alignment
    self.minimumWidth = max(1, minimumWidth)
  }
}

/// A table of text cells under a header row and a rule, such as the layers of
/// a network with their parameter counts.
///
///     layer    shape      parameters
///     ──────────────────────────────
///     conv1_1  64×3×3×3        1,792
///     fc8      1000×4096   4,097,000
///
/// Each column is as wide as its widest cell or header. When the columns do
/// not fit, the widest are narrowed one cell at a time down to their minimum
/// width, and cut text ends in `…` (`~` in ASCII). Columns still too wide are
/// clipped at the right edge. The highlighted row is drawn in reverse video
/// across the table's width, and the rows scroll so that it stays in view.
public struct Table: Sendable {
  public var columns: [TableColumn]
  /// The cells, row by row. Missing cells are blank and extra cells are ignored.
  public var rows: [[String]]
  /// The row drawn in reverse video and kept in view, nil (the default) for none.
  public var highlightedRow: Int?
  /// The blank cells between columns, 2 by default.
  public var columnSpacing: Int

  public init(
    columns: [TableColumn], rows: [[String]], highlightedRow: Int? = nil,
    columnSpacing: Int = 2
  ) {
    self.columns = columns
    self.rows = rows
    self.highlightedRow = highlightedRow
    self.columnSpacing = max(0, columnSpacing)
  }

  /// Returns the width of each column for a table at most `available` cells wide.
  ///
  /// - Complexity: O(cells + columns × cells removed).
  func columnWidths(available: Int) -> [Int] {
    var widths = columns.enumerated().map { index, column in
      let cellWidths = rows.map { row in index < row.count ? row[index].unicodeScalars.count : 0 }
      return max(column.title.unicodeScalars.count, cellWidths.max() ?? 0)
    }
    let spacing = columnSpacing * max(0, columns.count - 1)
    var excess = widths.reduce(0, +) + spacing - available

    while excess > 0 {
      let candidates = widths.indices.filter { widths[$0] > columns[$0].minimumWidth }
      guard let widest = candidates.max(by: { widths[$0] < widths[$1] }) else { break }
      widths[widest] -= 1
      excess -= 1
    }
    return widths
  }

  /// Returns the first row drawn when `visibleCount` rows fit: 0, or the row
  /// that puts the highlighted row at the bottom of the view.
  func firstVisibleRow(visibleCount: Int) -> Int {
    guard let highlightedRow, visibleCount > 0 else { return 0 }
    return max(0, min(highlightedRow, rows.count - 1) - visibleCount + 1)
  }

  /// Draws the header, a rule and as many rows as fit into `area`, clipped.
  /// It never traps for any area size (0×0 included) or row lengths.
  ///
  /// The area is cleared first and no cell outside it changes. The rule is
  /// left out when the area has fewer than 3 rows.
  public func draw(into buffer: inout CellBuffer, in area: Rect, glyphs: GlyphSet) {
    let area = area.clipped(to: buffer.bounds)
    guard !area.isEmpty else { return }
    buffer.fill(area, with: .blank)
    let widths = columnWidths(available: area.width)
    let spacing = columnSpacing * max(0, widths.count - 1)
    let tableWidth = max(0, min(area.width, widths.reduce(0, +) + spacing))

    var body = area
    let header = body.splitTop(1)
    buffer.drawTableRow(columns.map(\.title), y: header.top.y, widths: widths,
      table: self, area: area, glyphs: glyphs, style: .bold)
    body = header.rest
    if area.height >= 3 {
      let rule = body.splitTop(1)
      for column in area.x..<(area.x + tableWidth) {
        buffer[column, rule.top.y] = Cell(glyphs.horizontal)
      }
      body = rule.rest
    }

    let first = firstVisibleRow(visibleCount: body.height)
    for (offset, index) in (first..<rows.count).enumerated() where offset < body.height {
      let y = body.y + offset
      let isHighlighted = index == highlightedRow
      let style: CellStyle = isHighlighted ? .reverse : .plain
      if isHighlighted {
        let band = Rect(x: area.x, y: y, width: tableWidth, height: 1)
        buffer.fill(band, with: Cell(" ", style: style))
      }
      buffer.drawTableRow(rows[index], y: y, widths: widths, table: self, area: area,
        glyphs: glyphs, style: style)
    }
  }
}

extension CellBuffer {
  /// Writes one table row, each cell cut to its column width and aligned in it.
  mutating func drawTableRow(
    _ cells: [String], y: Int, widths: [Int], table: Table, area: Rect, glyphs: GlyphSet,
    style: CellStyle
  ) {
    var x = area.x
    for (index, width) in widths.enumerated() {
      guard x < area.maxX else { return }
      let text = index < cells.count ? cells[index] : ""
      let shown = text.truncated(toScalars: width, ellipsis: glyphs.cutMark)
      let padding = width - shown.unicodeScalars.count
      let start = table.columns[index].alignment == .right ? x + padding : x
      write(shown, x: start, y: y, style: style, clip: area)
      x += width + table.columnSpacing
    }
  }
}

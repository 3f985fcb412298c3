extension BarChart {
  /// The narrowest bar column, in cells, drawn next to value labels. Narrower
  /// areas leave the value labels out.
  static let minimumBarWidth = 4

  /// Draws legend, labels, bars and values into `area` of `buffer`, clipped.
  /// It never traps for any area size (0×0 included) or any values.
  ///
  /// The area is cleared first and no cell outside it changes. The legend row
  /// appears when there are several series or values without a bar. Groups
  /// that do not fit below are cut off. Category labels take at most a third
  /// of the width and are cut with `…` (`~` in ASCII).
  public func draw(into buffer: inout CellBuffer, in area: Rect, glyphs: GlyphSet) {
    let area = area.clipped(to: buffer.bounds)
    guard !area.isEmpty else { return }
    buffer.fill(area, with: .blank)

    var body = area
    let counts = gapCounts
    if series.count > 1 || counts.nonFinite + counts.leftOut > 0 {
      let split = area.splitTop(1)
      drawLegend(into: &buffer, row: split.top, glyphs: glyphs, counts: counts)
      body = split.rest
    }
    guard !series.isEmpty, !categories.isEmpty else {
      buffer.write("no data yet".truncated(toScalars: body.width, ellipsis: glyphs.cutMark),
        x: body.x, y: body.y, style: .dim, clip: body)
      return
    }
    drawBars(into: &buffer, body: body, glyphs: glyphs)
  }

  /// Draws one entry per series when there are several, a fill sample and the
  /// name, then the gap counts.
  private func drawLegend(
    into buffer: inout CellBuffer, row: Rect, glyphs: GlyphSet,
    counts: (nonFinite: Int, leftOut: Int)
  ) {
    var column = row.x
    for (index, entry) in series.enumerated() where series.count > 1 {
      if index > 0 { column = buffer.write("  ", x: column, y: row.y, clip: row) }
      buffer.writeCell(Cell(glyphs.barFill(index), style: entry.style), x: column, y: row.y,
        clip: row)
      column = buffer.write(" " + entry.name, x: column + 1, y: row.y, clip: row)
    }

    var notes: [String] = []
    if counts.nonFinite > 0 { notes.append("\(counts.nonFinite) non-finite") }
    if counts.leftOut > 0 { notes.append("\(counts.leftOut) left out (log)") }
    guard !notes.isEmpty else { return }
    let separator = series.count > 1 ? "  " : ""
    buffer.write(separator + notes.joined(separator: ", "), x: column, y: row.y, clip: row)
  }

  /// Draws one row per series in each category, top to bottom.
  private func drawBars(into buffer: inout CellBuffer, body: Rect, glyphs: GlyphSet) {
    let labelWidth = min(categories.map(\.unicodeScalars.count).max() ?? 0, body.width / 3)
    let labelColumns = labelWidth > 0 ? labelWidth + 1 : 0
    let texts = series.indices.map { seriesIndex in
      categories.indices.map { value(series: seriesIndex, category: $0).map(formatValue) }
    }
    var valueWidth = texts.joined().compactMap { $0?.unicodeScalars.count }.max() ?? 0
    if body.width - labelColumns - valueWidth - 1 < Self.minimumBarWidth { valueWidth = 0 }
    let valueColumns = valueWidth > 0 ? valueWidth + 1 : 0
    let barWidth = max(0, body.width - labelColumns - valueColumns)
    let range = barRange()

    var row = body.y
    for category in categories.indices {
      for seriesIndex in series.indices {
        guard row < body.maxY else { return }
        if seriesIndex == 0, labelWidth > 0 {
          let label = categories[category].truncated(toScalars: labelWidth,
            ellipsis: glyphs.cutMark)
          buffer.write(label, x: body.x, y: row, clip: body)
        }

        let barStart = body.x + labelColumns
        if let value = value(series: seriesIndex, category: category),
          let fraction = barFraction(value, range: range)
        {
          buffer.drawBar(fraction: fraction, x: barStart, y: row, width: barWidth,
            fill: glyphs.barFill(seriesIndex), glyphs: glyphs,
            style: series[seriesIndex].style, clip: body)
        }
        if valueWidth > 0, let text = texts[seriesIndex][category] {
          let shown = text.truncated(toScalars: valueWidth, ellipsis: glyphs.cutMark)
          let start = body.maxX - shown.unicodeScalars.count
          buffer.write(shown, x: start, y: row, clip: body)
        }
        row += 1
      }
    }
  }
}

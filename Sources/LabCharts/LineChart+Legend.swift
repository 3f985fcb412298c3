extension LineStyle {
  /// The braille legend sample, one per style so that series differ without
  /// colour: `⣿` solid, `⢕` dotted, `⠛` dashed, `⠂` sparse.
  var brailleSample: Unicode.Scalar {
    switch self {
    case .solid: "\u{28FF}"
    case .dotted: "\u{2895}"
    case .dashed: "\u{281B}"
    case .sparse: "\u{2802}"
    }
  }
}

extension LineChart {
  /// The space between two legend entries.
  private static let legendEntrySeparator = "  "

  /// Returns the legend text of one series, without its sample:
  /// `train 0.1234, 2 non-finite, 1 left out (log)`.
  ///
  /// The value is the latest finite y with 4 significant digits, left out when
  /// there is none. Each count appears only when it is above zero.
  static func legendText(name: String, summary: SeriesSummary) -> String {
    var text = name
    if let value = summary.latestFiniteValue {
      text += " " + ChartNumberFormat.legendValue(value)
    }
    if summary.nonFiniteCount > 0 {
      text += ", \(summary.nonFiniteCount) non-finite"
    }
    if summary.leftOutCount > 0 {
      text += ", \(summary.leftOutCount) left out (log)"
    }
    return text
  }

  /// Returns the legend entries' widths: the sample, a space and the text.
  private func legendEntryWidths(_ summary: ChartSummary) -> [Int] {
    series.indices.prefix(summary.series.count).map { index in
      2 + Self.legendText(name: series[index].name, summary: summary.series[index])
        .unicodeScalars.count
    }
  }

  /// Returns the row of each legend entry when entries wrap at `width`
  /// columns: an entry moves to the next row when it would not fit whole.
  private func legendRows(width: Int, summary: ChartSummary) -> [Int] {
    var rows: [Int] = []
    var (row, column) = (0, 0)
    for entryWidth in legendEntryWidths(summary) {
      let start = column == 0 ? 0 : column + Self.legendEntrySeparator.count
      if column > 0 && start + entryWidth > width {
        row += 1
        column = entryWidth
      } else {
        column = start + entryWidth
      }
      rows.append(row)
    }
    return rows
  }

  /// Returns the rows the legend needs to show every entry whole at `width`.
  func legendRowCount(width: Int, summary: ChartSummary) -> Int {
    (legendRows(width: width, summary: summary).last ?? 0) + 1
  }

  /// Draws one entry per series in `area`, each a sample in the series' style
  /// followed by its legend text. Entries wrap onto the following rows of
  /// the area, and what does not fit is clipped at the right and bottom edges.
  func renderLegend(into buffer: inout CellBuffer, area: Rect, summary: ChartSummary) {
    guard !area.isEmpty else { return }
    let rows = legendRows(width: area.width, summary: summary)
    var column = area.x
    for (index, entry) in series.enumerated() where index < summary.series.count {
      let y = area.y + min(rows[index], area.height - 1)
      let wraps = index > 0 && rows[index] != rows[index - 1] && rows[index] < area.height
      if wraps {
        column = area.x
      } else if index > 0 {
        column = buffer.write(Self.legendEntrySeparator, x: column, y: y, clip: area)
      }
      guard column < area.maxX else { continue }

      let sample = glyphs.isUnicode ? entry.lineStyle.brailleSample : glyphs.seriesMarker(index)
      buffer[column, y] = Cell(sample, style: entry.style)
      let text = " " + Self.legendText(name: entry.name, summary: summary.series[index])
      column = buffer.write(text, x: column + 1, y: y, clip: area)
    }
  }
}

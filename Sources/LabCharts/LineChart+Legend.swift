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

  /// Draws one entry per series in `row`, each a sample in the series' style
  /// followed by its legend text, clipped at the right edge.
  func renderLegend(into buffer: inout CellBuffer, row: Rect, summary: ChartSummary) {
    guard !row.isEmpty else { return }
    var column = row.x
    for (index, entry) in series.enumerated() where index < summary.series.count {
      if index > 0 {
        column = buffer.write(Self.legendEntrySeparator, x: column, y: row.y, clip: row)
      }
      guard column < row.maxX else { return }

      let sample = glyphs.isUnicode ? entry.lineStyle.brailleSample : glyphs.seriesMarker(index)
      buffer[column, row.y] = Cell(sample, style: entry.style)
      let text = " " + Self.legendText(name: entry.name, summary: summary.series[index])
      column = buffer.write(text, x: column + 1, y: row.y, clip: row)
    }
  }
}

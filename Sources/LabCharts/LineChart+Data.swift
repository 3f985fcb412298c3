/// The treatment of one data point on a chart: drawn, or a gap and why.
enum PointKind: Equatable {
  /// The point is drawn.
  case plotted
  /// x or y is NaN or infinite, so the point is a gap in its line.
  case nonFinite
  /// y is zero or negative on a logarithmic axis, so the point is a gap in its line.
  case leftOut
}

/// The counts and latest value of one series, as the legend shows them.
struct SeriesSummary: Equatable {
  var plottedCount = 0
  var nonFiniteCount = 0
  var leftOutCount = 0
  /// The y of the last point whose y is finite, drawn or not.
  var latestFiniteValue: Double?
}

/// The summary of a chart's data: the counts of each series and the axis
/// ranges of the points that are drawn.
struct ChartSummary {
  var series: [SeriesSummary]
  /// The x and y mappings, or nil when no point can be drawn.
  var axes: (x: AxisMapping, y: AxisMapping)?
}

extension AxisScale {
  /// Returns whether a point is drawn on a y axis of this scale, and if not, why.
  func kind(of point: ChartPoint) -> PointKind {
    guard point.x.isFinite, point.y.isFinite else { return .nonFinite }
    if self == .logarithmic, point.y <= 0 { return .leftOut }
    return .plotted
  }
}

extension LineChart {
  /// Counts each series' points by kind and finds the range of the drawn ones.
  ///
  /// The ranges are the exact minimum and maximum of the drawn points, widened
  /// only when empty (see `AxisMapping`), so the tick labels show the data's
  /// own extremes.
  func summarize() -> ChartSummary {
    var summaries: [SeriesSummary] = []
    summaries.reserveCapacity(series.count)
    var xRange: (lower: Double, upper: Double)?
    var yRange: (lower: Double, upper: Double)?

    for entry in series {
      var summary = SeriesSummary()
      for point in entry.points {
        if point.y.isFinite { summary.latestFiniteValue = point.y }
        switch yScale.kind(of: point) {
        case .nonFinite:
          summary.nonFiniteCount += 1
        case .leftOut:
          summary.leftOutCount += 1
        case .plotted:
          summary.plottedCount += 1
          xRange = Self.extend(xRange, with: point.x)
          yRange = Self.extend(yRange, with: point.y)
        }
      }
      summaries.append(summary)
    }

    guard var xRange, let yRange else { return ChartSummary(series: summaries, axes: nil) }
    if let xDomain {
      xRange = (min(xRange.lower, xDomain.lowerBound), max(xRange.upper, xDomain.upperBound))
    }
    let xMapping = AxisMapping(lower: xRange.lower, upper: xRange.upper, scale: .linear)
    let yMapping = AxisMapping(lower: yRange.lower, upper: yRange.upper, scale: yScale)
    return ChartSummary(series: summaries, axes: (xMapping, yMapping))
  }

  private static func extend(
    _ range: (lower: Double, upper: Double)?, with value: Double
  ) -> (lower: Double, upper: Double) {
    guard let range else { return (value, value) }
    return (min(range.lower, value), max(range.upper, value))
  }
}

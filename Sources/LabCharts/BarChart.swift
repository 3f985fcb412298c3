/// One series of a bar chart: a value per category, such as the parameters of
/// VGG-16 per stage.
public struct BarSeries: Sendable {
  /// The name in the legend.
  public var name: String
  /// One value per category, matched by index. Missing values draw no bar.
  public var values: [Double]
  /// The style of the bars and their legend sample, `.plain` by default.
  public var style: CellStyle

  public init(name: String, values: [Double], style: CellStyle = .plain) {
    self.name = name
    self.values = values
    self.style = style
  }
}

/// Horizontal bars grouped by category, one bar per series in each group, with
/// the category label on the group's first row and each value right-aligned
/// at the right edge.
///
/// VGG-16 against VGG-19 parameters per stage, in 30 cells (Unicode):
///
///     █ VGG-16  ▓ VGG-19
///     conv1                    38.7k
///                              38.7k
///     conv5 █                   7.1M
///           ▓▎                  9.4M
///     fc    █████████████████ 123.6M
///           ▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓ 123.6M
///
/// Bars start at zero on a linear scale and at the largest power of ten
/// below the smallest positive value on a logarithmic one. Series differ without
/// colour by their fill: `█▓▒░` in Unicode and `#=*+%@o:` in ASCII. Unicode
/// bars end in eighth blocks (`▏▎▍▌▋▊▉`), ASCII bars in whole cells.
///
/// A negative value on a linear scale draws no bar. A value that is NaN or
/// infinite, or zero or negative on a logarithmic scale, draws no bar either.
/// Its label still shows the value, and the legend row counts it
/// (`1 non-finite`, `2 left out (log)`).
public struct BarChart: Sendable {
  /// The category labels, one per group of bars, such as `conv1` … `fc`.
  public var categories: [String]
  public var series: [BarSeries]
  /// The scale of the bar lengths, `.linear` by default.
  public var scale: AxisScale
  /// The text of each value label, `NumberText.compact` (`138.4M`) by default.
  public var formatValue: @Sendable (Double) -> String

  public init(
    categories: [String], series: [BarSeries], scale: AxisScale = .linear,
    formatValue: @escaping @Sendable (Double) -> String = NumberText.compact
  ) {
    self.categories = categories
    self.series = series
    self.scale = scale
    self.formatValue = formatValue
  }

  /// Returns the value of `seriesIndex` in category `category`, nil where the
  /// series has no value there.
  func value(series seriesIndex: Int, category: Int) -> Double? {
    let values = series[seriesIndex].values
    return category < values.count ? values[category] : nil
  }

  /// The counts of values that draw no bar: non-finite, and zero or negative
  /// on a logarithmic scale.
  var gapCounts: (nonFinite: Int, leftOut: Int) {
    var nonFinite = 0
    var leftOut = 0
    for entry in series {
      for value in entry.values.prefix(categories.count) {
        if !value.isFinite {
          nonFinite += 1
        } else if scale == .logarithmic, value <= 0 {
          leftOut += 1
        }
      }
    }
    return (nonFinite, leftOut)
  }

  /// Returns the bar length of `value` as a fraction of the bar width, nil
  /// for a value that draws no bar.
  ///
  /// On a linear scale this is `value / maximum`, with negative values at 0.
  /// On a logarithmic scale it is `log(value / base) / log(maximum / base)`.
  func barFraction(_ value: Double, range: BarRange?) -> Double? {
    guard value.isFinite, let range else { return nil }
    switch scale {
    case .linear:
      guard range.maximum > 0 else { return 0 }
      return min(1, max(0, value / range.maximum))
    case .logarithmic:
      guard value > 0 else { return nil }
      let span = ChartMath.log2(range.maximum) - ChartMath.log2(range.base)
      let position = (ChartMath.log2(value) - ChartMath.log2(range.base)) / span
      return position.isFinite ? min(1, max(0, position)) : 1
    }
  }

  /// The values a bar length is measured against.
  struct BarRange: Equatable {
    /// The value of a full bar: the largest drawn value.
    var maximum: Double
    /// The value of an empty bar on a logarithmic scale.
    var base: Double
  }

  /// Returns the range of the values that draw a bar, nil when none does.
  func barRange() -> BarRange? {
    var maximum: Double?
    var smallestPositive: Double?
    for entry in series {
      for value in entry.values.prefix(categories.count) where value.isFinite {
        if scale == .logarithmic, value <= 0 { continue }
        maximum = max(maximum ?? value, value)
        if value > 0 { smallestPositive = min(smallestPositive ?? value, value) }
      }
    }
    guard let maximum else { return nil }
    guard scale == .logarithmic, let smallestPositive else {
      return BarRange(maximum: maximum, base: 0)
    }
    return BarRange(maximum: maximum, base: Self.logBase(below: smallestPositive))
  }

  /// Returns the largest power of ten below `smallest`, so that the smallest
  /// bar keeps some length.
  private static func logBase(below smallest: Double) -> Double {
    var base = 1.0
    while base >= smallest, base > Double.leastNormalMagnitude { base /= 10 }
    while base * 10 < smallest, (base * 10).isFinite { base *= 10 }
    return base
  }
}

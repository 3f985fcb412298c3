/// A grid of values or classes drawn as coloured cells: a confusion matrix
/// with its numbers, or a 2-D field such as a classifier's decision regions.
///
/// A 2×2 confusion matrix with numbers, in monochrome (Unicode):
///
///         cat dog
///     cat  42   3
///     dog   5  50
///     ░▒▓█ 3–50
///
/// Values map onto `valueRange` (by default the finite minimum and maximum).
/// With colour, each cell's background follows `ramp`, and the text is black
/// or white, whichever contrasts more with it. Without colour, numbers get dim, plain,
/// bold or bold reverse video by quarter of the range, and fields use the
/// shade ramp `" ░▒▓█"` (`" .:-=+*#%@"` in ASCII). Field cells carry the shade
/// glyph in colour as well, so a terminal that drops colour still shows them.
///
/// In the class mode each cell is a class index, drawn with the class glyph
/// (`●○■□▲△◆◇`, `ox+*#@%&` in ASCII) in the class colour. A negative index
/// is a cell without a class, drawn blank.
///
/// NaN and infinite values are drawn blank (`nan` and `inf` with numbers) and
/// counted in the legend row.
///
/// NOTE: Without colour, a gap in a field looks like a value at the bottom of
/// the range, since both are blank. Only the legend's count tells them apart.
public struct HeatMap: Sendable {
  /// The contents of the grid: values or class indices.
  public enum Content: Sendable {
    /// Values, row by row from the top.
    case values([[Double]])
    /// Class indices, row by row from the top.
    case classes([[Int]])
  }

  public var content: Content
  /// The labels left of the rows, drawn only with `showsValues`.
  public var rowLabels: [String]
  /// The labels above the columns, drawn only with `showsValues`.
  public var columnLabels: [String]
  /// Whether each grid cell is a column of text with its number (a matrix),
  /// or one character scaled to fill the area (a field). False by default.
  public var showsValues: Bool
  /// The values at the two ends of the ramp, nil (the default) for the finite
  /// minimum and maximum.
  public var valueRange: ClosedRange<Double>?
  /// The colours of the values, `.viridis` by default.
  public var ramp: ColorRamp
  /// Whether cells carry 24-bit colours, true by default. Pass false when
  /// colour is off, so that numbers switch to attributes.
  public var usesColor: Bool
  /// The class names in the legend of the class mode, by index.
  public var classNames: [String]
  /// The text of each number, `NumberText.compact` by default.
  public var formatValue: @Sendable (Double) -> String

  public init(
    content: Content, rowLabels: [String] = [], columnLabels: [String] = [],
    showsValues: Bool = false, valueRange: ClosedRange<Double>? = nil,
    ramp: ColorRamp = .viridis, usesColor: Bool = true, classNames: [String] = [],
    formatValue: @escaping @Sendable (Double) -> String = NumberText.compact
  ) {
    self.content = content
    self.rowLabels = rowLabels
    self.columnLabels = columnLabels
    self.showsValues = showsValues
    self.valueRange = valueRange
    self.ramp = ramp
    self.usesColor = usesColor
    self.classNames = classNames
    self.formatValue = formatValue
  }

  /// The number of grid rows.
  var rowCount: Int {
    switch content {
    case .values(let grid): grid.count
    case .classes(let grid): grid.count
    }
  }

  /// The number of grid columns: the length of the longest row.
  var columnCount: Int {
    switch content {
    case .values(let grid): grid.map(\.count).max() ?? 0
    case .classes(let grid): grid.map(\.count).max() ?? 0
    }
  }

  /// The number of NaN and infinite values.
  public var nonFiniteCount: Int {
    guard case .values(let grid) = content else { return 0 }
    return grid.reduce(0) { sum, row in sum + row.filter { !$0.isFinite }.count }
  }

  /// The range of the ramp: `valueRange`, or the finite minimum and maximum,
  /// nil when no value is finite.
  var shownRange: ClosedRange<Double>? {
    if let valueRange, valueRange.lowerBound.isFinite, valueRange.upperBound.isFinite {
      return valueRange
    }
    guard case .values(let grid) = content else { return nil }
    let finite = grid.joined().filter(\.isFinite)
    guard let lower = finite.min(), let upper = finite.max() else { return nil }
    return lower...upper
  }

  /// Returns where `value` lies in `range`, clamped to 0...1: 0.5 for an empty range.
  static func fraction(of value: Double, in range: ClosedRange<Double>) -> Double {
    // Halves keep ranges as wide as ±Double.greatestFiniteMagnitude finite.
    let span = range.upperBound / 2 - range.lowerBound / 2
    guard span > 0 else { return 0.5 }
    return min(1, max(0, (value / 2 - range.lowerBound / 2) / span))
  }
}

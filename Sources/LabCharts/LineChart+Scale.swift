/// The value range of one chart axis and how values map onto it.
///
/// `lower` and `upper` are data values, the ones the tick labels show. Positions
/// are fractions from 0 at `lower` to 1 at `upper`, on a logarithmic axis
/// measured in log₂ of the value. Linear positions use half values, so ranges
/// as wide as ±`Double.greatestFiniteMagnitude` do not overflow to infinity.
struct AxisMapping: Equatable {
  let lower: Double
  let upper: Double
  let scale: AxisScale
  private let origin: Double
  private let span: Double

  /// Creates the mapping for data from `lower` to `upper`, widening an empty range.
  ///
  /// A range with `lower == upper` becomes ±10% of the value, or ±1 around 0
  /// on a linear axis. A logarithmic range must be positive.
  /// - Precondition: both bounds are finite, `lower <= upper`, and on a
  ///   logarithmic axis `lower > 0`.
  init(lower: Double, upper: Double, scale: AxisScale) {
    precondition(lower.isFinite && upper.isFinite && lower <= upper,
      "AxisMapping: range \(lower)...\(upper) is not a finite ascending range")
    precondition(scale == .linear || lower > 0,
      "AxisMapping: logarithmic range \(lower)...\(upper) is not positive")
    let range = lower < upper
      ? (lower, upper) : Self.widenedRange(around: lower, scale: scale)
    self.lower = range.0
    self.upper = range.1
    self.scale = scale
    origin = Self.transform(range.0, scale: scale)
    span = Self.transform(range.1, scale: scale) - origin
  }

  /// The value halfway along the axis: the mean of the bounds on a linear
  /// axis and their geometric mean on a logarithmic one.
  var middle: Double {
    switch scale {
    case .linear: lower / 2 + upper / 2
    case .logarithmic: lower.squareRoot() * upper.squareRoot()
    }
  }

  /// Returns the position of `value` as a fraction of the axis, clamped to 0...1.
  /// - Precondition: `value` is finite, and positive on a logarithmic axis.
  func fraction(of value: Double) -> Double {
    let position = (Self.transform(value, scale: scale) - origin) / span
    guard position.isFinite else { return 0.5 }
    return min(1, max(0, position))
  }

  private static func transform(_ value: Double, scale: AxisScale) -> Double {
    switch scale {
    case .linear: value / 2
    case .logarithmic: ChartMath.log2(value)
    }
  }

  /// Returns a non-empty finite range around `value`: ±10%, or ±1 around 0.
  private static func widenedRange(
    around value: Double, scale: AxisScale
  ) -> (Double, Double) {
    let largest = Double.greatestFiniteMagnitude
    let margin = value.magnitude / 10
    let lower = max(-largest, value - margin)
    let upper = min(largest, value + margin)
    let isUsable = lower < upper && (scale == .linear || lower > 0)
    if isUsable { return (lower, upper) }

    // The margin vanished (0 or a subnormal value) or reached 0 on a log axis.
    switch scale {
    case .linear:
      return value == 0 ? (-1, 1) : (value - 1, value + 1)
    case .logarithmic:
      let doubled = value * 2
      return doubled.isFinite ? (value, doubled) : (value / 2, value)
    }
  }
}

/// Elementary functions the charts need, kept here so `LabCharts` depends on
/// the Swift standard library alone.
enum ChartMath {
  private static let naturalLogOf2 = 0.693_147_180_559_945_3

  /// Returns log₂ of a positive finite `x`, within 1e-14 relative in the tests.
  ///
  /// Splits `x` into `significand × 2^exponent`, scales the significand into
  /// [√½, √2) and sums the series `ln s = 2·(z + z³/3 + z⁵/5 + …)` with
  /// `z = (s − 1)/(s + 1)`. There `|z| < 0.18`, so the terms after the 14th add
  /// less than 1e-20 relative to the sum.
  /// Returns `-infinity` for 0 and `nan` for negative or non-finite input.
  static func log2(_ x: Double) -> Double {
    guard x.isFinite, x > 0 else { return x == 0 ? -.infinity : .nan }
    var exponent = Double(x.exponent)
    var significand = x.significand
    if significand > 2.0.squareRoot() {
      significand /= 2
      exponent += 1
    }

    let z = (significand - 1) / (significand + 1)
    let zSquared = z * z
    var power = z
    var sum = 0.0
    for k in 0..<14 {
      sum += power / Double(2 * k + 1)
      power *= zSquared
    }
    return exponent + 2 * sum / naturalLogOf2
  }
}

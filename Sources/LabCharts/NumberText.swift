/// Number formats for table cells and bar labels: digit groups (`138,357,544`),
/// fixed decimals (`1,234.57`) and short forms with a metric suffix (`138.4M`).
///
/// Rounding works on the shortest decimal text of each double, as in the chart
/// labels, so 0.125 with 2 decimals is `0.13`. Non-finite values are written
/// as `nan`, `inf` and `-inf`.
public enum NumberText {
  /// The suffixes of successive powers of 1000, from 10³ (`k`) to 10¹⁸ (`E`).
  private static let metricSuffixes = ["", "k", "M", "G", "T", "P", "E"]

  /// Writes `value` with `separator` between groups of three digits:
  /// `138,357,544`, `-1,024`.
  public static func grouped(_ value: Int, separator: String = ",") -> String {
    let digits = String(value.magnitude)
    let sign = value < 0 ? "-" : ""
    return sign + groupDigits(digits, separator: separator)
  }

  /// Writes `value` rounded to `fractionDigits` decimals (0 or more, 2 by
  /// default), ties away from zero, with grouped integer digits:
  /// `1,234.57`, `0.10`, `-3`.
  public static func grouped(
    _ value: Double, fractionDigits: Int = 2, separator: String = ","
  ) -> String {
    guard value.isFinite else { return value.description }
    let fractionDigits = max(0, fractionDigits)
    let (integer, fraction) = fixedDigits(value.magnitude, fractionDigits: fractionDigits)
    let isZero = integer.allSatisfy { $0 == "0" } && fraction.allSatisfy { $0 == "0" }
    let sign = value < 0 && !isZero ? "-" : ""
    let integerText = groupDigits(integer, separator: separator)
    return sign + integerText + (fraction.isEmpty ? "" : "." + fraction)
  }

  /// Writes `value` in a short form: below 1000 as a plain number
  /// with one decimal (`512`, `3.1`, or `0.0123` with 3 significant digits
  /// below 1), above it scaled to a metric suffix with one decimal:
  /// `1.5k`, `138.4M`, `15.5G`. A trailing `.0` is dropped (`20M`), and values
  /// past 10²¹ go to scientific notation (`1.2e24`).
  public static func compact(_ value: Double) -> String {
    guard value.isFinite else { return value.description }
    guard value != 0 else { return "0" }
    let sign = value < 0 ? "-" : ""
    if value.magnitude < 1 {
      return ChartNumberFormat.significant(value, digits: 3, fixedExponents: -4..<1)
    }

    var decimal = DecimalDigits(value.magnitude)
    var group = decimal.exponent / 3
    decimal.exponent -= 3 * group
    decimal.round(toSignificantDigits: decimal.exponent + 2)
    if decimal.exponent == 3 {
      // 999.96k rounds to 1000.0k, which is 1M.
      decimal.exponent = 0
      group += 1
    }
    guard group < metricSuffixes.count else {
      return ChartNumberFormat.significant(value, digits: 2, fixedExponents: 0..<0)
    }
    return sign + decimal.plainText() + metricSuffixes[group]
  }

  /// Returns the integer and fraction digits of a non-negative finite value
  /// rounded to `fractionDigits` decimals, the fraction padded with zeros.
  static func fixedDigits(_ magnitude: Double, fractionDigits: Int) -> (String, String) {
    let zeros = String(repeating: "0", count: fractionDigits)
    guard magnitude > 0 else { return ("0", zeros) }
    var decimal = DecimalDigits(magnitude)
    let keptDigits = decimal.exponent + 1 + fractionDigits
    guard keptDigits >= 0 else { return ("0", zeros) }
    decimal.round(toSignificantDigits: keptDigits)
    guard !decimal.digits.isEmpty else { return ("0", zeros) }

    // Digit i of `digits` has the place value 10^(exponent - i).
    var integer = ""
    var fraction = ""
    for place in stride(from: max(0, decimal.exponent), through: -fractionDigits, by: -1) {
      let index = decimal.exponent - place
      let digit = index >= 0 && index < decimal.digits.count ? decimal.digits[index] : 0
      let character = Character(Unicode.Scalar(UInt8(ascii: "0") + digit))
      if place >= 0 { integer.append(character) } else { fraction.append(character) }
    }
    return (integer, fraction)
  }

  private static func groupDigits(_ digits: String, separator: String) -> String {
    var text = ""
    let count = digits.count
    for (offset, digit) in digits.enumerated() {
      if offset > 0, (count - offset) % 3 == 0 { text += separator }
      text.append(digit)
    }
    return text
  }
}

/// Short decimal text for chart labels and legends.
///
/// Rounding works on the decimal digits of `Double.description`, the shortest
/// text that reads back as the same double, so 0.1 rounds as 0.1 and not as
/// 0.1000000000000000055511. Ties round away from zero on those digits.
enum ChartNumberFormat {
  /// Formats a value for the legend with 4 significant digits, like C's `%.4g`
  /// but with a short exponent: `0.1234`, `1500`, `1.235e4`, `1e-5`.
  static func legendValue(_ value: Double) -> String {
    significant(value, digits: 4, fixedExponents: -4..<4)
  }

  /// Formats an axis tick compactly: integers below 10⁶ in full (`1500`),
  /// other values with `digits` significant digits, in plain notation from
  /// 0.01 up to 10⁵ (`0.25`) and in scientific notation outside it (`1.2e-3`).
  static func tickLabel(_ value: Double, digits: Int = 3) -> String {
    if value.isFinite, value.magnitude < 1e6, value == value.rounded() {
      return String(Int(value))
    }
    return significant(value, digits: digits, fixedExponents: -2..<5)
  }

  /// Formats `value` rounded to `digits` significant digits, without trailing zeros.
  ///
  /// Values whose decimal exponent lies in `fixedExponents` are written in plain
  /// notation and the others as `mantissa` `e` `exponent`. Zero is `0` and
  /// non-finite values are `nan`, `inf` or `-inf`.
  static func significant(
    _ value: Double, digits: Int, fixedExponents: Range<Int>
  ) -> String {
    guard value.isFinite else { return value.description }
    guard value != 0 else { return "0" }

    var decimal = DecimalDigits(value.magnitude)
    decimal.round(toSignificantDigits: max(1, digits))
    let sign = value < 0 ? "-" : ""
    if fixedExponents.contains(decimal.exponent) {
      return sign + decimal.plainText()
    }
    return sign + decimal.scientificText()
  }
}

/// A positive decimal number as significant digits and a power of ten:
/// `d₀.d₁d₂… × 10^exponent`, with no leading or trailing zero digits.
struct DecimalDigits: Equatable {
  /// The significant digits, each in 0...9. The first is never 0.
  var digits: [UInt8]
  /// The decimal exponent of the first digit.
  var exponent: Int

  init(digits: [UInt8], exponent: Int) {
    self.digits = digits
    self.exponent = exponent
  }

  /// Reads the digits of a positive finite `value` from its shortest round-trip
  /// text, which Swift writes as `123.45`, `1e-05` or `1.5e+30`.
  /// - Precondition: `value` is finite and greater than zero.
  init(_ value: Double) {
    precondition(value.isFinite && value > 0,
      "DecimalDigits: value \(value) is not a positive finite number")
    let text = value.description.utf8
    var mantissaDigits: [UInt8] = []
    var integerDigitCount = 0
    var isFraction = false
    var exponentText = ""
    var isExponent = false

    for byte in text {
      if isExponent {
        exponentText.append(Character(Unicode.Scalar(byte)))
      } else if byte == UInt8(ascii: "e") {
        isExponent = true
      } else if byte == UInt8(ascii: ".") {
        isFraction = true
      } else if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
        mantissaDigits.append(byte - UInt8(ascii: "0"))
        if !isFraction { integerDigitCount += 1 }
      }
    }

    // Leading zeros ("0.0012") move the first significant digit to the right.
    let leadingZeros = mantissaDigits.prefix { $0 == 0 }.count
    var significantDigits = Array(mantissaDigits.dropFirst(leadingZeros))
    while significantDigits.last == 0 { significantDigits.removeLast() }
    let textExponent = Int(exponentText) ?? 0
    self.init(
      digits: significantDigits,
      exponent: integerDigitCount - 1 - leadingZeros + textExponent)
  }

  /// Rounds to at most `count` digits, half away from zero, carrying into the exponent.
  mutating func round(toSignificantDigits count: Int) {
    guard digits.count > count else { return }
    let roundsUp = digits[count] >= 5
    digits.removeLast(digits.count - count)

    if roundsUp {
      var index = digits.count - 1
      while index >= 0, digits[index] == 9 {
        digits[index] = 0
        index -= 1
      }
      if index >= 0 {
        digits[index] += 1
      } else {
        // All nines: 9.99 becomes 10.0.
        digits.insert(1, at: 0)
        exponent += 1
      }
    }
    while digits.last == 0 { digits.removeLast() }
  }

  /// Writes the digits without an exponent: `1500`, `0.25`, `0.0012`.
  func plainText() -> String {
    var text = ""
    if exponent < 0 {
      text = "0." + String(repeating: "0", count: -exponent - 1)
      text += digitText(digits[...])
      return text
    }

    let integerCount = exponent + 1
    text = digitText(digits.prefix(integerCount))
    if digits.count < integerCount {
      text += String(repeating: "0", count: integerCount - digits.count)
    } else if digits.count > integerCount {
      text += "." + digitText(digits.dropFirst(integerCount))
    }
    return text
  }

  /// Writes the digits as mantissa and exponent: `1.2e-3`, `1e30`.
  func scientificText() -> String {
    var text = digitText(digits.prefix(1))
    if digits.count > 1 {
      text += "." + digitText(digits.dropFirst())
    }
    return text + "e" + String(exponent)
  }

  private func digitText(_ slice: ArraySlice<UInt8>) -> String {
    String(decoding: slice.map { $0 + UInt8(ascii: "0") }, as: UTF8.self)
  }
}

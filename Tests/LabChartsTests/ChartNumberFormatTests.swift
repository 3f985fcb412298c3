import Testing

@testable import LabCharts

@Suite("ChartNumberFormat")
struct ChartNumberFormatTests {
  @Test(arguments: [
    (0.1234, "0.1234"), (0.12345, "0.1235"), (0.5, "0.5"), (1500, "1500"),
    (12345, "1.235e4"), (1e-5, "1e-5"), (0.0001234, "0.0001234"), (9.9996, "10"),
    (-0.25, "-0.25"), (0, "0"), (-0.0, "0"), (1e30, "1e30"), (1.7976931348623157e308, "1.798e308"),
    (Double.leastNonzeroMagnitude, "5e-324"),
  ])
  func legendValue(value: Double, expected: String) {
    #expect(ChartNumberFormat.legendValue(value) == expected)
  }

  @Test(arguments: [
    (0.0012, "1.2e-3"), (0.25, "0.25"), (1500, "1500"), (0.625, "0.625"), (0.1835, "0.184"),
    (2, "2"), (-3, "-3"), (123_456.7, "1.23e5"), (2_000_000, "2e6"), (0.01, "0.01"),
    (0.00999, "9.99e-3"), (1.5e30, "1.5e30"), (-1.7976931348623157e308, "-1.8e308"),
  ])
  func tickLabel(value: Double, expected: String) {
    #expect(ChartNumberFormat.tickLabel(value) == expected)
  }

  @Test func tickLabelDigits() {
    #expect(ChartNumberFormat.tickLabel(1.23456, digits: 5) == "1.2346")
    #expect(ChartNumberFormat.tickLabel(1.23456, digits: 1) == "1")
  }

  @Test(arguments: [Double.nan, .infinity, -.infinity])
  func nonFinite(value: Double) {
    #expect(ChartNumberFormat.legendValue(value) == value.description)
  }

  @Test func zeroDigitsActAsOne() {
    #expect(ChartNumberFormat.significant(0.26, digits: 0, fixedExponents: -2..<5) == "0.3")
  }

  @Test(arguments: [
    (1500.0, [UInt8]([1, 5]), 3), (0.0012, [1, 2], -3), (1e-5, [1], -5), (1.5e30, [1, 5], 30),
    (123.45, [1, 2, 3, 4, 5], 2), (1, [1], 0),
  ])
  func decimalDigits(value: Double, digits: [UInt8], exponent: Int) {
    #expect(DecimalDigits(value) == DecimalDigits(digits: digits, exponent: exponent))
  }

  @Test func roundingCarries() {
    var decimal = DecimalDigits(digits: [9, 9, 9, 6], exponent: -1)
    decimal.round(toSignificantDigits: 3)
    #expect(decimal == DecimalDigits(digits: [1], exponent: 0))
  }

  @Test func roundingDropsTrailingZeros() {
    var decimal = DecimalDigits(digits: [1, 2, 0, 4], exponent: 0)
    decimal.round(toSignificantDigits: 3)
    #expect(decimal == DecimalDigits(digits: [1, 2], exponent: 0))
  }

  @Test func plainText() {
    #expect(DecimalDigits(digits: [1, 5], exponent: 3).plainText() == "1500")
    #expect(DecimalDigits(digits: [2, 5], exponent: -1).plainText() == "0.25")
    #expect(DecimalDigits(digits: [1, 2, 3], exponent: 0).plainText() == "1.23")
    #expect(DecimalDigits(digits: [1], exponent: -3).plainText() == "0.001")
  }

  @Test func scientificText() {
    #expect(DecimalDigits(digits: [1, 2], exponent: -3).scientificText() == "1.2e-3")
    #expect(DecimalDigits(digits: [1], exponent: 30).scientificText() == "1e30")
  }
}

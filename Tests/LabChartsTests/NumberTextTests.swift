import Testing

@testable import LabCharts

@Suite("NumberText")
struct NumberTextTests {
  @Test(arguments: [
    (138_357_544, "138,357,544"),
    (14_714_688, "14,714,688"),
    (-1024, "-1,024"),
    (999, "999"),
    (0, "0"),
    (Int.min, "-9,223,372,036,854,775,808"),
  ])
  func groupedInteger(value: Int, expected: String) {
    #expect(NumberText.grouped(value) == expected)
  }

  @Test(arguments: [
    (1234.5678, 2, "1,234.57"),
    (0.125, 2, "0.13"),
    (0.1, 2, "0.10"),
    (999.995, 2, "1,000.00"),
    (0.006, 2, "0.01"),
    (0.004, 2, "0.00"),
    (-0.001, 2, "0.00"),
    (-2.5, 0, "-3"),
    (3, 0, "3"),
    (1e20, 0, "100,000,000,000,000,000,000"),
    (1e-300, 3, "0.000"),
  ])
  func groupedDecimal(value: Double, fractionDigits: Int, expected: String) {
    #expect(NumberText.grouped(value, fractionDigits: fractionDigits) == expected)
  }

  @Test func groupedNonFinite() {
    #expect(NumberText.grouped(.nan) == "nan")
    #expect(NumberText.grouped(-.infinity) == "-inf")
  }

  @Test func groupedSeparator() {
    #expect(NumberText.grouped(1_234_567, separator: " ") == "1 234 567")
  }

  @Test(arguments: [
    (138_357_544, "138.4M"),
    (143_667_240, "143.7M"),
    (15_470_264_320, "15.5G"),
    (20_024_384, "20M"),
    (999_960, "1M"),
    (999.96, "1k"),
    (1500, "1.5k"),
    (38_720, "38.7k"),
    (512, "512"),
    (3.14159, "3.1"),
    (0.0123, "0.0123"),
    (-2_500_000, "-2.5M"),
    (0, "0"),
    (1.2e24, "1.2e24"),
  ])
  func compact(value: Double, expected: String) {
    #expect(NumberText.compact(value) == expected)
  }

  @Test func compactNonFinite() {
    #expect(NumberText.compact(.nan) == "nan")
    #expect(NumberText.compact(.infinity) == "inf")
  }
}

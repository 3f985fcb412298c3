import Foundation
import Testing

@testable import LabCharts

@Suite("LineChart+Scale")
struct LineChartScaleTests {
  @Test func linearFractions() {
    let axis = AxisMapping(lower: 0.25, upper: 1, scale: .linear)
    #expect(axis.fraction(of: 0.25) == 0)
    #expect(axis.fraction(of: 1) == 1)
    #expect(axis.fraction(of: 0.625) == 0.5)
  }

  @Test func fractionsClamped() {
    let axis = AxisMapping(lower: 0, upper: 1, scale: .linear)
    #expect(axis.fraction(of: -5) == 0)
    #expect(axis.fraction(of: 7) == 1)
  }

  @Test func logFractions() {
    let axis = AxisMapping(lower: 0.1, upper: 10, scale: .logarithmic)
    #expect(axis.fraction(of: 0.1) == 0)
    #expect(axis.fraction(of: 10) == 1)
    #expect(abs(axis.fraction(of: 1) - 0.5) < 1e-12)
  }

  @Test func linearMiddle() {
    #expect(AxisMapping(lower: 0.25, upper: 1, scale: .linear).middle == 0.625)
  }

  @Test func logMiddleGeometric() {
    let middle = AxisMapping(lower: 0.1, upper: 1, scale: .logarithmic).middle
    #expect(abs(middle - 0.1.squareRoot()) < 1e-15)
  }

  @Test(arguments: [(0.5, 0.45, 0.55), (-2.0, -2.2, -1.8), (0.0, -1.0, 1.0)])
  func constantWidened(value: Double, lower: Double, upper: Double) {
    let axis = AxisMapping(lower: value, upper: value, scale: .linear)
    #expect(abs(axis.lower - lower) < 1e-12)
    #expect(abs(axis.upper - upper) < 1e-12)
    #expect(abs(axis.fraction(of: value) - 0.5) < 1e-12)
  }

  @Test func constantLogWidened() {
    let axis = AxisMapping(lower: 0.5, upper: 0.5, scale: .logarithmic)
    #expect(abs(axis.lower - 0.45) < 1e-12)
    #expect(abs(axis.upper - 0.55) < 1e-12)
  }

  @Test func subnormalWidened() {
    let tiny = Double.leastNonzeroMagnitude
    let linear = AxisMapping(lower: tiny, upper: tiny, scale: .linear)
    #expect(linear.lower < linear.upper)
    let log = AxisMapping(lower: tiny, upper: tiny, scale: .logarithmic)
    #expect(log.lower == tiny)
    #expect(log.upper == 2 * tiny)
  }

  @Test func largestConstantStaysFinite() {
    let largest = Double.greatestFiniteMagnitude
    let linear = AxisMapping(lower: largest, upper: largest, scale: .linear)
    #expect(linear.upper == largest)
    #expect(linear.lower < largest)
    let log = AxisMapping(lower: largest, upper: largest, scale: .logarithmic)
    #expect(log.upper == largest)
    #expect(log.lower < largest)
  }

  @Test func widestRangeNoOverflow() {
    let largest = Double.greatestFiniteMagnitude
    let axis = AxisMapping(lower: -largest, upper: largest, scale: .linear)
    #expect(axis.fraction(of: 0) == 0.5)
    #expect(axis.fraction(of: largest) == 1)
    #expect(axis.middle == 0)
  }

  @Test(arguments: [1.0, 2, 8, 0.5, 1024, 3, 10, 0.1, 1e-300, 1e300, 1.000_000_1, 0.999_999,
    Double.leastNonzeroMagnitude, Double.greatestFiniteMagnitude, 1.414_213_562_373_095])
  func log2MatchesC(x: Double) {
    let expected = Foundation.log2(x)
    let error = abs(ChartMath.log2(x) - expected)
    #expect(error <= 1e-14 * abs(expected), "log2(\(x)) is off by \(error)")
  }

  @Test func log2Exact() {
    #expect(ChartMath.log2(1) == 0)
    #expect(ChartMath.log2(8) == 3)
    #expect(ChartMath.log2(0.25) == -2)
  }

  @Test func log2Edges() {
    #expect(ChartMath.log2(0) == -.infinity)
    #expect(ChartMath.log2(-1).isNaN)
    #expect(ChartMath.log2(.nan).isNaN)
    #expect(ChartMath.log2(.infinity).isNaN)
  }
}

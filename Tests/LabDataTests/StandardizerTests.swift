import Testing

@testable import LabData

@Suite("Standardizer")
struct StandardizerTests {
  /// Two columns: 1, 2, 3, 4 and 10, 30, 50, 70.
  let values: [Float] = [1, 10, 2, 30, 3, 50, 4, 70]

  @Test func fitsPopulationMeanAndDeviation() {
    let standardizer = Standardizer(fitting: values, columns: 2)

    #expect(standardizer.mean == [2.5, 40])
    // Population variance of 1, 2, 3, 4 is 1.25, and of 10, 30, 50, 70 it is 500.
    #expect(abs(standardizer.standardDeviation[0] - 1.118_034) < 1e-6)
    #expect(abs(standardizer.standardDeviation[1] - 22.360_68) < 1e-4)
  }

  @Test func applyGivesZeroMeanUnitVariance() {
    let standardizer = Standardizer(fitting: values, columns: 2)
    let standardized = standardizer.apply(values)
    let refitted = Standardizer(fitting: standardized, columns: 2)

    for column in 0..<2 {
      #expect(abs(refitted.mean[column]) < 1e-6)
      #expect(abs(refitted.standardDeviation[column] - 1) < 1e-6)
    }
  }

  @Test func invertRestoresValues() {
    let standardizer = Standardizer(fitting: values, columns: 2)
    let restored = standardizer.invert(standardizer.apply(values))

    for (original, roundTrip) in zip(values, restored) {
      #expect(abs(original - roundTrip) < 1e-5 * max(1, abs(original)))
    }
  }

  @Test func applyWorksOnOtherRows() {
    let standardizer = Standardizer(fitting: values, columns: 2)

    #expect(standardizer.apply([2.5, 40]) == [0, 0])
  }

  @Test(
    "constant column",
    arguments: [Float(0), 0.1, -7.25, 1e6])
  func constantColumnGetsUnitDeviation(constant: Float) {
    let columns: [Float] = [constant, 1, constant, 2, constant, 3]
    let standardizer = Standardizer(fitting: columns, columns: 2)
    let standardized = standardizer.apply(columns)

    #expect(standardizer.mean[0] == constant)
    #expect(standardizer.standardDeviation[0] == 1)
    #expect(standardized[0] == 0)
    #expect(standardized[2] == 0)
    #expect(standardized[4] == 0)
    #expect(standardizer.invert(standardized)[0] == constant)
  }

  @Test func largeOffsetKeepsSmallSpread() {
    // Float sums of these values pass 2^24 and round to even numbers, which shifts the
    // mean. Double sums are exact here.
    let offsetValues: [Float] = [10_000_001, 10_000_002, 10_000_003]
    let standardizer = Standardizer(fitting: offsetValues, columns: 1)

    #expect(standardizer.mean == [10_000_002])
    #expect(abs(standardizer.standardDeviation[0] - 0.816_496_6) < 1e-6)
  }
}

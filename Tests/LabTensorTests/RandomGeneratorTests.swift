import LabTensor
import Testing

@Suite("RandomGenerator")
struct RandomGeneratorTests {
  @Test("same seed gives the same sequence")
  func sameSeedSameSequence() {
    var first = RandomGenerator(seed: 42)
    var second = RandomGenerator(seed: 42)

    let firstValues = (0..<1_000).map { _ in first.next() }
    let secondValues = (0..<1_000).map { _ in second.next() }

    #expect(firstValues == secondValues)
  }

  @Test("different seeds give different sequences", arguments: [(0, 1), (42, 43), (1, 1 << 63)])
  func differentSeedsDiffer(seeds: (UInt64, UInt64)) {
    var first = RandomGenerator(seed: seeds.0)
    var second = RandomGenerator(seed: seeds.1)

    let matches = (0..<1_000).filter { _ in first.next() == second.next() }.count

    #expect(matches == 0)
  }

  @Test("normal samples have mean 0 and variance 1")
  func normalMoments() {
    // Over n = 100,000 draws the standard error of the mean is 1/√n ≈ 0.0032
    // and that of the variance √(2/n) ≈ 0.0045, so each bound is over 6 of them.
    var generator = RandomGenerator(seed: 7)
    let count = 100_000
    let samples = (0..<count).map { _ in generator.normal() }

    let mean = samples.reduce(0, +) / Double(count)
    let variance = samples.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(count - 1)

    #expect(abs(mean) < 0.02)
    #expect(abs(variance - 1) < 0.03)
  }

  @Test("normal samples have normal tail fractions")
  func normalShape() {
    // A standard normal puts 68.27% of its mass within 1 and 95.45% within 2;
    // over 100,000 draws the standard errors are 0.0015 and 0.0007, so each
    // bound is 4 of them.
    var generator = RandomGenerator(seed: 14)
    let count = 100_000
    let samples = (0..<count).map { _ in generator.normal() }

    let withinOne = Double(samples.filter { abs($0) < 1 }.count) / Double(count)
    let withinTwo = Double(samples.filter { abs($0) < 2 }.count) / Double(count)

    #expect(abs(withinOne - 0.6827) < 0.006)
    #expect(abs(withinTwo - 0.9545) < 0.003)
  }

  @Test("normal applies mean and standard deviation")
  func normalShifted() {
    var generator = RandomGenerator(seed: 8)
    let count = 100_000
    let samples = (0..<count).map { _ in generator.normal(mean: 5, standardDeviation: 0.5) }

    let mean = samples.reduce(0, +) / Double(count)
    let variance = samples.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(count - 1)

    #expect(abs(mean - 5) < 0.01)
    #expect(abs(variance - 0.25) < 0.0075)
  }

  @Test("uniform stays in its range and fills it")
  func uniformRange() {
    var generator = RandomGenerator(seed: 9)
    let samples = (0..<100_000).map { _ in generator.uniform(-0.25, 0.75) }

    #expect(samples.allSatisfy { $0 >= -0.25 })
    #expect(samples.allSatisfy { $0 < 0.75 })
    #expect(samples.min()! < -0.24)
    #expect(samples.max()! > 0.74)
    #expect(abs(samples.reduce(0, +) / Float(samples.count) - 0.25) < 0.01)
  }

  @Test("uniform never returns its upper bound")
  func uniformExcludesUpperBound() {
    // Between 1 and the next Float up, low + (high − low)·u rounds to `high`
    // for about half of all u, so an unguarded sum returns it often.
    var generator = RandomGenerator(seed: 13)
    let high = Float(1).nextUp

    let samples = (0..<1_000).map { _ in generator.uniform(1, high) }

    #expect(samples.allSatisfy { $0 == 1 })
  }

  @Test("unit samples stay in [0, 1)")
  func unitRange() {
    var generator = RandomGenerator(seed: 10)

    let samples = (0..<100_000).map { _ in generator.nextUnit() }

    #expect(samples.allSatisfy { $0 >= 0 })
    #expect(samples.allSatisfy { $0 < 1 })
  }

  @Test("permutation contains every index once", arguments: [0, 1, 2, 10, 257])
  func permutationIsPermutation(count: Int) {
    var generator = RandomGenerator(seed: 12)

    let permutation = generator.permutation(count)

    #expect(permutation.sorted() == Array(0..<count))
  }

  @Test("permutation depends on the seed")
  func permutationShuffles() {
    var first = RandomGenerator(seed: 1)
    var second = RandomGenerator(seed: 2)

    #expect(first.permutation(50) != Array(0..<50))
    #expect(first.permutation(50) != second.permutation(50))
  }
}

import Foundation

/// A seeded pseudo-random generator: xoshiro256** seeded through SplitMix64.
///
/// The same seed gives the same sequence on every platform and run, which is
/// what makes scenario runs repeatable. From "Scrambled Linear Pseudorandom
/// Number Generators" (Blackman and Vigna, 2021).
public struct RandomGenerator: RandomNumberGenerator, Sendable {
  private var state: (UInt64, UInt64, UInt64, UInt64)

  public init(seed: UInt64) {
    var splitMix = seed
    func nextSplitMix() -> UInt64 {
      splitMix &+= 0x9E37_79B9_7F4A_7C15
      var z = splitMix
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    state = (nextSplitMix(), nextSplitMix(), nextSplitMix(), nextSplitMix())
  }

  public mutating func next() -> UInt64 {
    let result = rotateLeft(state.1 &* 5, 7) &* 9
    let shifted = state.1 << 17
    state.2 ^= state.0
    state.3 ^= state.1
    state.1 ^= state.2
    state.0 ^= state.3
    state.2 ^= shifted
    state.3 = rotateLeft(state.3, 45)
    return result
  }

  private func rotateLeft(_ value: UInt64, _ count: UInt64) -> UInt64 {
    (value << count) | (value >> (64 - count))
  }

  /// A uniform Double in [0, 1) built from the top 53 bits.
  public mutating func nextUnit() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }

  /// A uniform Float in [low, high).
  public mutating func uniform(_ low: Float, _ high: Float) -> Float {
    let value = low + (high - low) * Float(nextUnit())
    // Rounding to Float, of the unit value or of the sum, can reach `high`.
    return value < high ? value : max(low, high.nextDown)
  }

  /// A standard normal sample (Box–Muller), scaled to `mean` and `standardDeviation`.
  public mutating func normal(mean: Double = 0, standardDeviation: Double = 1) -> Double {
    var u1 = nextUnit()
    while u1 <= .leastNormalMagnitude { u1 = nextUnit() }
    let u2 = nextUnit()
    let radius = (-2 * Foundation.log(u1)).squareRoot()
    return mean + standardDeviation * radius * Foundation.cos(2 * Double.pi * u2)
  }

  /// A random permutation of 0..<count (Fisher–Yates).
  public mutating func permutation(_ count: Int) -> [Int] {
    var indices = Array(0..<count)
    if count < 2 { return indices }
    for i in stride(from: count - 1, to: 0, by: -1) {
      let j = Int(next() % UInt64(i + 1))
      indices.swapAt(i, j)
    }
    return indices
  }
}

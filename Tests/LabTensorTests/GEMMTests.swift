import LabTensor
import Testing

/// One gemm call: sizes, which operands are stored transposed, and whether
/// the product is added to C.
struct GEMMCase: Sendable, CustomTestStringConvertible {
  var m: Int
  var n: Int
  var k: Int
  var transposeA: Bool
  var transposeB: Bool
  var accumulate: Bool

  var testDescription: String {
    "\(m)×\(k) · \(k)×\(n), transposeA \(transposeA), transposeB \(transposeB), "
      + "accumulate \(accumulate)"
  }

  /// Every combination of the flags for a few sizes, including 1×1.
  static let all: [GEMMCase] = {
    var cases: [GEMMCase] = []
    for (m, n, k) in [(1, 1, 1), (2, 3, 4), (5, 1, 3), (4, 6, 1), (7, 5, 9)] {
      for transposeA in [false, true] {
        for transposeB in [false, true] {
          for accumulate in [false, true] {
            cases.append(GEMMCase(
              m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB,
              accumulate: accumulate))
          }
        }
      }
    }
    return cases
  }()
}

@Suite("GEMM")
struct GEMMTests {
  /// Returns op(A) · op(B) (+ C) with a triple loop in Float64.
  private func reference(_ setup: GEMMCase, a: [Float], b: [Float], c: [Float]) -> [Float] {
    var result = [Float](repeating: 0, count: setup.m * setup.n)
    for i in 0..<setup.m {
      for j in 0..<setup.n {
        var total = setup.accumulate ? Double(c[i * setup.n + j]) : 0
        for p in 0..<setup.k {
          let left = setup.transposeA ? a[p * setup.m + i] : a[i * setup.k + p]
          let right = setup.transposeB ? b[j * setup.k + p] : b[p * setup.n + j]
          total += Double(left) * Double(right)
        }
        result[i * setup.n + j] = Float(total)
      }
    }
    return result
  }

  @Test("gemm matches a Float64 triple loop", arguments: GEMMCase.all)
  func gemmMatchesReference(setup: GEMMCase) {
    var generator = RandomGenerator(seed: 3)
    let a = (0..<(setup.m * setup.k)).map { _ in generator.uniform(-1, 1) }
    let b = (0..<(setup.k * setup.n)).map { _ in generator.uniform(-1, 1) }
    var c = (0..<(setup.m * setup.n)).map { _ in generator.uniform(-1, 1) }
    let expected = reference(setup, a: a, b: b, c: c)

    c.withUnsafeMutableBufferPointer { output in
      gemm(
        m: setup.m, n: setup.n, k: setup.k, a: a, transposeA: setup.transposeA,
        b: b, transposeB: setup.transposeB, c: output.baseAddress!,
        accumulate: setup.accumulate)
    }

    // At most 9 products of values below 1, plus C, round in Float32 to
    // within about 10 · 2⁻²⁴ · 10 ≈ 6e-6 of the Float64 result.
    for (index, (actual, wanted)) in zip(c, expected).enumerated() {
      #expect(abs(actual - wanted) <= 1e-5, "C[\(index)] is \(actual), expected \(wanted)")
    }
  }
}

@testable import LabTensor
import Testing

/// One gemm call: sizes, which operands are stored transposed, whether the
/// product is added to C, and how many unused floats pad each stored row.
struct GEMMCase: Sendable, CustomTestStringConvertible {
  var m: Int
  var n: Int
  var k: Int
  var transposeA = false
  var transposeB = false
  var accumulate = false
  var padding = 0

  var lda: Int { (transposeA ? m : k) + padding }
  var ldb: Int { (transposeB ? k : n) + padding }
  var ldc: Int { n + padding }

  var testDescription: String {
    "\(m)×\(k) · \(k)×\(n), transposeA \(transposeA), transposeB \(transposeB), "
      + "accumulate \(accumulate), padding \(padding)"
  }

  /// Every combination of the flags for a few sizes, including 1×1.
  static let flagCombinations: [GEMMCase] = {
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

  /// Sizes on both sides of every tile edge (6 rows, 32 columns) and of the
  /// unroll and vector widths, one dimension at a time, cycling through the
  /// four transpose combinations and both accumulate settings.
  static let tileEdges: [GEMMCase] = {
    let sizes = [1, 5, 6, 7, 12, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 257]
    var cases: [GEMMCase] = []
    for (index, size) in sizes.enumerated() {
      for shape in [(size, 13, 11), (9, size, 11), (9, 13, size)] {
        cases.append(GEMMCase(
          m: shape.0, n: shape.1, k: shape.2, transposeA: index % 2 == 1,
          transposeB: index / 2 % 2 == 1, accumulate: index % 3 == 0))
      }
    }
    return cases
  }()

  /// Sizes on both sides of the packed path's blocks: depth panels of 384,
  /// pieces of up to 96 rows and 256 columns (halved for smaller panels),
  /// panels of 3,072 rows and 4,096 columns.
  static let blockEdges: [GEMMCase] = {
    let shapes = [
      (7, 33, 383), (7, 33, 384), (7, 33, 385), (13, 37, 769),
      (95, 9, 5), (96, 9, 5), (97, 9, 5), (193, 7, 3),
      (5, 255, 7), (5, 256, 7), (5, 257, 7), (3, 513, 4),
      (3_073, 3, 2), (2, 4_097, 3), (101, 263, 389),
    ]
    var cases: [GEMMCase] = []
    for (index, shape) in shapes.enumerated() {
      cases.append(GEMMCase(
        m: shape.0, n: shape.1, k: shape.2, transposeA: index % 2 == 0,
        transposeB: index / 2 % 2 == 0, accumulate: index % 3 == 1))
    }
    return cases
  }()

  /// Rows padded past their length, so that a kernel that ignored a leading
  /// dimension would read or write the wrong elements.
  static let padded: [GEMMCase] = {
    var cases: [GEMMCase] = []
    for (m, n, k) in [(7, 33, 5), (13, 70, 29), (100, 40, 390), (7, 300, 30)] {
      for transposeA in [false, true] {
        for transposeB in [false, true] {
          cases.append(GEMMCase(
            m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB,
            accumulate: transposeA, padding: 3))
        }
      }
    }
    return cases
  }()
}

/// Random operands for one case, laid out with the case's leading dimensions.
/// Padding floats of C hold a sentinel that gemm must leave alone.
struct GEMMOperands {
  static let sentinel: Float = -12_345

  var a: [Float]
  var b: [Float]
  var c: [Float]

  init(_ setup: GEMMCase, seed: UInt64) {
    var generator = RandomGenerator(seed: seed)
    let storedRowsA = setup.transposeA ? setup.k : setup.m
    let storedRowsB = setup.transposeB ? setup.n : setup.k
    a = (0..<(storedRowsA * setup.lda)).map { _ in generator.uniform(-1, 1) }
    b = (0..<(storedRowsB * setup.ldb)).map { _ in generator.uniform(-1, 1) }
    c = (0..<(setup.m * setup.ldc)).map { index in
      index % setup.ldc < setup.n ? generator.uniform(-1, 1) : GEMMOperands.sentinel
    }
  }

  /// Returns C after running gemm on a copy of these operands.
  func multiplied(_ setup: GEMMCase, threads: Int, path: GEMMPath?) -> [Float] {
    var output = c
    a.withUnsafeBufferPointer { a in
      b.withUnsafeBufferPointer { b in
        output.withUnsafeMutableBufferPointer { output in
          gemm(
            m: setup.m, n: setup.n, k: setup.k,
            a: a.baseAddress!, lda: setup.lda, transposeA: setup.transposeA,
            b: b.baseAddress!, ldb: setup.ldb, transposeB: setup.transposeB,
            c: output.baseAddress!, ldc: setup.ldc, accumulate: setup.accumulate,
            threads: threads, path: path)
        }
      }
    }
    return output
  }

  /// Returns op(A) · op(B) (+ C) from a triple loop in Float64, and for each
  /// element the bound on the Float32 rounding error of any summation order:
  ///
  ///     (k + 2) · 2⁻²³ · (Σₚ |A[i,p] · B[p,j]| + |C[i,j]|)
  ///
  /// which is twice the classic bound γₖ ≈ k · 2⁻²⁴ on a dot product.
  func reference(_ setup: GEMMCase) -> (values: [Float], bounds: [Float]) {
    var values = [Float](repeating: 0, count: setup.m * setup.n)
    var bounds = values
    for i in 0..<setup.m {
      for j in 0..<setup.n {
        let initial = setup.accumulate ? Double(c[i * setup.ldc + j]) : 0
        var total = initial
        var magnitude = abs(initial)
        for p in 0..<setup.k {
          let left = setup.transposeA ? a[p * setup.lda + i] : a[i * setup.lda + p]
          let right = setup.transposeB ? b[j * setup.ldb + p] : b[p * setup.ldb + j]
          total += Double(left) * Double(right)
          magnitude += abs(Double(left) * Double(right))
        }
        values[i * setup.n + j] = Float(total)
        bounds[i * setup.n + j] = Float(Double(setup.k + 2) * 0x1p-23 * magnitude)
      }
    }
    return (values, bounds)
  }
}

@Suite("GEMM")
struct GEMMTests {
  /// Records an issue for each element of C outside its error bound, and for
  /// each padding float that changed.
  private func check(_ setup: GEMMCase, threads: Int, path: GEMMPath?) {
    let seed = UInt64(setup.m * 1_000_003 + setup.n * 1_009 + setup.k)
    let operands = GEMMOperands(setup, seed: seed)
    let output = operands.multiplied(setup, threads: threads, path: path)
    let (expected, bounds) = operands.reference(setup)

    var failures: [String] = []
    for i in 0..<setup.m {
      for j in 0..<setup.ldc {
        let actual = output[i * setup.ldc + j]
        if j >= setup.n {
          if actual.bitPattern != GEMMOperands.sentinel.bitPattern {
            failures.append("padding C[\(i), \(j)] changed to \(actual)")
          }
          continue
        }
        let expectedValue = expected[i * setup.n + j]
        let bound = bounds[i * setup.n + j]
        if !(abs(actual - expectedValue) <= bound) {
          failures.append("C[\(i), \(j)] is \(actual), expected \(expectedValue) within \(bound)")
        }
      }
    }
    let failureCount = failures.count
    #expect(failureCount == 0, "first failures: \(failures.prefix(3))")
  }

  @Test("flag combinations match Float64", arguments: GEMMCase.flagCombinations)
  func flagCombinations(setup: GEMMCase) {
    check(setup, threads: 2, path: nil)
    check(setup, threads: 2, path: .packed)
  }

  @Test("tile edges match Float64", arguments: GEMMCase.tileEdges)
  func tileEdges(setup: GEMMCase) {
    check(setup, threads: 1, path: .unpacked)
    check(setup, threads: 2, path: .packed)
  }

  @Test("block edges match Float64", arguments: GEMMCase.blockEdges)
  func blockEdges(setup: GEMMCase) {
    check(setup, threads: 3, path: .packed)
    check(setup, threads: 1, path: .unpacked)
  }

  @Test("leading dimensions are honoured", arguments: GEMMCase.padded)
  func leadingDimensions(setup: GEMMCase) {
    check(setup, threads: 2, path: .unpacked)
    check(setup, threads: 2, path: .packed)
    check(setup, threads: 2, path: nil)
  }

  @Test("default path matches Float64", arguments: [(64, 64, 64), (65, 64, 64), (1, 1, 262_145)])
  func defaultPath(shape: (Int, Int, Int)) {
    check(GEMMCase(m: shape.0, n: shape.1, k: shape.2), threads: 2, path: nil)
  }

  @Test("C is not read without accumulate", arguments: [GEMMPath.unpacked, .packed])
  func overwriteIgnoresNaN(path: GEMMPath) {
    let setup = GEMMCase(m: 7, n: 35, k: 390)
    var operands = GEMMOperands(setup, seed: 11)
    operands.c = [Float](repeating: .nan, count: operands.c.count)

    let output = operands.multiplied(setup, threads: 2, path: path)

    #expect(output.allSatisfy { $0.isFinite })
  }

  @Test("k = 0 gives zero or leaves C", arguments: [false, true])
  func emptyDepth(accumulate: Bool) {
    let setup = GEMMCase(m: 3, n: 4, k: 0, accumulate: accumulate, padding: 2)
    let operands = GEMMOperands(setup, seed: 5)

    let output = operands.multiplied(setup, threads: 2, path: nil)

    for i in 0..<setup.m {
      for j in 0..<setup.n {
        let original = operands.c[i * setup.ldc + j]
        #expect(output[i * setup.ldc + j] == (accumulate ? original : 0), "C[\(i), \(j)]")
      }
    }
    #expect(output.filter { $0 == GEMMOperands.sentinel }.count == setup.m * setup.padding)
  }

  @Test("m or n = 0 writes nothing", arguments: [(0, 4, 3), (4, 0, 3), (0, 0, 0)])
  func emptyOutput(shape: (Int, Int, Int)) {
    let a: [Float] = [1, 2, 3, 4]
    let b: [Float] = [5, 6, 7, 8]
    var c: [Float] = [9, 9]
    c.withUnsafeMutableBufferPointer { c in
      gemm(
        m: shape.0, n: shape.1, k: shape.2, a: a, lda: 4, transposeA: false,
        b: b, ldb: 4, transposeB: false, c: c.baseAddress!, ldc: 4, accumulate: false)
    }
    #expect(c == [9, 9])
  }

  @Test("dense entry point matches general", arguments: [(5, 40, 7), (70, 90, 80)])
  func denseEntryPoint(shape: (Int, Int, Int)) {
    for (transposeA, transposeB) in [(false, false), (false, true), (true, false), (true, true)] {
      let setup = GEMMCase(
        m: shape.0, n: shape.1, k: shape.2, transposeA: transposeA, transposeB: transposeB,
        accumulate: true)
      let operands = GEMMOperands(setup, seed: 17)
      var dense = operands.c
      dense.withUnsafeMutableBufferPointer { c in
        gemm(
          m: setup.m, n: setup.n, k: setup.k, a: operands.a, transposeA: transposeA,
          b: operands.b, transposeB: transposeB, c: c.baseAddress!, accumulate: true)
      }
      let general = operands.multiplied(setup, threads: Parallel.threadCount, path: nil)
      #expect(dense.map(\.bitPattern) == general.map(\.bitPattern), "\(setup)")
    }
  }

  @Test(
    "piece size splits panels",
    arguments: [
      (1_536, 1_536, 96, 256), (3_072, 4_096, 96, 256), (128, 128, 24, 64), (64, 2_000, 66, 256),
      (2_000, 10, 96, 32), (10, 10, 12, 32), (200, 300, 96, 128), (70, 100, 36, 64),
    ])
  func pieceSize(rows: Int, columns: Int, pieceRows: Int, pieceColumns: Int) {
    let size = GEMMPanel.pieceSize(rows: rows, columns: columns)

    #expect(size.rows == pieceRows)
    #expect(size.columns == pieceColumns)
    #expect(size.rows % GEMMTile.rows == 0)
    #expect(size.columns % GEMMTile.columns == 0)
  }

  /// Few rows of A against a large B take the streaming path for a linear
  /// layer at batch 1, in both layouts of B.
  static let fewRows: [GEMMCase] = [
    GEMMCase(m: 1, n: 300, k: 300, transposeB: true),
    GEMMCase(m: 1, n: 257, k: 1_001, transposeB: true, accumulate: true, padding: 3),
    GEMMCase(m: 4, n: 700, k: 130, transposeB: true),
    GEMMCase(m: 1, n: 1_000, k: 90),
    GEMMCase(m: 3, n: 513, k: 257, accumulate: true, padding: 2),
  ]

  @Test("few rows match Float64", arguments: fewRows)
  func fewRowsMatch(setup: GEMMCase) {
    check(setup, threads: 2, path: nil)
    check(setup, threads: 1, path: nil)
  }

  @Test(
    "thread count leaves bits unchanged",
    arguments: fewRows + [
      GEMMCase(m: 197, n: 290, k: 390),
      GEMMCase(m: 61, n: 1_100, k: 100, transposeA: true, transposeB: true, accumulate: true),
      GEMMCase(m: 300, n: 70, k: 100, transposeB: true, padding: 5),
    ])
  func threadCountDeterminism(setup: GEMMCase) {
    let operands = GEMMOperands(setup, seed: 23)
    let single = operands.multiplied(setup, threads: 1, path: nil).map(\.bitPattern)

    for threads in [2, 3, 4, 7] {
      let output = operands.multiplied(setup, threads: threads, path: nil).map(\.bitPattern)
      #expect(output == single, "\(threads) threads")
    }
    let repeated = operands.multiplied(setup, threads: 2, path: nil).map(\.bitPattern)
    #expect(repeated == single, "second run on 2 threads")
  }
}

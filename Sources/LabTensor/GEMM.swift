/// Single-precision matrix multiply on row-major buffers:
///
///     C = op(A) · op(B)   (or C += op(A) · op(B) when `accumulate` is true)
///
/// where op transposes when asked. `op(A)` is m×k, `op(B)` is k×n, C is m×n,
/// and each buffer is dense (its leading dimension is its row length). Runs on
/// `Parallel.threadCount` threads; see the general overload for the details.
public func gemm(
  m: Int, n: Int, k: Int,
  a: UnsafePointer<Float>, transposeA: Bool,
  b: UnsafePointer<Float>, transposeB: Bool,
  c: UnsafeMutablePointer<Float>, accumulate: Bool
) {
  gemm(
    m: m, n: n, k: k,
    a: a, lda: transposeA ? m : k, transposeA: transposeA,
    b: b, ldb: transposeB ? k : n, transposeB: transposeB,
    c: c, ldc: n, accumulate: accumulate)
}

/// Single-precision matrix multiply on row-major sub-matrices:
///
///     C = op(A) · op(B)   (or C += op(A) · op(B) when `accumulate` is true)
///
/// `op(A)` is m×k and `op(B)` is k×n. A is stored m×k, or k×m when
/// `transposeA` is true, with `lda` floats from one stored row to the next;
/// likewise B with `ldb`. C is m×n with `ldc` floats between rows, and only
/// its m×n elements are written. When `accumulate` is false C is not read, so
/// it may hold anything, NaN included.
///
/// Products above 2¹⁸ multiply-adds pack A and B into cache-sized panels and
/// split the output over `threads` threads in a grid that depends only on m
/// and n. The depth is never split, so C has the same bits for every thread
/// count and from run to run. Smaller products run on the calling thread
/// without packing A. Pass `threads: 1` when the caller already runs
/// several multiplies in parallel. Each calling thread keeps its packing
/// buffers between calls.
///
/// - Parameter threads: The most threads to use; defaults to
///   `Parallel.threadCount`.
/// - Precondition: m, n and k are not negative, and each leading dimension is
///   at least the length of a stored row (and at least 1).
public func gemm(
  m: Int, n: Int, k: Int,
  a: UnsafePointer<Float>, lda: Int, transposeA: Bool,
  b: UnsafePointer<Float>, ldb: Int, transposeB: Bool,
  c: UnsafeMutablePointer<Float>, ldc: Int,
  accumulate: Bool, threads: Int = Parallel.threadCount
) {
  gemm(
    m: m, n: n, k: k, a: a, lda: lda, transposeA: transposeA, b: b, ldb: ldb,
    transposeB: transposeB, c: c, ldc: ldc, accumulate: accumulate, threads: threads, path: nil)
}

/// The two ways to run a GEMM. The public entry points choose by size; tests
/// force each path to check both around every block edge.
enum GEMMPath {
  /// One thread, A read in place (`multiplySmall`).
  case unpacked
  /// Packed panels split over threads (`multiplyBlocked`).
  case packed
}

/// Runs the general `gemm` on `path`, or on the path its size selects when
/// `path` is nil.
func gemm(
  m: Int, n: Int, k: Int,
  a: UnsafePointer<Float>, lda: Int, transposeA: Bool,
  b: UnsafePointer<Float>, ldb: Int, transposeB: Bool,
  c: UnsafeMutablePointer<Float>, ldc: Int,
  accumulate: Bool, threads: Int, path: GEMMPath?
) {
  precondition(
    m >= 0 && n >= 0 && k >= 0, "gemm: sizes must not be negative, got m \(m), n \(n), k \(k)")
  checkLeadingDimension("lda", lda, rowLength: transposeA ? m : k)
  checkLeadingDimension("ldb", ldb, rowLength: transposeB ? k : n)
  checkLeadingDimension("ldc", ldc, rowLength: n)
  if m == 0 || n == 0 { return }
  if k == 0 {
    // An empty sum is zero.
    if !accumulate {
      for i in 0..<m { (c + i * ldc).update(repeating: 0, count: n) }
    }
    return
  }

  if path == nil && m <= RowTimesMatrix.maximumRows && !transposeA
    && Double(n) * Double(k) >= Double(RowTimesMatrix.minimumMatrixSize)
  {
    // A few rows times a large matrix, such as a linear layer at batch 1:
    // the matrix is read once in place instead of being packed.
    RowTimesMatrix(
      m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, transposeB: transposeB, c: c, ldc: ldc,
      accumulate: accumulate
    ).run(threads: max(1, threads))
    return
  }

  let problem = GEMMProblem(
    m: m, n: n, k: k,
    a: GEMMOperand(a, ld: lda, transposed: transposeA),
    b: GEMMOperand(b, ld: ldb, transposed: transposeB),
    c: c, ldc: ldc, accumulate: accumulate)
  // In Double, because m · n · k of valid sizes can overflow Int.
  let isSmall = Double(m) * Double(n) * Double(k) <= Double(GEMMBlocking.smallProductLimit)
  problem.run(on: path ?? (isSmall ? .unpacked : .packed), threads: max(1, threads))
}

/// Traps unless a leading dimension covers the stored row it steps over.
private func checkLeadingDimension(_ name: String, _ value: Int, rowLength: Int) {
  precondition(
    value >= max(1, rowLength),
    "gemm: \(name) is \(value), but a stored row has \(rowLength) floats")
}

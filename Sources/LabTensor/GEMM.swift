/// Single-precision matrix multiply on row-major buffers:
///
///     C = op(A) · op(B)   (or C += op(A) · op(B) when `accumulate` is true)
///
/// where op transposes when asked. `op(A)` is m×k, `op(B)` is k×n, C is m×n.
/// Each loop order keeps the innermost loop on contiguous memory so the
/// compiler vectorises it.
///
/// NOTE: this is the straightforward kernel the small networks need; a packed,
/// cache-blocked, multi-threaded GEMM replaces it for convolutional networks.
public func gemm(
  m: Int, n: Int, k: Int,
  a: UnsafePointer<Float>, transposeA: Bool,
  b: UnsafePointer<Float>, transposeB: Bool,
  c: UnsafeMutablePointer<Float>, accumulate: Bool
) {
  if !accumulate { c.update(repeating: 0, count: m * n) }
  switch (transposeA, transposeB) {
  case (false, false):
    // A is m×k, B is k×n: row i of C gains A[i,p] times row p of B.
    for i in 0..<m {
      let row = c + i * n
      for p in 0..<k {
        let scale = a[i * k + p]
        let source = b + p * n
        for j in 0..<n { row[j] += scale * source[j] }
      }
    }
  case (false, true):
    // A is m×k, B is n×k: each C[i,j] is a dot product of two rows.
    for i in 0..<m {
      let left = a + i * k
      for j in 0..<n {
        let right = b + j * k
        var total: Float = 0
        for p in 0..<k { total += left[p] * right[p] }
        c[i * n + j] += total
      }
    }
  case (true, false):
    // A is k×m, B is k×n: row i of C gains A[p,i] times row p of B.
    for p in 0..<k {
      let source = b + p * n
      for i in 0..<m {
        let scale = a[p * m + i]
        let row = c + i * n
        for j in 0..<n { row[j] += scale * source[j] }
      }
    }
  case (true, true):
    // A is k×m, B is n×k.
    for i in 0..<m {
      for j in 0..<n {
        var total: Float = 0
        for p in 0..<k { total += a[p * m + i] * b[j * k + p] }
        c[i * n + j] += total
      }
    }
  }
}

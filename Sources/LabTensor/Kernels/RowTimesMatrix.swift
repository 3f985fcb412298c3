/// The product of a few rows of A with a large B, which is memory-bound: each
/// element of B is used `m` times at most, so packing B would cost more than
/// the arithmetic. B is streamed once in place.
///
/// With a transposed B (stored n×k, as a linear layer's weight) every output
/// is a dot product of two contiguous rows. With B stored k×n, each output
/// row gains a[p] times row p of B, p in order. Either way the outputs are
/// split into fixed pieces of columns, each computed whole by one thread in
/// one order, so the bits do not depend on the thread count.
struct RowTimesMatrix {
  /// The maximum number of rows of A on this path. With more rows, each element
  /// of B is reused often enough that packing it pays.
  static let maximumRows = 4
  /// The minimum size of B, in elements, for this path.
  static let minimumMatrixSize = 1 << 16
  /// Output columns per piece of work.
  static let columnsPerPiece = 256

  let m: Int
  let n: Int
  let k: Int
  let a: UnsafePointer<Float>
  let lda: Int
  let b: UnsafePointer<Float>
  let ldb: Int
  let transposeB: Bool
  let c: UnsafeMutablePointer<Float>
  let ldc: Int
  let accumulate: Bool

  func run(threads: Int) {
    let pieceCount = (n + Self.columnsPerPiece - 1) / Self.columnsPerPiece
    let work = UncheckedSendable(self)
    Parallel.forEach(pieceCount, threads: threads) { piece in
      let start = piece * Self.columnsPerPiece
      let columns = start..<min(start + Self.columnsPerPiece, work.value.n)
      if work.value.transposeB {
        work.value.dotProducts(columns)
      } else {
        work.value.scaledRowSums(columns)
      }
    }
  }

  /// C[i, j] = row i of A · row j of the stored n×k B.
  private func dotProducts(_ columns: Range<Int>) {
    for i in 0..<m {
      let row = a + i * lda
      for j in columns {
        let total = dot(row, b + j * ldb, count: k)
        c[i * ldc + j] = accumulate ? c[i * ldc + j] + total : total
      }
    }
  }

  /// C[i, columns] = Σₚ A[i, p] · B[p, columns], adding p in order.
  private func scaledRowSums(_ columns: Range<Int>) {
    let width = columns.count
    for i in 0..<m {
      let output = c + i * ldc + columns.lowerBound
      if !accumulate { output.update(repeating: 0, count: width) }
      let row = a + i * lda
      for p in 0..<k {
        let scale = row[p]
        let source = b + p * ldb + columns.lowerBound
        for j in 0..<width { output[j] += scale * source[j] }
      }
    }
  }
}

/// Σ x[i]·y[i] with four sixteen-lane accumulators, combined in a fixed order.
private func dot(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, count: Int) -> Float {
  var sums = (SIMD16<Float>(), SIMD16<Float>(), SIMD16<Float>(), SIMD16<Float>())
  var i = 0
  while i + 64 <= count {
    sums.0.addProduct(lanes(x + i), lanes(y + i))
    sums.1.addProduct(lanes(x + i + 16), lanes(y + i + 16))
    sums.2.addProduct(lanes(x + i + 32), lanes(y + i + 32))
    sums.3.addProduct(lanes(x + i + 48), lanes(y + i + 48))
    i += 64
  }
  while i + 16 <= count {
    sums.0.addProduct(lanes(x + i), lanes(y + i))
    i += 16
  }
  var total = ((sums.0 + sums.1) + (sums.2 + sums.3)).sum()
  while i < count {
    total += x[i] * y[i]
    i += 1
  }
  return total
}

@inline(__always)
private func lanes(_ pointer: UnsafePointer<Float>) -> SIMD16<Float> {
  UnsafeRawPointer(pointer).loadUnaligned(as: SIMD16<Float>.self)
}

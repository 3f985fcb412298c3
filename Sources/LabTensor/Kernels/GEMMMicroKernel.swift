/// The register tile of the single-precision GEMM: each micro-kernel call
/// computes up to 6 × 32 elements of C and keeps them in twelve SIMD16<Float>
/// accumulators, two per row.
///
/// With AVX-512 each accumulator is one zmm register, so the tile needs 12 of
/// the 32 registers plus two for the row of B and one for the broadcast of A.
/// Every step of the depth loop then issues 12 independent FMAs, enough to
/// hide their latency. Other targets split each SIMD16 into narrower vectors
/// and stay correct, with less speed.
///
/// Tiles of at most 16 or 8 columns (narrow matrices and the last columns of
/// wider ones) run the same kernel on SIMD8 or SIMD4 vectors, so that a
/// product with one column does not pay for 32. Every width computes each
/// element with the same FMA chain, so the width never changes a result.
enum GEMMTile {
  /// Rows of C in one tile.
  static let rows = 6
  /// Columns of C in one full tile: two SIMD16<Float> vectors.
  static let columns = 32
}

/// Multiplies a 6×depth block of A by a depth×32 block of B on packed panels
/// and writes or adds the product to C.
///
/// Packed A stores the six values of each depth step together
/// (`a[p * 6 + r]`); packed B stores the 32 values of each depth step together
/// (`b[p * 32 + j]`). Only the first `rows` rows and `columns` columns of the
/// tile are written to C, so edge tiles work on zero-padded panels.
@inline(never)
func multiplyPackedTile(
  depth: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
  c: UnsafeMutablePointer<Float>, ldc: Int, rows: Int, columns: Int, overwrite: Bool
) {
  func run<Vector: SIMD>(_: Vector.Type) where Vector.Scalar == Float {
    multiplyTile(
      Vector.self, depth: depth, a: a, aRowStride: 1, aDepthStride: GEMMTile.rows,
      loadRows: GEMMTile.rows, b: b, bDepthStride: GEMMTile.columns,
      c: c, ldc: ldc, rows: rows, columns: columns, overwrite: overwrite)
  }
  if columns > 16 {
    run(SIMD16<Float>.self)
  } else if columns > 8 {
    run(SIMD8<Float>.self)
  } else {
    run(SIMD4<Float>.self)
  }
}

/// Multiplies up to six rows of an unpacked A by a depth×32 block of B that
/// advances `bDepthStride` floats per depth step, and writes or adds the
/// product to C.
///
/// Element (r, p) of the A block is `a[r * aRowStride + p * aDepthStride]`.
/// Rows past `rows` reload the last valid row, so the kernel never reads
/// outside A; their results are dropped. The kernel reads only the first
/// 8, 16 or 32 columns of each row of B, the fewest that cover `columns`.
@inline(never)
func multiplyStridedTile(
  depth: Int, a: UnsafePointer<Float>, aRowStride: Int, aDepthStride: Int,
  b: UnsafePointer<Float>, bDepthStride: Int,
  c: UnsafeMutablePointer<Float>, ldc: Int, rows: Int, columns: Int, overwrite: Bool
) {
  func run<Vector: SIMD>(_: Vector.Type) where Vector.Scalar == Float {
    multiplyTile(
      Vector.self, depth: depth, a: a, aRowStride: aRowStride, aDepthStride: aDepthStride,
      loadRows: rows, b: b, bDepthStride: bDepthStride,
      c: c, ldc: ldc, rows: rows, columns: columns, overwrite: overwrite)
  }
  if columns > 16 {
    run(SIMD16<Float>.self)
  } else if columns > 8 {
    run(SIMD8<Float>.self)
  } else {
    run(SIMD4<Float>.self)
  }
}

/// Computes one tile for both micro-kernels, on two `Vector`s per row. Each C
/// element is one chain of FMAs in depth order, started from zero and then
/// stored into C or added to it, so a tile's result does not depend on which
/// thread, edge path or vector width runs it.
@inline(__always)
private func multiplyTile<Vector: SIMD>(
  _: Vector.Type, depth: Int,
  a: UnsafePointer<Float>, aRowStride: Int, aDepthStride: Int, loadRows: Int,
  b: UnsafePointer<Float>, bDepthStride: Int,
  c: UnsafeMutablePointer<Float>, ldc: Int, rows: Int, columns: Int, overwrite: Bool
) where Vector.Scalar == Float {
  let last = loadRows - 1
  let a0 = a
  let a1 = a + min(1, last) * aRowStride
  let a2 = a + min(2, last) * aRowStride
  let a3 = a + min(3, last) * aRowStride
  let a4 = a + min(4, last) * aRowStride
  let a5 = a + min(5, last) * aRowStride

  var c00 = Vector()
  var c01 = Vector()
  var c10 = Vector()
  var c11 = Vector()
  var c20 = Vector()
  var c21 = Vector()
  var c30 = Vector()
  var c31 = Vector()
  var c40 = Vector()
  var c41 = Vector()
  var c50 = Vector()
  var c51 = Vector()

  var row = UnsafeRawPointer(b)
  let rowBytes = bDepthStride * MemoryLayout<Float>.stride
  let vectorBytes = Vector.scalarCount * MemoryLayout<Float>.stride
  for p in 0..<depth {
    let offset = p * aDepthStride
    let b0 = row.loadUnaligned(as: Vector.self)
    let b1 = row.loadUnaligned(fromByteOffset: vectorBytes, as: Vector.self)
    row += rowBytes

    var x = Vector(repeating: a0[offset])
    c00 = c00.addingProduct(x, b0)
    c01 = c01.addingProduct(x, b1)
    x = Vector(repeating: a1[offset])
    c10 = c10.addingProduct(x, b0)
    c11 = c11.addingProduct(x, b1)
    x = Vector(repeating: a2[offset])
    c20 = c20.addingProduct(x, b0)
    c21 = c21.addingProduct(x, b1)
    x = Vector(repeating: a3[offset])
    c30 = c30.addingProduct(x, b0)
    c31 = c31.addingProduct(x, b1)
    x = Vector(repeating: a4[offset])
    c40 = c40.addingProduct(x, b0)
    c41 = c41.addingProduct(x, b1)
    x = Vector(repeating: a5[offset])
    c50 = c50.addingProduct(x, b0)
    c51 = c51.addingProduct(x, b1)
  }

  storeTileRow(c00, c01, to: c, columns: columns, overwrite: overwrite)
  if rows > 1 { storeTileRow(c10, c11, to: c + ldc, columns: columns, overwrite: overwrite) }
  if rows > 2 { storeTileRow(c20, c21, to: c + 2 * ldc, columns: columns, overwrite: overwrite) }
  if rows > 3 { storeTileRow(c30, c31, to: c + 3 * ldc, columns: columns, overwrite: overwrite) }
  if rows > 4 { storeTileRow(c40, c41, to: c + 4 * ldc, columns: columns, overwrite: overwrite) }
  if rows > 5 { storeTileRow(c50, c51, to: c + 5 * ldc, columns: columns, overwrite: overwrite) }
}

/// Stores the first `columns` values of one tile row into C, or adds them.
@inline(__always)
private func storeTileRow<Vector: SIMD>(
  _ low: Vector, _ high: Vector, to row: UnsafeMutablePointer<Float>,
  columns: Int, overwrite: Bool
) where Vector.Scalar == Float {
  let width = Vector.scalarCount
  if columns == 2 * width {
    let raw = UnsafeMutableRawPointer(row)
    let highOffset = width * MemoryLayout<Float>.stride
    if overwrite {
      raw.storeBytes(of: low, as: Vector.self)
      raw.storeBytes(of: high, toByteOffset: highOffset, as: Vector.self)
    } else {
      let oldLow = raw.loadUnaligned(as: Vector.self)
      let oldHigh = raw.loadUnaligned(fromByteOffset: highOffset, as: Vector.self)
      raw.storeBytes(of: oldLow + low, as: Vector.self)
      raw.storeBytes(of: oldHigh + high, toByteOffset: highOffset, as: Vector.self)
    }
    return
  }
  for j in 0..<columns {
    let value = j < width ? low[j] : high[j - width]
    row[j] = overwrite ? value : row[j] + value
  }
}

/// A strided view of a matrix operand: element (i, j) is
/// `base[i * rowStride + j * columnStride]`. Transposing an operand only swaps
/// its strides, so packing and the strided kernel serve all four cases.
struct GEMMOperand {
  var base: UnsafePointer<Float>
  var rowStride: Int
  var columnStride: Int

  /// Creates the view of op(M) for a row-major M with leading dimension `ld`.
  init(_ base: UnsafePointer<Float>, ld: Int, transposed: Bool) {
    self.base = base
    rowStride = transposed ? 1 : ld
    columnStride = transposed ? ld : 1
  }

  /// Returns the view that starts at element (row, column).
  func offset(row: Int, column: Int) -> GEMMOperand {
    var result = self
    result.base = base + row * rowStride + column * columnStride
    return result
  }
}

/// Copies `rows` × `depth` of op(A), starting at its first element, into
/// slivers of six rows: sliver s contains rows 6s…6s+5 as `depth` groups of six,
/// so the micro-kernel reads A sequentially. Rows past `rows` in the last
/// sliver are zero.
///
/// - Precondition: `packed` has room for `roundUp(rows, 6) * depth` floats.
func packA(
  _ a: GEMMOperand, rows: Int, depth: Int, into packed: UnsafeMutablePointer<Float>
) {
  let tileRows = GEMMTile.rows
  let fullRows = rows / tileRows * tileRows
  if rows > fullRows {
    (packed + fullRows * depth).update(repeating: 0, count: tileRows * depth)
  }
  if a.columnStride == 1 {
    // Rows of A are contiguous: read each row once and scatter by six.
    for i in 0..<rows {
      let source = a.base + i * a.rowStride
      let target = packed + (i - i % tileRows) * depth + i % tileRows
      for p in 0..<depth { target[p * tileRows] = source[p] }
    }
  } else {
    // A is stored transposed, so each depth step is a contiguous run of
    // `rows` values: read it once and deal it out to the slivers.
    for p in 0..<depth {
      let source = a.base + p * a.columnStride
      for first in stride(from: 0, to: rows, by: tileRows) {
        let target = packed + first * depth + p * tileRows
        for r in 0..<min(tileRows, rows - first) { target[r] = source[first + r] }
      }
    }
  }
}

/// Copies `depth` × `columns` of op(B), starting at its first element, into
/// slivers of 32 columns: sliver s contains columns 32s…32s+31 as `depth` rows of
/// 32, so the micro-kernel reads B sequentially. Columns past `columns` in the
/// last sliver are zero.
///
/// - Precondition: `packed` has room for `depth * roundUp(columns, 32)` floats.
func packB(
  _ b: GEMMOperand, depth: Int, columns: Int, into packed: UnsafeMutablePointer<Float>
) {
  let tileColumns = GEMMTile.columns
  for first in stride(from: 0, to: columns, by: tileColumns) {
    let sliver = packed + first * depth
    let count = min(tileColumns, columns - first)
    if b.columnStride == 1 && count == tileColumns {
      // A full sliver of a row-major B: two vector copies per depth step.
      for p in 0..<depth {
        let source = UnsafeRawPointer(b.base + p * b.rowStride + first)
        let target = UnsafeMutableRawPointer(sliver + p * tileColumns)
        target.storeBytes(of: source.loadUnaligned(as: SIMD16<Float>.self), as: SIMD16<Float>.self)
        target.storeBytes(
          of: source.loadUnaligned(fromByteOffset: 64, as: SIMD16<Float>.self),
          toByteOffset: 64, as: SIMD16<Float>.self)
      }
      continue
    }
    if count < tileColumns { sliver.update(repeating: 0, count: tileColumns * depth) }
    if b.columnStride == 1 {
      for p in 0..<depth {
        let source = b.base + p * b.rowStride + first
        let target = sliver + p * tileColumns
        for j in 0..<count { target[j] = source[j] }
      }
    } else {
      // B is stored transposed, so each column of op(B) is contiguous. Blocks
      // of 64 depth steps keep the written part of the sliver (8 KiB) in L1.
      // NOTE: a scalar gather. It makes a 64×64·64×64 product with a
      // transposed B about a third slower than with a row-major B; a vector
      // transpose would close that gap.
      for blockStart in stride(from: 0, to: depth, by: 64) {
        let blockEnd = min(blockStart + 64, depth)
        for j in 0..<count {
          let source = b.base + (first + j) * b.columnStride
          for p in blockStart..<blockEnd { sliver[p * tileColumns + j] = source[p] }
        }
      }
    }
  }
}

/// Rounds `value` up to a multiple of `step`.
@inline(__always)
func roundUp(_ value: Int, _ step: Int) -> Int {
  (value + step - 1) / step * step
}

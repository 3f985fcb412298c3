/// Block sizes of the packed GEMM, chosen for a core with 32 KiB of L1 data
/// cache and 1 MiB of L2 (AMD Zen 4). Other sizes change only speed, never
/// results, except `depth`, which fixes where each C element's sum is split.
enum GEMMBlocking {
  /// Depth of one packed panel. A 6-row sliver of packed A (9 KiB) stays in
  /// L1 while the kernel walks the columns of a piece.
  static let depth = 384
  /// Rows of C in one parallel piece of a large panel: 16 slivers of 6.
  static let pieceRows = 96
  /// Columns of C in one parallel piece of a large panel: 8 slivers of 32.
  /// The piece's part of packed B (depth × 256 floats, 384 KiB) stays in L2.
  static let pieceColumns = 256
  /// Pieces a panel is split into at least, where its size allows, so that
  /// threads share medium products evenly.
  static let minimumPieceCount = 8
  /// Rows of A packed at once (4.5 MiB at full depth).
  static let panelRows = 3_072
  /// Columns of B packed at once (6 MiB at full depth).
  static let panelColumns = 4_096
  /// Products m·n·k up to this size take the unpacked single-thread path:
  /// 2¹⁸ covers 64×64·64×64, the largest product of a small MLP.
  static let smallProductLimit = 1 << 18
}

/// The operands and output of one GEMM call, after the public entry point has
/// checked them. `a` and `b` are views of op(A) and op(B).
struct GEMMProblem {
  var m: Int
  var n: Int
  var k: Int
  var a: GEMMOperand
  var b: GEMMOperand
  var c: UnsafeMutablePointer<Float>
  var ldc: Int
  var accumulate: Bool

  /// Multiplies on `path`; the unpacked path ignores `threads`.
  func run(on path: GEMMPath, threads: Int) {
    switch path {
    case .unpacked: multiplySmall(self)
    case .packed: multiplyBlocked(self, threads: threads)
    }
  }
}

/// Runs a GEMM with packed, cache-blocked panels and splits each panel's
/// output over `threads` threads.
///
/// For each depth panel the driver packs B and A once, in parallel, then
/// computes C in pieces of at most `pieceRows` × `pieceColumns`. The pieces
/// form a grid fixed by m and n alone and never split the depth, and every element
/// sums its depth panels in order, so the bits of C do not depend on
/// `threads`.
func multiplyBlocked(_ problem: GEMMProblem, threads: Int) {
  let scratch = GEMMScratch.current
  let depthStep = GEMMBlocking.depth
  for columnStart in stride(from: 0, to: problem.n, by: GEMMBlocking.panelColumns) {
    let columns = min(GEMMBlocking.panelColumns, problem.n - columnStart)
    for depthStart in stride(from: 0, to: problem.k, by: depthStep) {
      let depth = min(depthStep, problem.k - depthStart)
      let packedB = scratch.packedB(count: depth * roundUp(columns, GEMMTile.columns))
      for rowStart in stride(from: 0, to: problem.m, by: GEMMBlocking.panelRows) {
        let rows = min(GEMMBlocking.panelRows, problem.m - rowStart)
        let packedA = scratch.packedA(count: roundUp(rows, GEMMTile.rows) * depth)
        let pieceSize = GEMMPanel.pieceSize(rows: rows, columns: columns)
        let panel = GEMMPanel(
          rowStart: rowStart, rows: rows, columnStart: columnStart, columns: columns,
          pieceRows: pieceSize.rows, pieceColumns: pieceSize.columns,
          depthStart: depthStart, depth: depth, packedA: packedA, packedB: packedB,
          overwrite: depthStart == 0 && !problem.accumulate)
        // B is packed once per depth panel; later row panels reuse it.
        panel.pack(problem, includingB: rowStart == 0, threads: threads)
        panel.multiply(problem, threads: threads)
      }
    }
  }
}

/// One block of the loop nest: rows × columns of C over one depth panel.
struct GEMMPanel {
  var rowStart: Int
  var rows: Int
  var columnStart: Int
  var columns: Int
  var pieceRows: Int
  var pieceColumns: Int
  var depthStart: Int
  var depth: Int
  var packedA: UnsafeMutablePointer<Float>
  var packedB: UnsafeMutablePointer<Float>
  var overwrite: Bool

  /// Returns the piece size for a panel of `rows` × `columns`: at most
  /// `pieceRows` × `pieceColumns`, halved (down to 24 × 64) until the panel has
  /// `minimumPieceCount` pieces. Both sizes stay multiples of the tile and
  /// depend on the panel alone, never on the thread count.
  static func pieceSize(rows: Int, columns: Int) -> (rows: Int, columns: Int) {
    var pieceRows = min(GEMMBlocking.pieceRows, roundUp(rows, GEMMTile.rows))
    var pieceColumns = min(GEMMBlocking.pieceColumns, roundUp(columns, GEMMTile.columns))
    func pieceCount() -> Int {
      ((rows + pieceRows - 1) / pieceRows) * ((columns + pieceColumns - 1) / pieceColumns)
    }
    while pieceCount() < GEMMBlocking.minimumPieceCount {
      let halfRows = roundUp(pieceRows / 2, GEMMTile.rows)
      let halfColumns = roundUp(pieceColumns / 2, GEMMTile.columns)
      let canSplitRows = halfRows >= 24 && halfRows < pieceRows
      let canSplitColumns = halfColumns >= 64 && halfColumns < pieceColumns
      if canSplitColumns && (pieceColumns >= 2 * pieceRows || !canSplitRows) {
        pieceColumns = halfColumns
      } else if canSplitRows {
        pieceRows = halfRows
      } else {
        break
      }
    }
    return (pieceRows, pieceColumns)
  }

  /// Packs this panel's A, and B when asked, in pieces of whole slivers.
  func pack(_ problem: GEMMProblem, includingB: Bool, threads: Int) {
    let rowStep = pieceRows
    let columnStep = pieceColumns
    let rowPieces = (rows + rowStep - 1) / rowStep
    let columnPieces = includingB ? (columns + columnStep - 1) / columnStep : 0
    Parallel.forEach(rowPieces + columnPieces, threads: threads) { piece in
      if piece < rowPieces {
        let first = piece * rowStep
        let source = problem.a.offset(row: rowStart + first, column: depthStart)
        packA(source, rows: min(rowStep, rows - first), depth: depth, into: packedA + first * depth)
      } else {
        let first = (piece - rowPieces) * columnStep
        let source = problem.b.offset(row: depthStart, column: columnStart + first)
        packB(
          source, depth: depth, columns: min(columnStep, columns - first),
          into: packedB + first * depth)
      }
    }
  }

  /// Multiplies the packed panels into C, one piece per grid cell.
  func multiply(_ problem: GEMMProblem, threads: Int) {
    let rowStep = pieceRows
    let columnStep = pieceColumns
    let rowPieces = (rows + rowStep - 1) / rowStep
    let columnPieces = (columns + columnStep - 1) / columnStep
    // Consecutive pieces share a column block, so a thread that takes
    // several in a row finds that block of packed B still in its cache.
    Parallel.forEach(rowPieces * columnPieces, threads: threads) { piece in
      let firstRow = (piece % rowPieces) * rowStep
      let firstColumn = (piece / rowPieces) * columnStep
      multiplyPiece(
        problem, rows: firstRow..<min(firstRow + rowStep, rows),
        columns: firstColumn..<min(firstColumn + columnStep, columns))
    }
  }

  /// Runs the micro-kernel over one piece; rows and columns count from the
  /// panel's first row and column.
  private func multiplyPiece(_ problem: GEMMProblem, rows: Range<Int>, columns: Range<Int>) {
    for i in stride(from: rows.lowerBound, to: rows.upperBound, by: GEMMTile.rows) {
      let tileRows = min(GEMMTile.rows, rows.upperBound - i)
      let output = problem.c + (rowStart + i) * problem.ldc + columnStart
      for j in stride(from: columns.lowerBound, to: columns.upperBound, by: GEMMTile.columns) {
        multiplyPackedTile(
          depth: depth, a: packedA + i * depth, b: packedB + j * depth,
          c: output + j, ldc: problem.ldc, rows: tileRows,
          columns: min(GEMMTile.columns, columns.upperBound - j), overwrite: overwrite)
      }
    }
  }
}

/// Runs a small GEMM on one thread without packing A, because for the
/// matrices of a small MLP a copy of A costs as much as the product itself.
///
/// A row-major B is read in place except for a last partial sliver of
/// columns, which is copied with zero padding so that the kernel never reads
/// past the end of a row. A transposed B is packed whole.
func multiplySmall(_ problem: GEMMProblem) {
  let scratch = GEMMScratch.current
  let depthStep = GEMMBlocking.depth
  let fullColumns = problem.n / GEMMTile.columns * GEMMTile.columns
  let isBInPlace = problem.b.columnStride == 1
  for depthStart in stride(from: 0, to: problem.k, by: depthStep) {
    let depth = min(depthStep, problem.k - depthStart)
    let overwrite = depthStart == 0 && !problem.accumulate
    let firstPacked = isBInPlace ? fullColumns : 0
    let packedB = scratch.packedB(count: depth * roundUp(problem.n - firstPacked, GEMMTile.columns))
    if firstPacked < problem.n {
      let source = problem.b.offset(row: depthStart, column: firstPacked)
      packB(source, depth: depth, columns: problem.n - firstPacked, into: packedB)
    }

    for i in stride(from: 0, to: problem.m, by: GEMMTile.rows) {
      let a = problem.a.offset(row: i, column: depthStart)
      let output = problem.c + i * problem.ldc
      for j in stride(from: 0, to: problem.n, by: GEMMTile.columns) {
        let isInPlace = j < firstPacked
        let b = isInPlace
          ? problem.b.offset(row: depthStart, column: j).base
          : UnsafePointer(packedB + (j - firstPacked) * depth)
        multiplyStridedTile(
          depth: depth, a: a.base, aRowStride: a.rowStride, aDepthStride: a.columnStride,
          b: b, bDepthStride: isInPlace ? problem.b.rowStride : GEMMTile.columns,
          c: output + j, ldc: problem.ldc, rows: min(GEMMTile.rows, problem.m - i),
          columns: min(GEMMTile.columns, problem.n - j), overwrite: overwrite)
      }
    }
  }
}

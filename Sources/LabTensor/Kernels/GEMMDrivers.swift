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
  /// Depth panels packed together in one block.
  static let depthPanelsPerBlock = 4
  /// Rows of C in one block (packed A of at most 9 MiB).
  static let panelRows = 1_536
  /// Columns of C in one block (packed B of at most 12 MiB).
  static let panelColumns = 2_048
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

/// Runs a GEMM with packed, cache-blocked panels and splits the output over
/// `threads` threads.
///
/// C is computed in blocks of up to `panelRows` × `panelColumns`, each over up
/// to `depthPanelsPerBlock` depth panels. For each block the driver first
/// packs every depth panel of A and B, in parallel, then computes C in pieces
/// of at most `pieceRows` × `pieceColumns`, each piece walking the depth
/// panels in order. So a block waits for all threads only twice, which
/// matters when another process delays one of them. The pieces form a grid
/// fixed by m and n alone and never split the depth, and every element sums
/// its depth panels in order, so the bits of C do not depend on `threads`.
func multiplyBlocked(_ problem: GEMMProblem, threads: Int) {
  let scratch = GEMMScratch.current
  let blockDepth = GEMMBlocking.depth * GEMMBlocking.depthPanelsPerBlock
  for columnStart in stride(from: 0, to: problem.n, by: GEMMBlocking.panelColumns) {
    let columns = min(GEMMBlocking.panelColumns, problem.n - columnStart)
    for rowStart in stride(from: 0, to: problem.m, by: GEMMBlocking.panelRows) {
      let rows = min(GEMMBlocking.panelRows, problem.m - rowStart)
      let pieceSize = GEMMBlock.pieceSize(rows: rows, columns: columns)
      for depthStart in stride(from: 0, to: problem.k, by: blockDepth) {
        let depth = min(blockDepth, problem.k - depthStart)
        let block = GEMMBlock(
          rowStart: rowStart, rows: rows, columnStart: columnStart, columns: columns,
          pieceRows: pieceSize.rows, pieceColumns: pieceSize.columns,
          depthStart: depthStart, depth: depth,
          packedA: scratch.packedA(count: roundUp(rows, GEMMTile.rows) * depth),
          packedB: scratch.packedB(count: depth * roundUp(columns, GEMMTile.columns)))
        block.pack(problem, threads: threads)
        block.multiply(problem, threads: threads)
      }
    }
  }
}

/// One block of the loop nest: rows × columns of C over several depth panels.
/// Packed A and B store the block's depth panels one after the other, each in
/// the sliver layout of `packA` and `packB`.
struct GEMMBlock {
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

  private var rowPieces: Int { (rows + pieceRows - 1) / pieceRows }
  private var columnPieces: Int { (columns + pieceColumns - 1) / pieceColumns }
  private var panelCount: Int { (depth + GEMMBlocking.depth - 1) / GEMMBlocking.depth }

  /// Returns the piece size for a block of `rows` × `columns`: at most
  /// `pieceRows` × `pieceColumns`, halved (down to 24 × 64) until the block has
  /// `minimumPieceCount` pieces. Both sizes stay multiples of the tile and
  /// depend on the block alone, never on the thread count.
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

  /// Returns the first depth step and the depth of panel `panel`, counted
  /// from the block's first depth step.
  private func panelRange(_ panel: Int) -> (start: Int, depth: Int) {
    let start = panel * GEMMBlocking.depth
    return (start, min(GEMMBlocking.depth, depth - start))
  }

  /// Packs every depth panel of this block's A and B, one row or column
  /// piece of one panel at a time.
  func pack(_ problem: GEMMProblem, threads: Int) {
    let piecesPerPanel = rowPieces + columnPieces
    Parallel.forEach(panelCount * piecesPerPanel, threads: threads) { index in
      let (panelStart, panelDepth) = panelRange(index / piecesPerPanel)
      let piece = index % piecesPerPanel
      if piece < rowPieces {
        let first = piece * pieceRows
        let source = problem.a.offset(
          row: rowStart + first, column: depthStart + panelStart)
        let target = packedA + roundUp(rows, GEMMTile.rows) * panelStart + first * panelDepth
        packA(source, rows: min(pieceRows, rows - first), depth: panelDepth, into: target)
      } else {
        let first = (piece - rowPieces) * pieceColumns
        let source = problem.b.offset(
          row: depthStart + panelStart, column: columnStart + first)
        let target =
          packedB + roundUp(columns, GEMMTile.columns) * panelStart + first * panelDepth
        packB(source, depth: panelDepth, columns: min(pieceColumns, columns - first), into: target)
      }
    }
  }

  /// Multiplies the packed panels into C, one piece per grid cell.
  func multiply(_ problem: GEMMProblem, threads: Int) {
    let rowPieces = rowPieces
    // Consecutive pieces share a column block, so a thread that takes
    // several in a row finds that block of packed B still in its cache.
    Parallel.forEach(rowPieces * columnPieces, threads: threads) { piece in
      let firstRow = (piece % rowPieces) * pieceRows
      let firstColumn = (piece / rowPieces) * pieceColumns
      let pieceRowRange = firstRow..<min(firstRow + pieceRows, rows)
      let pieceColumnRange = firstColumn..<min(firstColumn + pieceColumns, columns)
      for panel in 0..<panelCount {
        multiplyPiece(problem, panel: panel, rows: pieceRowRange, columns: pieceColumnRange)
      }
    }
  }

  /// Runs the micro-kernel over one piece of one depth panel; rows and
  /// columns count from the block's first row and column.
  private func multiplyPiece(
    _ problem: GEMMProblem, panel: Int, rows pieceRowRange: Range<Int>,
    columns pieceColumnRange: Range<Int>
  ) {
    let (panelStart, panelDepth) = panelRange(panel)
    let panelA = packedA + roundUp(rows, GEMMTile.rows) * panelStart
    let panelB = packedB + roundUp(columns, GEMMTile.columns) * panelStart
    let overwrite = depthStart + panelStart == 0 && !problem.accumulate
    let rowSteps = stride(
      from: pieceRowRange.lowerBound, to: pieceRowRange.upperBound, by: GEMMTile.rows)
    let columnSteps = stride(
      from: pieceColumnRange.lowerBound, to: pieceColumnRange.upperBound, by: GEMMTile.columns)
    for i in rowSteps {
      let tileRows = min(GEMMTile.rows, pieceRowRange.upperBound - i)
      let output = problem.c + (rowStart + i) * problem.ldc + columnStart
      for j in columnSteps {
        multiplyPackedTile(
          depth: panelDepth, a: panelA + i * panelDepth, b: panelB + j * panelDepth,
          c: output + j, ldc: problem.ldc, rows: tileRows,
          columns: min(GEMMTile.columns, pieceColumnRange.upperBound - j),
          overwrite: overwrite)
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

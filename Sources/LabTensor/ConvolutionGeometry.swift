/// The sizes of one 2-D convolution and the im2col and col2im transforms
/// between an image and its column matrix.
///
/// The column matrix of an image has one row per (channel, kernel row, kernel
/// column) tap, `rowCount` rows in all, and one column per output pixel. Column
/// p of row (c, u, v) is the input value under tap (u, v) of channel c when the
/// kernel sits on output pixel p, or 0 in the padding.
struct ConvolutionGeometry {
  let channels: Int
  let height: Int
  let width: Int
  let outputChannels: Int
  let kernel: Size2D
  let stride: Size2D
  let padding: Size2D
  let dilation: Size2D
  let outputHeight: Int
  let outputWidth: Int

  /// Checks the shapes of a conv2d call and derives the output size.
  init(
    input: Tensor, weight: Tensor, bias: Tensor?, stride: Size2D, padding: Size2D,
    dilation: Size2D
  ) {
    precondition(input.rank == 4, "conv2d: input must be [N, C, H, W], got \(input.shape)")
    precondition(weight.rank == 4,
      "conv2d: weight must be [O, C, kh, kw], got \(weight.shape)")
    precondition(weight.shape[1] == input.shape[1],
      "conv2d: input has \(input.shape[1]) channels, weight \(weight.shape) expects "
        + "\(weight.shape[1])")
    precondition(weight.shape[2] > 0 && weight.shape[3] > 0,
      "conv2d: kernel \(weight.shape) has an empty side")
    if let bias {
      precondition(bias.shape == [weight.shape[0]],
        "conv2d: bias has shape \(bias.shape), expected [\(weight.shape[0])]")
    }
    precondition(stride.height > 0 && stride.width > 0, "conv2d: stride \(stride) must be positive")
    precondition(padding.height >= 0 && padding.width >= 0,
      "conv2d: padding \(padding) must not be negative")
    precondition(dilation.height > 0 && dilation.width > 0,
      "conv2d: dilation \(dilation) must be positive")
    channels = input.shape[1]
    height = input.shape[2]
    width = input.shape[3]
    outputChannels = weight.shape[0]
    kernel = Size2D(weight.shape[2], weight.shape[3])
    self.stride = stride
    self.padding = padding
    self.dilation = dilation
    outputHeight = pooledSize(
      height, kernel: kernel.height, stride: stride.height, padding: padding.height,
      dilation: dilation.height)
    outputWidth = pooledSize(
      width, kernel: kernel.width, stride: stride.width, padding: padding.width,
      dilation: dilation.width)
    precondition(outputHeight > 0 && outputWidth > 0,
      "conv2d: input \(input.shape) with padding \(padding) is smaller than kernel "
        + "\(kernel) dilated by \(dilation)")
  }

  /// Rows of the column matrix: C · kh · kw.
  var rowCount: Int { channels * kernel.height * kernel.width }
  /// Output pixels of one channel: H' · W'.
  var pixelCount: Int { outputHeight * outputWidth }

  /// Whether the column matrix is the image itself (a 1×1 kernel with stride
  /// 1 and no padding), so that im2col can be skipped.
  var isPointwise: Bool {
    kernel == 1 && stride == 1 && padding == 0
  }

  /// Writes the columns `columns` of the image's column matrix into `target`,
  /// a block with `columns.count` columns and `rowStride` floats from one row
  /// to the next (`columns.count` when nil).
  func im2col(
    _ image: UnsafePointer<Float>, columns: Range<Int>, into target: UnsafeMutablePointer<Float>,
    rowStride: Int? = nil
  ) {
    let step = stride.width
    let rowStride = rowStride ?? columns.count
    forEachRun(image: image, columns: columns) { row, source, run, inside, offset in
      // destination[x] is the slot of output column x of this run.
      let destination = target + row * rowStride + offset - run.lowerBound
      guard let source else {
        (destination + run.lowerBound).update(repeating: 0, count: run.count)
        return
      }
      let zeroEnd = min(inside.lowerBound, run.upperBound)
      for x in run.lowerBound..<zeroEnd { destination[x] = 0 }
      if step == 1 {
        (destination + inside.lowerBound).update(
          from: source + inside.lowerBound, count: inside.count)
      } else {
        for x in inside { destination[x] = source[x * step] }
      }
      for x in max(inside.upperBound, run.lowerBound)..<run.upperBound { destination[x] = 0 }
    }
  }

  /// Adds the columns `columns` of a column-matrix gradient onto the image
  /// pixels they were read from. The block has `columns.count` columns and
  /// `rowStride` floats from one row to the next (`columns.count` when nil).
  func col2im(
    _ block: UnsafePointer<Float>, columns: Range<Int>,
    addingInto image: UnsafeMutablePointer<Float>, rowStride: Int? = nil
  ) {
    let step = stride.width
    let rowStride = rowStride ?? columns.count
    forEachRun(image: UnsafePointer(image), columns: columns) { row, source, run, inside, offset in
      guard let source, !inside.isEmpty else { return }
      let values = block + row * rowStride + offset - run.lowerBound
      // The pointer came from `image`, which is mutable.
      let pixels = UnsafeMutablePointer(mutating: source)
      if step == 1 {
        // Unit stride, the common case, lets the compiler vectorize the loop.
        for x in inside { pixels[x] += values[x] }
      } else {
        for x in inside { pixels[x * step] += values[x] }
      }
    }
  }

  /// Walks a block of output columns tap by tap and output row by output row.
  ///
  /// `body` runs once for each tap (row of the column matrix) and each run of
  /// output pixels on one output row. It receives the row index and a pointer
  /// `source` such that output column x reads `source[x · stride.width]`, or
  /// nil when the input row lies in the padding. It also receives the output
  /// columns of the run, the part of them that reads inside the input, and the
  /// run's offset within the block.
  private func forEachRun(
    image: UnsafePointer<Float>, columns: Range<Int>,
    _ body: (Int, UnsafePointer<Float>?, Range<Int>, Range<Int>, Int) -> Void
  ) {
    var row = 0
    for channel in 0..<channels {
      let plane = image + channel * height * width
      for u in 0..<kernel.height {
        let rowOffset = u * dilation.height - padding.height
        for v in 0..<kernel.width {
          let columnOffset = v * dilation.width - padding.width
          let inside = columnsInside(offset: columnOffset)
          var pixel = columns.lowerBound
          while pixel < columns.upperBound {
            let outputRow = pixel / outputWidth
            let first = pixel - outputRow * outputWidth
            let run = first..<min(outputWidth, first + columns.upperBound - pixel)
            let inputRow = outputRow * stride.height + rowOffset
            let source = inputRow >= 0 && inputRow < height
              ? plane + inputRow * width + columnOffset : nil
            body(row, source, run, run.clamped(to: inside), pixel - columns.lowerBound)
            pixel += run.count
          }
          row += 1
        }
      }
    }
  }

  /// Returns the output columns x whose input column x · stride + offset lies
  /// in 0..<width.
  private func columnsInside(offset: Int) -> Range<Int> {
    let step = stride.width
    let first = offset >= 0 ? 0 : (-offset + step - 1) / step
    let end = width - offset <= 0 ? 0 : (width - offset + step - 1) / step
    let clampedEnd = min(end, outputWidth)
    return min(first, clampedEnd)..<clampedEnd
  }
}

/// Returns the output length of a sliding window, PyTorch's formula for
/// convolution and pooling without ceil mode:
///
///     ⌊(size + 2·padding − dilation·(kernel − 1) − 1) / stride⌋ + 1
///
/// or 0 when the dilated kernel does not fit in the padded input.
func pooledSize(_ size: Int, kernel: Int, stride: Int, padding: Int, dilation: Int) -> Int {
  let span = size + 2 * padding - dilation * (kernel - 1) - 1
  return span < 0 ? 0 : span / stride + 1
}

/// The division of a convolution over a batch into pieces of work, one piece
/// per block of output columns: a run of output pixels of one image, or the
/// whole of several small images side by side.
///
/// The cut depends only on the shapes, never on the thread count, so every
/// output element is computed the same way by any number of threads.
struct ConvolutionPlan {
  let geometry: ConvolutionGeometry
  let batch: Int
  /// Output pixels per column block of one image.
  let columnsPerChunk: Int
  let chunksPerImage: Int
  /// Images whose columns share one block: more than one only when an image
  /// has fewer than `groupedColumns` output pixels, and then every block
  /// holds whole images.
  let imagesPerChunk: Int

  /// The largest column block in floats (8 MiB), unless one column is larger.
  /// It bounds the im2col memory of each running piece.
  static let columnBudget = 1 << 21
  /// The forward pass aims for at least this many pieces so that small images
  /// still spread over several threads.
  static let targetPieceCount = 8
  /// Blocks are not cut below this many columns, because the GEMM is slow on
  /// narrow matrices.
  static let minimumColumns = 128
  /// Images with fewer output pixels than this are put side by side in one
  /// block of about this many columns, so that a batch of small images makes
  /// a few wide matrix products instead of one narrow product per image.
  static let groupedColumns = 1_024
  /// The backward pass sums each gradient in at most this many groups, each
  /// with its own buffer.
  static let maximumGradientGroups = 4

  init(geometry: ConvolutionGeometry, batch: Int) {
    self.geometry = geometry
    self.batch = batch
    let pixels = geometry.pixelCount
    let byBudget = max(1, Self.columnBudget / max(1, geometry.rowCount))
    if pixels > 0 && pixels < Self.groupedColumns && batch > 1 {
      columnsPerChunk = pixels
      chunksPerImage = 1
      imagesPerChunk = max(1, min(batch, Self.groupedColumns / pixels, byBudget / pixels))
      return
    }
    let targetChunks = (Self.targetPieceCount + max(1, batch) - 1) / max(1, batch)
    let bySpread = max(Self.minimumColumns, (pixels + targetChunks - 1) / targetChunks)
    columnsPerChunk = max(1, min(pixels, byBudget, bySpread))
    chunksPerImage = pixels == 0 ? 0 : (pixels + columnsPerChunk - 1) / columnsPerChunk
    imagesPerChunk = 1
  }

  var outputShape: [Int] {
    [batch, geometry.outputChannels, geometry.outputHeight, geometry.outputWidth]
  }

  /// The number of image groups: blocks of `imagesPerChunk` images.
  var imageGroupCount: Int { (batch + imagesPerChunk - 1) / imagesPerChunk }

  var pieceCount: Int { imageGroupCount * chunksPerImage }

  /// The number of groups that the weight gradient is summed in.
  var weightGradientGroupCount: Int { max(1, min(pieceCount, Self.maximumGradientGroups)) }

  /// The number of groups per image that the input gradient is summed in: more
  /// than one only for batches smaller than `maximumGradientGroups`, so that
  /// the group buffers total at most that many images.
  var inputGradientGroupsPerImage: Int {
    max(1, min(chunksPerImage, Self.maximumGradientGroups / max(1, batch)))
  }

  /// Returns the images and the output columns of each image of a piece.
  func piece(_ index: Int) -> ConvolutionPiece {
    let imageGroup = index / chunksPerImage
    let first = (index - imageGroup * chunksPerImage) * columnsPerChunk
    let firstImage = imageGroup * imagesPerChunk
    return ConvolutionPiece(
      images: firstImage..<min(batch, firstImage + imagesPerChunk),
      columns: first..<min(geometry.pixelCount, first + columnsPerChunk))
  }

  /// Returns an uninitialized buffer that fits the column block of any piece,
  /// to be freed by the caller.
  func allocateColumnBlock() -> UnsafeMutablePointer<Float> {
    .allocate(capacity: geometry.rowCount * columnsPerChunk * imagesPerChunk)
  }

  /// Calls `body` with the column block of one piece and the distance between
  /// its rows: the image itself for a pointwise convolution of one image,
  /// otherwise an im2col copy that lives only during the call. The block puts
  /// the columns of the piece's images side by side, image by image.
  func withColumns(
    of input: UnsafePointer<Float>, piece: ConvolutionPiece,
    _ body: (UnsafePointer<Float>, Int) -> Void
  ) {
    let imageSize = geometry.channels * geometry.height * geometry.width
    let columns = piece.columns
    if geometry.isPointwise && piece.images.count == 1 {
      body(input + piece.images.lowerBound * imageSize + columns.lowerBound, geometry.pixelCount)
      return
    }
    let width = piece.width
    let block = UnsafeMutablePointer<Float>.allocate(capacity: geometry.rowCount * width)
    defer { block.deallocate() }
    for (slot, image) in piece.images.enumerated() {
      geometry.im2col(
        input + image * imageSize, columns: columns, into: block + slot * columns.count,
        rowStride: width)
    }
    body(block, width)
  }

  /// Calls `body` with the upstream gradient of one piece as an
  /// [O, piece.width] block and the distance between its rows: in place for
  /// one image, otherwise gathered image by image into a copy.
  func withUpstreamBlock(
    _ upstream: UnsafePointer<Float>, piece: ConvolutionPiece,
    _ body: (UnsafePointer<Float>, Int) -> Void
  ) {
    let (channels, pixels) = (geometry.outputChannels, geometry.pixelCount)
    let columns = piece.columns
    if piece.images.count == 1 {
      body(upstream + piece.images.lowerBound * channels * pixels + columns.lowerBound, pixels)
      return
    }
    let width = piece.width
    let block = UnsafeMutablePointer<Float>.allocate(capacity: channels * width)
    defer { block.deallocate() }
    for (slot, image) in piece.images.enumerated() {
      for o in 0..<channels {
        (block + o * width + slot * columns.count).update(
          from: upstream + (image * channels + o) * pixels + columns.lowerBound,
          count: columns.count)
      }
    }
    body(block, width)
  }

  /// Returns the bias gradient: the upstream gradient summed over images and
  /// pixels for each output channel.
  func biasGradient(upstream: [Float]) -> [Float] {
    let (channels, pixels) = (geometry.outputChannels, geometry.pixelCount)
    var sums = [Float](repeating: 0, count: channels)
    upstream.withUnsafeBufferPointer { upstream in
      for image in 0..<batch {
        for channel in 0..<channels {
          let plane = upstream.baseAddress! + (image * channels + channel) * pixels
          sums[channel] += sumOfPlane(plane, count: pixels)
        }
      }
    }
    return sums
  }
}

/// One piece of a convolution plan: the same output columns of each image in
/// `images`.
struct ConvolutionPiece {
  let images: Range<Int>
  let columns: Range<Int>

  /// Columns of the piece's block: the images' columns side by side.
  var width: Int { images.count * columns.count }
}

/// Returns the sum of `count` values, added in eight interleaved lanes and
/// then lane by lane, so the order depends only on `count`.
private func sumOfPlane(_ values: UnsafePointer<Float>, count: Int) -> Float {
  let raw = UnsafeRawPointer(values)
  var lanes = SIMD8<Float>()
  let vectorEnd = count / 8 * 8
  for p in stride(from: 0, to: vectorEnd, by: 8) {
    lanes += raw.loadUnaligned(fromByteOffset: p * 4, as: SIMD8<Float>.self)
  }
  var total: Float = 0
  for lane in 0..<8 { total += lanes[lane] }
  for p in vectorEnd..<count { total += values[p] }
  return total
}

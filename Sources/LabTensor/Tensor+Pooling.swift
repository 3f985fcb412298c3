extension Tensor {
  /// 2-D max pooling, as `torch.nn.functional.max_pool2d` without ceil mode.
  ///
  /// Each output is the largest input in its window; padding positions never
  /// win. The gradient flows to that one input, the first in row-major window
  /// order when several are equal, as in PyTorch on the CPU. A NaN in a
  /// window wins, so it propagates.
  ///
  /// - Parameters:
  ///   - kernelSize: Window height and width.
  ///   - stride: Step between windows; the kernel size by default.
  ///   - padding: Implicit −∞ added on each side; 0 by default, at most half
  ///     the kernel size.
  ///   - dilation: Spacing between window taps; 1 by default.
  ///   - threads: Thread count; the result is the same for any count.
  /// - Precondition: `self` is [N, C, H, W].
  public func maxPool2d(
    kernelSize: Size2D, stride: Size2D? = nil, padding: Size2D = 0, dilation: Size2D = 1,
    threads: Int = Parallel.threadCount
  ) -> Tensor {
    let window = PoolingWindow(
      "max_pool2d", input: self, kernelSize: kernelSize, stride: stride ?? kernelSize,
      padding: padding, dilation: dilation)
    let (planeCount, planeSize) = (shape[0] * shape[1], shape[2] * shape[3])
    let outputSize = window.outputHeight * window.outputWidth
    // Positions of the maxima within their planes, kept only for backward.
    var winners = [Int32](repeating: 0, count: requiresGradient ? planeCount * outputSize : 0)
    let values = winners.withUnsafeMutableBufferPointer { winners in
      // An empty array may still have a base address, so test the count.
      let winners = UncheckedSendable(winners.isEmpty ? nil : winners.baseAddress)
      return mapPlanes(
        data, planeCount: planeCount, sourcePlaneSize: planeSize, outputPlaneSize: outputSize,
        threads: threads
      ) { plane, source, output in
        window.maximize(
          plane: source, into: output, winners: winners.value.map { $0 + plane * outputSize })
      }
    }
    return Tensor(shape: window.outputShape, data: values, inputs: [self]) { [self] result in
      let gradient = mapPlanes(
        result.gradient!, planeCount: planeCount, sourcePlaneSize: outputSize,
        outputPlaneSize: planeSize, threads: threads
      ) { plane, upstream, gradient in
        let base = plane * outputSize
        for i in 0..<outputSize { gradient[Int(winners[base + i])] += upstream[i] }
      }
      accumulateGradient(gradient)
    }
  }

  /// 2-D average pooling, as `torch.nn.functional.avg_pool2d` without ceil
  /// mode.
  ///
  /// Each output is the sum of the inputs in its window divided by the window
  /// area: counting the padding when `countIncludePadding` is true, which is
  /// the default, and counting only input positions otherwise.
  ///
  /// - Parameters:
  ///   - kernelSize: Window height and width.
  ///   - stride: Step between windows; the kernel size by default.
  ///   - padding: Zeros added on each side; 0 by default, at most half the
  ///     kernel size.
  ///   - countIncludePadding: Whether padding counts in the divisor; true by
  ///     default.
  ///   - threads: Thread count; the result is the same for any count.
  /// - Precondition: `self` is [N, C, H, W].
  public func avgPool2d(
    kernelSize: Size2D, stride: Size2D? = nil, padding: Size2D = 0,
    countIncludePadding: Bool = true, threads: Int = Parallel.threadCount
  ) -> Tensor {
    let window = PoolingWindow(
      "avg_pool2d", input: self, kernelSize: kernelSize, stride: stride ?? kernelSize,
      padding: padding, dilation: 1)
    let windows = AverageWindows(
      rows: window.averageSpans(
        size: shape[2], kernel: kernelSize.height, stride: window.stride.height,
        padding: padding.height, countIncludePadding: countIncludePadding,
        outputSize: window.outputHeight),
      columns: window.averageSpans(
        size: shape[3], kernel: kernelSize.width, stride: window.stride.width,
        padding: padding.width, countIncludePadding: countIncludePadding,
        outputSize: window.outputWidth))
    return averagePooled(windows, threads: threads)
  }

  /// 2-D adaptive average pooling, as `torch.nn.functional.adaptive_avg_pool2d`.
  ///
  /// Output row i averages input rows ⌊i·H / H'⌋ up to ⌈(i + 1)·H / H'⌉
  /// (exclusive), and likewise for columns, so windows may overlap or, when
  /// the output is larger than the input, repeat an input row.
  ///
  /// - Precondition: `self` is [N, C, H, W] with H and W positive, and the
  ///   output size is positive.
  public func adaptiveAvgPool2d(
    outputSize: Size2D, threads: Int = Parallel.threadCount
  ) -> Tensor {
    precondition(rank == 4, "adaptive_avg_pool2d: input must be [N, C, H, W], got \(shape)")
    precondition(shape[2] > 0 && shape[3] > 0,
      "adaptive_avg_pool2d: input \(shape) has an empty side")
    precondition(outputSize.height > 0 && outputSize.width > 0,
      "adaptive_avg_pool2d: output size \(outputSize) must be positive")
    let windows = AverageWindows(
      rows: adaptiveSpans(size: shape[2], outputSize: outputSize.height),
      columns: adaptiveSpans(size: shape[3], outputSize: outputSize.width))
    return averagePooled(windows, threads: threads)
  }

  /// Averages every plane over separable windows and records the gradient,
  /// which spreads each upstream value evenly over its window.
  private func averagePooled(_ windows: AverageWindows, threads: Int) -> Tensor {
    let (planeCount, planeSize) = (shape[0] * shape[1], shape[2] * shape[3])
    let outputSize = windows.rows.count * windows.columns.count
    let width = shape[3]
    let values = mapPlanes(
      data, planeCount: planeCount, sourcePlaneSize: planeSize, outputPlaneSize: outputSize,
      threads: threads
    ) { _, plane, output in
      windows.average(plane: plane, width: width, into: output)
    }
    let outputShape = [shape[0], shape[1], windows.rows.count, windows.columns.count]
    return Tensor(shape: outputShape, data: values, inputs: [self]) { [self] result in
      let gradient = mapPlanes(
        result.gradient!, planeCount: planeCount, sourcePlaneSize: outputSize,
        outputPlaneSize: planeSize, threads: threads
      ) { _, upstream, gradient in
        windows.spread(upstream, width: width, into: gradient)
      }
      accumulateGradient(gradient)
    }
  }
}

/// Returns `planeCount` planes of `outputPlaneSize` values, starting at zero,
/// that `body(plane, sourcePlane, outputPlane)` fills in parallel from the
/// planes of `source`, which are `sourcePlaneSize` values apart.
///
/// Each plane is computed whole by one call, so the result is the same for any
/// thread count. Small planes are handed to threads in runs of at least
/// `minimumPieceSize` values, because claiming a piece costs a lock.
func mapPlanes(
  _ source: [Float], planeCount: Int, sourcePlaneSize: Int, outputPlaneSize: Int, threads: Int,
  _ body: (Int, UnsafePointer<Float>, UnsafeMutablePointer<Float>) -> Void
) -> [Float] {
  var output = [Float](repeating: 0, count: planeCount * outputPlaneSize)
  if output.isEmpty || source.isEmpty { return output }
  let planeSize = max(1, sourcePlaneSize, outputPlaneSize)
  let planesPerPiece = max(1, minimumPieceSize / planeSize)
  let pieceCount = (planeCount + planesPerPiece - 1) / planesPerPiece
  source.withUnsafeBufferPointer { source in
    output.withUnsafeMutableBufferPointer { output in
      let target = UncheckedSendable(output.baseAddress!)
      Parallel.forEach(pieceCount, threads: threads) { piece in
        let first = piece * planesPerPiece
        for plane in first..<min(planeCount, first + planesPerPiece) {
          body(
            plane, source.baseAddress! + plane * sourcePlaneSize,
            target.value + plane * outputPlaneSize)
        }
      }
    }
  }
  return output
}

/// The fewest values, read or written, in one parallel piece of `mapPlanes`.
private let minimumPieceSize = 8_192

/// Returns PyTorch's adaptive pooling windows: ⌊i·size / outputSize⌋ up to
/// ⌈(i + 1)·size / outputSize⌉, each divided by its own length.
private func adaptiveSpans(size: Int, outputSize: Int) -> [AverageWindows.Span] {
  (0..<outputSize).map { i in
    let start = i * size / outputSize
    let end = ((i + 1) * size + outputSize - 1) / outputSize
    return AverageWindows.Span(range: start..<end, divisor: end - start)
  }
}

/// The checked sizes of a pooling call.
private struct PoolingWindow {
  let kernel: Size2D
  let stride: Size2D
  let padding: Size2D
  let dilation: Size2D
  let shape: [Int]
  let outputHeight: Int
  let outputWidth: Int

  init(
    _ operation: String, input: Tensor, kernelSize: Size2D, stride: Size2D, padding: Size2D,
    dilation: Size2D
  ) {
    precondition(input.rank == 4, "\(operation): input must be [N, C, H, W], got \(input.shape)")
    precondition(kernelSize.height > 0 && kernelSize.width > 0,
      "\(operation): kernel size \(kernelSize) must be positive")
    precondition(stride.height > 0 && stride.width > 0,
      "\(operation): stride \(stride) must be positive")
    precondition(dilation.height > 0 && dilation.width > 0,
      "\(operation): dilation \(dilation) must be positive")
    precondition(padding.height >= 0 && padding.width >= 0
      && padding.height <= kernelSize.height / 2 && padding.width <= kernelSize.width / 2,
      "\(operation): padding \(padding) must be between 0 and half the kernel size "
        + "\(kernelSize)")
    kernel = kernelSize
    self.stride = stride
    self.padding = padding
    self.dilation = dilation
    shape = input.shape
    outputHeight = pooledSize(
      shape[2], kernel: kernel.height, stride: stride.height, padding: padding.height,
      dilation: dilation.height)
    outputWidth = pooledSize(
      shape[3], kernel: kernel.width, stride: stride.width, padding: padding.width,
      dilation: dilation.width)
    precondition(outputHeight > 0 && outputWidth > 0,
      "\(operation): input \(input.shape) with padding \(padding) is smaller than kernel "
        + "\(kernel) dilated by \(dilation)")
  }

  var outputShape: [Int] { [shape[0], shape[1], outputHeight, outputWidth] }

  /// Writes the maximum of every window of one plane, and its position in the
  /// plane when `winners` is given.
  func maximize(
    plane: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>,
    winners: UnsafeMutablePointer<Int32>?
  ) {
    let (height, width) = (shape[2], shape[3])
    if kernel == Size2D(2), stride == Size2D(2), padding == Size2D(0), dilation == Size2D(1) {
      maximizeTwoByTwo(plane: plane, width: width, into: output, winners: winners)
      return
    }
    for outputRow in 0..<outputHeight {
      // The first window row inside the input, stepping by the dilation as
      // PyTorch does, gives the winner when every value is −∞.
      var firstRow = outputRow * stride.height - padding.height
      while firstRow < 0 { firstRow += dilation.height }
      for outputColumn in 0..<outputWidth {
        var firstColumn = outputColumn * stride.width - padding.width
        while firstColumn < 0 { firstColumn += dilation.width }
        var best = -Float.infinity
        var bestIndex = firstRow * width + firstColumn
        var y = firstRow
        while y < min(height, outputRow * stride.height - padding.height
          + (kernel.height - 1) * dilation.height + 1)
        {
          var x = firstColumn
          let columnEnd = min(width, outputColumn * stride.width - padding.width
            + (kernel.width - 1) * dilation.width + 1)
          while x < columnEnd {
            let value = plane[y * width + x]
            if value > best || value.isNaN {
              best = value
              bestIndex = y * width + x
            }
            x += dilation.width
          }
          y += dilation.height
        }
        let index = outputRow * outputWidth + outputColumn
        output[index] = best
        winners?[index] = Int32(truncatingIfNeeded: bestIndex)
      }
    }
  }

  /// Pools 2×2 windows with stride 2, the layout of VGG and most small CNNs,
  /// with the same comparisons in the same order as the general loop.
  private func maximizeTwoByTwo(
    plane: UnsafePointer<Float>, width: Int, into output: UnsafeMutablePointer<Float>,
    winners: UnsafeMutablePointer<Int32>?
  ) {
    for outputRow in 0..<outputHeight {
      let top = 2 * outputRow * width
      for outputColumn in 0..<outputWidth {
        let first = top + 2 * outputColumn
        var best = -Float.infinity
        var bestIndex = first
        @inline(__always) func consider(_ position: Int) {
          let value = plane[position]
          if value > best || value.isNaN {
            best = value
            bestIndex = position
          }
        }
        consider(first)
        consider(first + 1)
        consider(first + width)
        consider(first + width + 1)
        let index = outputRow * outputWidth + outputColumn
        output[index] = best
        winners?[index] = Int32(truncatingIfNeeded: bestIndex)
      }
    }
  }

  /// Returns the average-pooling windows along one axis. The divisor counts
  /// the padding, but not positions past it, when `countIncludePadding` is
  /// true, as PyTorch does.
  func averageSpans(
    size: Int, kernel: Int, stride: Int, padding: Int, countIncludePadding: Bool,
    outputSize: Int
  ) -> [AverageWindows.Span] {
    (0..<outputSize).map { i in
      let paddedStart = i * stride - padding
      let paddedEnd = min(paddedStart + kernel, size + padding)
      let range = max(paddedStart, 0)..<min(paddedEnd, size)
      let divisor = countIncludePadding ? paddedEnd - paddedStart : range.count
      return AverageWindows.Span(range: range, divisor: divisor)
    }
  }
}

/// Average-pooling windows that are products of a row range and a column
/// range, which covers plain, padded and adaptive average pooling.
private struct AverageWindows {
  /// The input positions of a window along one axis and its share of the
  /// divisor. A window's divisor is the product of its row and column shares.
  struct Span {
    var range: Range<Int>
    var divisor: Int
  }

  let rows: [Span]
  let columns: [Span]

  func average(
    plane: UnsafePointer<Float>, width: Int, into output: UnsafeMutablePointer<Float>
  ) {
    var index = 0
    for row in rows {
      for column in columns {
        var total: Float = 0
        for y in row.range {
          let line = plane + y * width
          for x in column.range { total += line[x] }
        }
        // An empty window (only padding) averages to 0, as in PyTorch.
        output[index] = row.range.isEmpty || column.range.isEmpty
          ? 0 : total / Float(row.divisor * column.divisor)
        index += 1
      }
    }
  }

  /// Adds each upstream value, divided by its window's divisor, to every input
  /// position of the window.
  func spread(
    _ upstream: UnsafePointer<Float>, width: Int, into gradient: UnsafeMutablePointer<Float>
  ) {
    var index = 0
    for row in rows {
      for column in columns {
        let share = upstream[index] / Float(row.divisor * column.divisor)
        for y in row.range {
          let line = gradient + y * width
          for x in column.range { line[x] += share }
        }
        index += 1
      }
    }
  }
}

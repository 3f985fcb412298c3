/// A height and a width: a kernel size, stride, padding or dilation of a 2-D
/// operation. An integer literal sets both, as a single number does in PyTorch.
public struct Size2D: Equatable, Hashable, Sendable, ExpressibleByIntegerLiteral,
  CustomStringConvertible
{
  public var height: Int
  public var width: Int

  public init(_ height: Int, _ width: Int) {
    self.height = height
    self.width = width
  }

  public init(integerLiteral value: Int) {
    self.init(value, value)
  }

  public var description: String { "(\(height), \(width))" }
}

extension Tensor {
  /// 2-D convolution of a batch of images, as `torch.nn.functional.conv2d`
  /// with one group:
  ///
  ///     y[n,o,i,j] = b[o] + Σ_{c,u,v} w[o,c,u,v] · x[n, c, i·s + u·d − p, j·s + v·d − p]
  ///
  /// with stride s, dilation d and padding p per axis, where positions outside
  /// the input read 0. The output is [N, O, H', W'] with
  ///
  ///     H' = ⌊(H + 2·padding − dilation·(kh − 1) − 1) / stride⌋ + 1
  ///
  /// and the same for W'. The forward pass and both gradients run as matrix
  /// products of the weight with im2col blocks of at most 2²¹ floats (8 MiB),
  /// so the extra memory per thread stays bounded whatever the image size.
  ///
  /// - Parameters:
  ///   - weight: [O, C, kh, kw].
  ///   - bias: [O], or nil for none.
  ///   - stride: Step between output positions, in input pixels; 1 by default.
  ///   - padding: Zeros added on each side; 0 by default.
  ///   - dilation: Spacing between kernel taps; 1 by default.
  ///   - threads: Thread count; the result is the same for any count.
  /// - Precondition: `self` is [N, C, H, W] and the padded input is at least
  ///   as large as the dilated kernel.
  public func conv2d(
    weight: Tensor, bias: Tensor? = nil, stride: Size2D = 1, padding: Size2D = 0,
    dilation: Size2D = 1, threads: Int = Parallel.threadCount
  ) -> Tensor {
    let geometry = ConvolutionGeometry(
      input: self, weight: weight, bias: bias, stride: stride, padding: padding,
      dilation: dilation)
    let plan = ConvolutionPlan(geometry: geometry, batch: shape[0])
    let output = convolutionForward(plan: plan, weight: weight, bias: bias, threads: threads)

    let inputs = [self, weight] + (bias.map { [$0] } ?? [])
    return Tensor(shape: plan.outputShape, data: output, inputs: inputs) {
      [self] result in
      let upstream = result.gradient!
      if requiresGradient {
        let gradient = convolutionInputGradient(
          plan: plan, upstream: upstream, weight: weight, threads: threads)
        accumulateGradient(gradient)
      }
      if weight.requiresGradient {
        let gradient = convolutionWeightGradient(plan: plan, upstream: upstream, threads: threads)
        weight.accumulateGradient(gradient)
      }
      if let bias, bias.requiresGradient {
        bias.accumulateGradient(plan.biasGradient(upstream: upstream))
      }
    }
  }

  /// Runs the forward convolution over a fixed grid of pieces, each writing
  /// its own block of output columns.
  private func convolutionForward(
    plan: ConvolutionPlan, weight: Tensor, bias: Tensor?, threads: Int
  ) -> [Float] {
    let outputCount = plan.outputShape.reduce(1, *)
    if outputCount == 0 { return [] }

    return [Float](unsafeUninitializedCapacity: outputCount) { output, initialized in
      let out = UncheckedSendable(output.baseAddress!)
      data.withUnsafeBufferPointer { input in
        weight.data.withUnsafeBufferPointer { weights in
          withOptionalBuffer(bias?.data) { biases in
            Parallel.forEach(plan.pieceCount, threads: threads) { piece in
              plan.forwardPiece(
                plan.piece(piece), input: input.baseAddress!, weights: weights.baseAddress!,
                biases: biases, output: out.value)
            }
          }
        }
      }
      initialized = outputCount
    }
  }

  /// Returns the input gradient: dcol = Wᵀ · dY for each column block,
  /// scattered back onto its images by col2im.
  ///
  /// Column blocks of one image touch overlapping pixels, so they cannot be
  /// written in parallel into one buffer. Each piece (image, group) takes every
  /// `groupsPerImage`-th block of its image and adds into its own buffer, and
  /// the group buffers are added in group order. Batches of four or more images
  /// use one group per image and write straight into the result, and so do
  /// pieces that hold several whole images.
  private func convolutionInputGradient(
    plan: ConvolutionPlan, upstream: [Float], weight: Tensor, threads: Int
  ) -> [Float] {
    let geometry = plan.geometry
    let (outputChannels, rowCount) = (geometry.outputChannels, geometry.rowCount)
    let imageSize = geometry.channels * geometry.height * geometry.width
    let groups = plan.inputGradientGroupsPerImage
    var partials = [Float](repeating: 0, count: groups * plan.batch * imageSize)
    if partials.isEmpty || plan.pieceCount == 0 { return partials }

    weight.data.withUnsafeBufferPointer { weights in
      upstream.withUnsafeBufferPointer { upstream in
        partials.withUnsafeMutableBufferPointer { partials in
          let target = UncheckedSendable(partials.baseAddress!)
          Parallel.forEach(plan.imageGroupCount * groups, threads: threads) { piece in
            let (imageGroup, group) = (piece / groups, piece % groups)
            let columnGradient = plan.allocateColumnBlock()
            defer { columnGradient.deallocate() }
            for chunk in stride(from: group, to: plan.chunksPerImage, by: groups) {
              let piece = plan.piece(imageGroup * plan.chunksPerImage + chunk)
              let width = piece.width
              plan.withUpstreamBlock(upstream.baseAddress!, piece: piece) { block, blockStride in
                gemm(
                  m: rowCount, n: width, k: outputChannels,
                  a: weights.baseAddress!, lda: rowCount, transposeA: true,
                  b: block, ldb: blockStride, transposeB: false,
                  c: columnGradient, ldc: width, accumulate: false, threads: 1)
              }
              for (slot, image) in piece.images.enumerated() {
                geometry.col2im(
                  columnGradient + slot * piece.columns.count, columns: piece.columns,
                  addingInto: target.value + (group * plan.batch + image) * imageSize,
                  rowStride: width)
              }
            }
          }
        }
      }
    }
    return sumGroups(partials, groupCount: groups, threads: threads)
  }

  /// Returns the weight gradient, dW = Σ dY · colᵀ over every column block.
  ///
  /// The blocks are dealt round-robin to a fixed number of groups. Each group
  /// sums into its own [O, C·kh·kw] buffer, and the buffers are added in group
  /// order, so the result does not depend on the thread count.
  private func convolutionWeightGradient(
    plan: ConvolutionPlan, upstream: [Float], threads: Int
  ) -> [Float] {
    let geometry = plan.geometry
    let (outputChannels, rowCount) = (geometry.outputChannels, geometry.rowCount)
    let weightSize = outputChannels * rowCount
    let groups = plan.weightGradientGroupCount
    var partials = [Float](repeating: 0, count: groups * weightSize)
    if partials.isEmpty || plan.pieceCount == 0 {
      return [Float](repeating: 0, count: weightSize)
    }

    data.withUnsafeBufferPointer { input in
      upstream.withUnsafeBufferPointer { upstream in
        partials.withUnsafeMutableBufferPointer { partials in
          let target = UncheckedSendable(partials.baseAddress!)
          Parallel.forEach(groups, threads: threads) { group in
            for index in stride(from: group, to: plan.pieceCount, by: groups) {
              let piece = plan.piece(index)
              plan.withUpstreamBlock(upstream.baseAddress!, piece: piece) {
                gradientBlock, gradientStride in
                plan.withColumns(of: input.baseAddress!, piece: piece) { block, blockStride in
                  gemm(
                    m: outputChannels, n: rowCount, k: piece.width,
                    a: gradientBlock, lda: gradientStride, transposeA: false,
                    b: block, ldb: blockStride, transposeB: true,
                    c: target.value + group * weightSize, ldc: rowCount, accumulate: true,
                    threads: 1)
                }
              }
            }
          }
        }
      }
    }
    return sumGroups(partials, groupCount: groups, threads: threads)
  }
}

extension ConvolutionPlan {
  /// Computes the output columns of one piece: Y = W · col (+ b), written
  /// straight into the output for one image, or into a block that is then
  /// copied out image by image.
  func forwardPiece(
    _ piece: ConvolutionPiece, input: UnsafePointer<Float>, weights: UnsafePointer<Float>,
    biases: UnsafeBufferPointer<Float>?, output: UnsafeMutablePointer<Float>
  ) {
    let (outputChannels, pixels) = (geometry.outputChannels, geometry.pixelCount)
    let columns = piece.columns
    let isDirect = piece.images.count == 1
    let width = piece.width
    let block = isDirect ? nil : UnsafeMutablePointer<Float>.allocate(capacity: outputChannels * width)
    defer { block?.deallocate() }
    let (target, ldc) = block.map { ($0, width) }
      ?? (output + piece.images.lowerBound * outputChannels * pixels + columns.lowerBound, pixels)
    if let biases {
      for o in 0..<outputChannels {
        (target + o * ldc).update(repeating: biases[o], count: width)
      }
    }

    withColumns(of: input, piece: piece) { columnBlock, blockStride in
      gemm(
        m: outputChannels, n: width, k: geometry.rowCount,
        a: weights, lda: geometry.rowCount, transposeA: false,
        b: columnBlock, ldb: blockStride, transposeB: false,
        c: target, ldc: ldc, accumulate: biases != nil, threads: 1)
    }

    guard let block else { return }
    for (slot, image) in piece.images.enumerated() {
      for o in 0..<outputChannels {
        (output + (image * outputChannels + o) * pixels + columns.lowerBound).update(
          from: block + o * width + slot * columns.count, count: columns.count)
      }
    }
  }
}

/// Returns the element-wise sum of `groupCount` equal blocks of `partials`,
/// adding the blocks in order so that the result is the same for any thread
/// count.
private func sumGroups(_ partials: [Float], groupCount: Int, threads: Int) -> [Float] {
  let size = partials.count / groupCount
  if groupCount == 1 { return partials }
  var total = Array(partials[0..<size])
  let sliceSize = 1 << 16
  let sliceCount = (size + sliceSize - 1) / sliceSize
  partials.withUnsafeBufferPointer { source in
    total.withUnsafeMutableBufferPointer { target in
      let (source, target) = (UncheckedSendable(source), UncheckedSendable(target))
      Parallel.forEach(sliceCount, threads: threads) { slice in
        let range = (slice * sliceSize)..<min(size, (slice + 1) * sliceSize)
        for group in 1..<groupCount {
          let block = source.value.baseAddress! + group * size
          for i in range { target.value[i] += block[i] }
        }
      }
    }
  }
  return total
}

/// Calls `body` with a pointer to the values, or nil when there are none.
private func withOptionalBuffer<Result>(
  _ values: [Float]?, _ body: (UnsafeBufferPointer<Float>?) -> Result
) -> Result {
  guard let values else { return body(nil) }
  return values.withUnsafeBufferPointer { body($0) }
}

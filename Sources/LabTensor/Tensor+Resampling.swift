/// The sampling rule by which `interpolate` computes an output pixel.
public enum InterpolationMode: Equatable, Sendable {
  /// The input pixel at ⌊destination · scale⌋, PyTorch's "nearest".
  case nearest
  /// Linear in each direction between the two nearest input pixels.
  ///
  /// With `alignCorners` the corner pixel centres of input and output
  /// coincide, and the source of output pixel i is i · (in − 1) / (out − 1).
  /// Without it, pixels are areas, and the source is (i + ½) · scale − ½,
  /// clamped at 0.
  case bilinear(alignCorners: Bool)
}

extension Tensor {
  /// Resizes each image to `size`, as `torch.nn.functional.interpolate`.
  ///
  /// The scale from output to input positions is input size / output size.
  ///
  /// - Precondition: `self` is [N, C, H, W] with H and W positive, and `size`
  ///   is positive.
  public func interpolate(
    size: Size2D, mode: InterpolationMode, threads: Int = Parallel.threadCount
  ) -> Tensor {
    resampled(size: size, scales: nil, mode: mode, threads: threads)
  }

  /// Resizes each image by `scaleFactor` (height, width), as
  /// `torch.nn.functional.interpolate` with `recompute_scale_factor` unset.
  ///
  /// The output size is ⌊input size · factor⌋, and the scale from output to
  /// input positions is 1 / factor, which differs from input size / output
  /// size when the product is not an integer. With
  /// `.bilinear(alignCorners: true)` the factor sets only the output size.
  ///
  /// - Precondition: `self` is [N, C, H, W] with H and W positive, and the
  ///   output size is positive.
  public func interpolate(
    scaleFactor: (height: Double, width: Double), mode: InterpolationMode,
    threads: Int = Parallel.threadCount
  ) -> Tensor {
    precondition(rank == 4, "interpolate: input must be [N, C, H, W], got \(shape)")
    precondition(scaleFactor.height > 0 && scaleFactor.width > 0,
      "interpolate: scale factor \(scaleFactor) must be positive")
    let size = Size2D(
      Int((Double(shape[2]) * scaleFactor.height).rounded(.down)),
      Int((Double(shape[3]) * scaleFactor.width).rounded(.down)))
    return resampled(
      size: size, scales: (Float(1 / scaleFactor.height), Float(1 / scaleFactor.width)),
      mode: mode, threads: threads)
  }

  private func resampled(
    size: Size2D, scales: (height: Float, width: Float)?, mode: InterpolationMode, threads: Int
  ) -> Tensor {
    precondition(rank == 4, "interpolate: input must be [N, C, H, W], got \(shape)")
    precondition(shape[2] > 0 && shape[3] > 0, "interpolate: input \(shape) has an empty side")
    precondition(size.height > 0 && size.width > 0,
      "interpolate: output size \(size) must be positive")
    let rows = ResamplingTaps(
      inputSize: shape[2], outputSize: size.height, scale: scales?.height, mode: mode)
    let columns = ResamplingTaps(
      inputSize: shape[3], outputSize: size.width, scale: scales?.width, mode: mode)
    let (planeCount, planeSize) = (shape[0] * shape[1], shape[2] * shape[3])
    let outputSize = size.height * size.width
    let width = shape[3]

    let values = mapPlanes(
      data, planeCount: planeCount, sourcePlaneSize: planeSize, outputPlaneSize: outputSize,
      threads: threads
    ) { _, source, target in
      for i in 0..<size.height {
        let top = source + rows.first[i] * width
        let bottom = source + rows.second[i] * width
        let line = target + i * size.width
        if mode == .nearest {
          // Copied, not weighted, because 0 · ∞ would turn an infinity into NaN.
          for j in 0..<size.width { line[j] = top[columns.first[j]] }
          continue
        }
        for j in 0..<size.width {
          let upper = columns.firstWeight[j] * top[columns.first[j]]
            + columns.secondWeight[j] * top[columns.second[j]]
          let lower = columns.firstWeight[j] * bottom[columns.first[j]]
            + columns.secondWeight[j] * bottom[columns.second[j]]
          line[j] = rows.firstWeight[i] * upper + rows.secondWeight[i] * lower
        }
      }
    }

    let outputShape = [shape[0], shape[1], size.height, size.width]
    return Tensor(shape: outputShape, data: values, inputs: [self]) { [self] result in
      let gradient = mapPlanes(
        result.gradient!, planeCount: planeCount, sourcePlaneSize: outputSize,
        outputPlaneSize: planeSize, threads: threads
      ) { _, upstream, gradient in
        for i in 0..<size.height {
          let top = gradient + rows.first[i] * width
          let bottom = gradient + rows.second[i] * width
          for j in 0..<size.width {
            let value = upstream[i * size.width + j]
            let upper = value * rows.firstWeight[i]
            let lower = value * rows.secondWeight[i]
            top[columns.first[j]] += upper * columns.firstWeight[j]
            top[columns.second[j]] += upper * columns.secondWeight[j]
            bottom[columns.first[j]] += lower * columns.firstWeight[j]
            bottom[columns.second[j]] += lower * columns.secondWeight[j]
          }
        }
      }
      accumulateGradient(gradient)
    }
  }
}

/// The two input positions that each output position reads along one axis,
/// and their weights. Nearest sampling reads one position with weight 1 (the
/// second weight is 0).
private struct ResamplingTaps {
  var first: [Int] = []
  var second: [Int] = []
  var firstWeight: [Float] = []
  var secondWeight: [Float] = []

  /// Computes the taps with PyTorch's float32 index arithmetic, so that
  /// positions that fall exactly between pixels round the same way.
  init(inputSize: Int, outputSize: Int, scale: Float?, mode: InterpolationMode) {
    for i in 0..<outputSize {
      switch mode {
      case .nearest:
        let source = Self.nearestSource(i, inputSize: inputSize, outputSize: outputSize, scale)
        append(source, source, 1, 0)
      case .bilinear(let alignCorners):
        let position: Float
        if alignCorners {
          let step = outputSize > 1 ? Float(inputSize - 1) / Float(outputSize - 1) : 0
          position = step * Float(i)
        } else {
          let step = scale ?? Float(inputSize) / Float(outputSize)
          position = max(step * (Float(i) + 0.5) - 0.5, 0)
        }
        let index = min(Int(position.rounded(.down)), inputSize - 1)
        let fraction = min(max(position - Float(index), 0), 1)
        let next = index < inputSize - 1 ? index + 1 : index
        append(index, next, 1 - fraction, fraction)
      }
    }
  }

  private mutating func append(_ a: Int, _ b: Int, _ weightA: Float, _ weightB: Float) {
    first.append(a)
    second.append(b)
    firstWeight.append(weightA)
    secondWeight.append(weightB)
  }

  /// PyTorch's "nearest" source index: exact for equal sizes and for doubling,
  /// otherwise ⌊i · scale⌋ in float32, capped at the last input position.
  private static func nearestSource(
    _ i: Int, inputSize: Int, outputSize: Int, _ scale: Float?
  ) -> Int {
    if outputSize == inputSize { return i }
    if outputSize == 2 * inputSize { return i >> 1 }
    let step = scale ?? Float(inputSize) / Float(outputSize)
    return min(Int((Float(i) * step).rounded(.down)), inputSize - 1)
  }
}

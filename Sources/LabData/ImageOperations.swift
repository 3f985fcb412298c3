import LabTensor

/// A value range that image pixels are stored in.
public enum PixelRange: Equatable, Sendable {
  /// 0…1, as `PNGImage` reads images and torchvision's `ToTensor` returns them.
  case unit
  /// −1…1, the usual output range of a tanh generator.
  case signedUnit
  /// 0…255, the range of 8-bit files.
  case byte

  /// Lowest and highest value of the range.
  public var bounds: ClosedRange<Float> {
    switch self {
    case .unit: 0...1
    case .signedUnit: -1...1
    case .byte: 0...255
    }
  }
}

// Image operations on [C, H, W] images and [N, C, H, W] batches. Each keeps the rank of
// its input, and those built from tensor operations record gradients as those do.
extension Tensor {
  /// Reduces the height and width by an integer factor, averaging each block of
  /// pixels, as `torch.nn.functional.interpolate(scale_factor=1/factor, mode="area")`.
  ///
  /// Area averaging was chosen over antialiased bilinear because it is exact for the
  /// super-resolution inputs: every low-resolution pixel is the mean of the
  /// `factor × factor` block it covers. The output size is ⌊H / factor⌋ × ⌊W / factor⌋.
  /// When the factor does not divide a side, windows follow `adaptive_avg_pool2d`: output
  /// row i averages input rows ⌊i · H / h⌋ up to ⌈(i + 1) · H / h⌉, and so on for columns.
  ///
  /// - Precondition: `self` is [C, H, W] or [N, C, H, W], `factor` is positive, and both
  ///   sides are at least `factor`.
  public func areaDownscaled(by factor: Int) -> Tensor {
    precondition(factor > 0, "areaDownscaled: factor must be positive, got \(factor)")
    let batch = imageBatch("areaDownscaled")
    let (height, width) = (batch.shape[2], batch.shape[3])
    precondition(
      height >= factor && width >= factor,
      "areaDownscaled: image \(height)×\(width) is smaller than the factor \(factor)")
    let size = Size2D(height / factor, width / factor)
    return batch.adaptiveAvgPool2d(outputSize: size).restoringImageRank(of: self)
  }

  /// Enlarges the height and width by an integer factor with `interpolate`.
  ///
  /// - Parameter mode: `.nearest` repeats each pixel, and `.bilinear(alignCorners: false)`
  ///   matches `torch.nn.functional.interpolate(mode="bilinear")` with PyTorch's default.
  /// - Precondition: `self` is [C, H, W] or [N, C, H, W] and `factor` is positive.
  public func upscaled(by factor: Int, mode: InterpolationMode) -> Tensor {
    precondition(factor > 0, "upscaled: factor must be positive, got \(factor)")
    let batch = imageBatch("upscaled")
    let scale = Double(factor)
    return batch.interpolate(scaleFactor: (scale, scale), mode: mode)
      .restoringImageRank(of: self)
  }

  /// Returns the rectangle of `height × width` pixels whose top-left pixel is at row
  /// `top` and column `left`, in every channel and image.
  ///
  /// - Precondition: `self` is [C, H, W] or [N, C, H, W] and the rectangle lies inside
  ///   the image.
  public func cropped(top: Int, left: Int, height: Int, width: Int) -> Tensor {
    precondition(
      rank == 3 || rank == 4, "cropped: input must be [C, H, W] or [N, C, H, W], got \(shape)")
    let (heightAxis, widthAxis) = (rank - 2, rank - 1)
    let (imageHeight, imageWidth) = (shape[heightAxis], shape[widthAxis])
    precondition(
      top >= 0 && left >= 0 && height > 0 && width > 0
        && top + height <= imageHeight && left + width <= imageWidth,
      "cropped: rectangle at row \(top), column \(left) of \(height)×\(width) does not fit "
        + "in the \(imageHeight)×\(imageWidth) image")
    return sliced(axis: heightAxis, start: top, end: top + height)
      .sliced(axis: widthAxis, start: left, end: left + width)
  }

  /// Returns a copy with independent Gaussian noise added to every value.
  ///
  /// Noise values are drawn with `generator.normal` in row-major order, so the same
  /// generator state gives the same noise. The result does not record gradients,
  /// because noise is part of preparing data, not of a model.
  ///
  /// - Parameters:
  ///   - standardDeviation: Standard deviation of the noise, in the units of the values.
  ///   - generator: Source of the noise; advanced by one draw per value.
  ///   - clampingTo: Range that noisy values are clamped to (default 0…1), or `nil` to
  ///     keep them unclamped.
  /// - Precondition: `standardDeviation` is at least 0.
  public func addingGaussianNoise(
    standardDeviation: Float, generator: inout RandomGenerator,
    clampingTo range: ClosedRange<Float>? = 0...1
  ) -> Tensor {
    precondition(
      standardDeviation >= 0,
      "addingGaussianNoise: standard deviation must be at least 0, got \(standardDeviation)")
    var values = data
    for index in values.indices {
      let noise = Float(generator.normal(standardDeviation: Double(standardDeviation)))
      var value = values[index] + noise
      if let range { value = Swift.min(Swift.max(value, range.lowerBound), range.upperBound) }
      values[index] = value
    }
    return Tensor(shape: shape, data: values)
  }

  /// Maps values linearly from one pixel range to another, for example 0…1 to −1…1.
  ///
  ///     output = (value − from.lower) · (to.upper − to.lower) / (from.upper − from.lower)
  ///              + to.lower
  ///
  /// Values outside `from` are mapped by the same line and not clamped.
  public func convertingPixelRange(from source: PixelRange, to target: PixelRange) -> Tensor {
    if source == target { return self }
    let (sourceBounds, targetBounds) = (source.bounds, target.bounds)
    let scale = (targetBounds.upperBound - targetBounds.lowerBound)
      / (sourceBounds.upperBound - sourceBounds.lowerBound)
    return (self - sourceBounds.lowerBound) * scale + targetBounds.lowerBound
  }

  /// Returns `self` as [N, C, H, W], adding a batch axis to a [C, H, W] image.
  func imageBatch(_ operation: String) -> Tensor {
    precondition(
      rank == 3 || rank == 4, "\(operation): input must be [C, H, W] or [N, C, H, W], "
        + "got \(shape)")
    return rank == 3 ? reshaped([1] + shape) : self
  }

  /// Removes the batch axis that `imageBatch` added when `original` is [C, H, W].
  func restoringImageRank(of original: Tensor) -> Tensor {
    original.rank == 3 ? reshaped(Array(shape.dropFirst())) : self
  }
}

/// A rectangular hole in an image, for inpainting. The model receives the image with the
/// hole filled and learns to restore the pixels inside it.
public struct RectangularMask: Equatable, Sendable {
  /// Row of the top-left pixel of the hole.
  public var top: Int
  /// Column of the top-left pixel of the hole.
  public var left: Int
  /// Height of the hole in pixels.
  public var height: Int
  /// Width of the hole in pixels.
  public var width: Int

  /// Creates a hole of `height × width` pixels whose top-left pixel is at (`top`, `left`).
  ///
  /// - Precondition: `top` and `left` are at least 0, `height` and `width` positive.
  public init(top: Int, left: Int, height: Int, width: Int) {
    precondition(
      top >= 0 && left >= 0 && height > 0 && width > 0,
      "RectangularMask: invalid hole at row \(top), column \(left) of \(height)×\(width)")
    self.top = top
    self.left = left
    self.height = height
    self.width = width
  }

  /// Returns a hole of `height × width` pixels at a position drawn uniformly from the
  /// positions where it fits inside an `imageHeight × imageWidth` image.
  ///
  /// - Precondition: the hole is no larger than the image.
  public static func random(
    height: Int, width: Int, imageHeight: Int, imageWidth: Int,
    generator: inout RandomGenerator
  ) -> RectangularMask {
    precondition(
      height <= imageHeight && width <= imageWidth,
      "RectangularMask.random: hole \(height)×\(width) is larger than the image "
        + "\(imageHeight)×\(imageWidth)")
    let top = Int(generator.next() % UInt64(imageHeight - height + 1))
    let left = Int(generator.next() % UInt64(imageWidth - width + 1))
    return RectangularMask(top: top, left: left, height: height, width: width)
  }

  /// Returns a [1, imageHeight, imageWidth] tensor that is 1 inside the hole and 0
  /// elsewhere, to concatenate to a model's input channels or to weight a loss.
  ///
  /// - Precondition: the hole lies inside the image.
  public func tensor(imageHeight: Int, imageWidth: Int) -> Tensor {
    checkFits(imageHeight: imageHeight, imageWidth: imageWidth, "tensor")
    var values = [Float](repeating: 0, count: imageHeight * imageWidth)
    for row in top..<top + height {
      for column in left..<left + width { values[row * imageWidth + column] = 1 }
    }
    return Tensor(shape: [1, imageHeight, imageWidth], data: values)
  }

  /// Returns a copy of `images` with every pixel inside the hole set to `value` in every
  /// channel. The result does not record gradients.
  ///
  /// - Parameter value: Fill value (default 0), in the range of `images`.
  /// - Precondition: `images` is [C, H, W] or [N, C, H, W] and the hole lies inside it.
  public func filling(_ images: Tensor, with value: Float = 0) -> Tensor {
    let batch = images.imageBatch("RectangularMask.filling")
    let (imageHeight, imageWidth) = (batch.shape[2], batch.shape[3])
    checkFits(imageHeight: imageHeight, imageWidth: imageWidth, "filling")
    var values = images.data
    let planeSize = imageHeight * imageWidth
    for plane in 0..<batch.shape[0] * batch.shape[1] {
      for row in top..<top + height {
        let start = plane * planeSize + row * imageWidth + left
        for index in start..<start + width { values[index] = value }
      }
    }
    return Tensor(shape: images.shape, data: values)
  }

  private func checkFits(imageHeight: Int, imageWidth: Int, _ operation: String) {
    precondition(
      top + height <= imageHeight && left + width <= imageWidth,
      "RectangularMask.\(operation): hole at row \(top), column \(left) of "
        + "\(height)×\(width) does not fit in the \(imageHeight)×\(imageWidth) image")
  }
}

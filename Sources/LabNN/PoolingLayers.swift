import LabTensor

/// 2-D max pooling as a layer, `torch.nn.MaxPool2d` without ceil mode.
public final class MaxPool2d: Layer {
  public let kernelSize: Size2D
  public let stride: Size2D
  public let padding: Size2D
  public let dilation: Size2D

  /// - Parameters:
  ///   - stride: The kernel size when nil, the default.
  ///   - padding: 0 by default.
  ///   - dilation: 1 by default.
  public init(
    kernelSize: Size2D, stride: Size2D? = nil, padding: Size2D = 0, dilation: Size2D = 1
  ) {
    self.kernelSize = kernelSize
    self.stride = stride ?? kernelSize
    self.padding = padding
    self.dilation = dilation
  }

  public var parameters: [Tensor] { [] }

  public func callAsFunction(_ input: Tensor) -> Tensor {
    input.maxPool2d(
      kernelSize: kernelSize, stride: stride, padding: padding, dilation: dilation)
  }
}

/// 2-D average pooling as a layer, `torch.nn.AvgPool2d` without ceil mode.
public final class AvgPool2d: Layer {
  public let kernelSize: Size2D
  public let stride: Size2D
  public let padding: Size2D
  public let countIncludePadding: Bool

  /// - Parameters:
  ///   - stride: The kernel size when nil, the default.
  ///   - padding: 0 by default.
  ///   - countIncludePadding: Whether padding counts in the divisor; true by
  ///     default.
  public init(
    kernelSize: Size2D, stride: Size2D? = nil, padding: Size2D = 0,
    countIncludePadding: Bool = true
  ) {
    self.kernelSize = kernelSize
    self.stride = stride ?? kernelSize
    self.padding = padding
    self.countIncludePadding = countIncludePadding
  }

  public var parameters: [Tensor] { [] }

  public func callAsFunction(_ input: Tensor) -> Tensor {
    input.avgPool2d(
      kernelSize: kernelSize, stride: stride, padding: padding,
      countIncludePadding: countIncludePadding)
  }
}

/// 2-D adaptive average pooling as a layer, `torch.nn.AdaptiveAvgPool2d`; VGG
/// uses it with a 7×7 output so that any input size reaches the classifier.
public final class AdaptiveAvgPool2d: Layer {
  public let outputSize: Size2D

  public init(outputSize: Size2D) {
    self.outputSize = outputSize
  }

  public var parameters: [Tensor] { [] }

  public func callAsFunction(_ input: Tensor) -> Tensor {
    input.adaptiveAvgPool2d(outputSize: outputSize)
  }
}

/// Resizes images, `torch.nn.Upsample`, by a fixed output size or scale factor.
public final class Upsample: Layer {
  /// The output size, or nil when a scale factor sets it.
  public let size: Size2D?
  /// The (height, width) factor, or nil when `size` is set.
  public let scaleFactor: (height: Double, width: Double)?
  public let mode: InterpolationMode

  /// Creates a layer that resizes to `size`; nearest by default, as PyTorch.
  public init(size: Size2D, mode: InterpolationMode = .nearest) {
    self.size = size
    scaleFactor = nil
    self.mode = mode
  }

  /// Creates a layer that scales both sides by `scaleFactor`; nearest by
  /// default, as PyTorch.
  public init(scaleFactor: Double, mode: InterpolationMode = .nearest) {
    size = nil
    self.scaleFactor = (scaleFactor, scaleFactor)
    self.mode = mode
  }

  public var parameters: [Tensor] { [] }

  public func callAsFunction(_ input: Tensor) -> Tensor {
    if let size { return input.interpolate(size: size, mode: mode) }
    return input.interpolate(scaleFactor: scaleFactor!, mode: mode)
  }
}

import LabTensor

/// A 2-D convolution layer, `torch.nn.Conv2d` with one group, on [N, C, H, W]
/// batches.
public final class Conv2d: Layer {
  /// [outputChannels, inputChannels, kh, kw], as PyTorch stores it.
  public let weight: Tensor
  /// [outputChannels], or nil without a bias.
  public let bias: Tensor?
  public let stride: Size2D
  public let padding: Size2D
  public let dilation: Size2D

  /// Creates a layer initialised as PyTorch's default: every weight and bias
  /// drawn from U(−1/√fanIn, 1/√fanIn) with fanIn = inputChannels · kh · kw,
  /// which is what `kaiming_uniform_(a=√5)` reduces to. The weights are drawn
  /// first, in row-major order, then the biases.
  ///
  /// - Parameters:
  ///   - kernelSize: Kernel height and width.
  ///   - stride: 1 by default.
  ///   - padding: Zeros added on each side; 0 by default.
  ///   - dilation: 1 by default.
  ///   - hasBias: true by default.
  ///   - initializer: How the weights are drawn; PyTorch's default by default,
  ///     He (Kaiming) or Xavier on request. The biases always follow PyTorch's
  ///     default, as in its `reset_parameters`.
  public init(
    inputChannels: Int, outputChannels: Int, kernelSize: Size2D, stride: Size2D = 1,
    padding: Size2D = 0, dilation: Size2D = 1, hasBias: Bool = true,
    initializer: WeightInitializer = .pytorchDefault, generator: inout RandomGenerator
  ) {
    precondition(inputChannels > 0 && outputChannels > 0,
      "Conv2d: channel counts must be positive, got \(inputChannels) → \(outputChannels)")
    precondition(kernelSize.height > 0 && kernelSize.width > 0,
      "Conv2d: kernel size \(kernelSize) must be positive")
    let fanIn = inputChannels * kernelSize.height * kernelSize.width
    let shape = [outputChannels, inputChannels, kernelSize.height, kernelSize.width]
    let weights = initializer.values(
      count: outputChannels * fanIn, fans: Fans(shape: shape), generator: &generator)
    weight = Tensor(shape: shape, data: weights, requiresGradient: true)
    if hasBias {
      let biases = WeightInitializer.defaultBias(
        count: outputChannels, fanIn: fanIn, generator: &generator)
      bias = Tensor(shape: [outputChannels], data: biases, requiresGradient: true)
    } else {
      bias = nil
    }
    self.stride = stride
    self.padding = padding
    self.dilation = dilation
  }

  public var parameters: [Tensor] { [weight] + (bias.map { [$0] } ?? []) }

  public func callAsFunction(_ input: Tensor) -> Tensor {
    input.conv2d(
      weight: weight, bias: bias, stride: stride, padding: padding, dilation: dilation)
  }
}

/// Flattens every dimension after the first, `torch.nn.Flatten`: [N, …] becomes
/// [N, product of the rest].
public final class Flatten: Layer {
  public init() {}

  public var parameters: [Tensor] { [] }

  public func callAsFunction(_ input: Tensor) -> Tensor {
    precondition(input.rank >= 1, "Flatten: input must have a batch dimension, got []")
    return input.reshaped([input.shape[0], input.shape.dropFirst().reduce(1, *)])
  }
}

import LabTensor

/// A differentiable function with parameters, applied to a batch.
public protocol Layer: AnyObject {
  /// The trainable tensors, in a fixed order that optimizers rely on.
  var parameters: [Tensor] { get }
  func callAsFunction(_ input: Tensor) -> Tensor
}

extension Layer {
  /// Clears the gradients of every parameter before the next backward pass.
  public func zeroGradients() {
    for parameter in parameters { parameter.zeroGradient() }
  }

  /// The number of scalar parameters.
  public var parameterCount: Int {
    parameters.reduce(0) { $0 + $1.count }
  }
}

/// A fully connected layer, `torch.nn.Linear`: y = x · Wᵀ + b.
public final class Linear: Layer {
  /// [outputCount, inputCount], as PyTorch stores it.
  public let weight: Tensor
  /// [outputCount], or nil without a bias.
  public let bias: Tensor?

  /// Creates a layer initialised as PyTorch's default: every weight and bias
  /// drawn from U(−1/√inputCount, 1/√inputCount), which is what
  /// `kaiming_uniform_(a=√5)` reduces to.
  public init(
    inputCount: Int, outputCount: Int, hasBias: Bool = true, generator: inout RandomGenerator
  ) {
    precondition(inputCount > 0 && outputCount > 0,
      "Linear: sizes must be positive, got \(inputCount) → \(outputCount)")
    let bound = 1 / Float(inputCount).squareRoot()
    let weights = (0..<(outputCount * inputCount)).map { _ in generator.uniform(-bound, bound) }
    weight = Tensor(shape: [outputCount, inputCount], data: weights, requiresGradient: true)
    if hasBias {
      let biases = (0..<outputCount).map { _ in generator.uniform(-bound, bound) }
      bias = Tensor(shape: [outputCount], data: biases, requiresGradient: true)
    } else {
      bias = nil
    }
  }

  public var parameters: [Tensor] { [weight] + (bias.map { [$0] } ?? []) }

  public func callAsFunction(_ input: Tensor) -> Tensor {
    input.linear(weight: weight, bias: bias)
  }
}

/// Rectified linear unit as a layer.
public final class ReLU: Layer {
  public init() {}
  public var parameters: [Tensor] { [] }
  public func callAsFunction(_ input: Tensor) -> Tensor { input.relu() }
}

/// Layers applied one after another.
public final class Sequential: Layer {
  public let layers: [any Layer]

  public init(_ layers: [any Layer]) {
    self.layers = layers
  }

  public var parameters: [Tensor] { layers.flatMap(\.parameters) }

  public func callAsFunction(_ input: Tensor) -> Tensor {
    layers.reduce(input) { $1($0) }
  }
}

import LabTensor

/// A differentiable function with parameters, applied to a batch.
public protocol Layer: AnyObject {
  /// The trainable tensors, in a fixed order that optimizers rely on.
  var parameters: [Tensor] { get }
  /// Tensors saved with the weights that training does not update through
  /// gradients, such as batch norm's running statistics, by PyTorch's
  /// relative names (`running_mean`). Empty by default.
  var buffers: [(name: String, tensor: Tensor)] { get }
  /// Switches between training (batch statistics, active dropout) and
  /// evaluation, as PyTorch's `Module.train(_:)`; does nothing by default.
  func setTraining(_ isTraining: Bool)
  func callAsFunction(_ input: Tensor) -> Tensor
}

extension Layer {
  public var buffers: [(name: String, tensor: Tensor)] { [] }
  public func setTraining(_ isTraining: Bool) {}
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

  /// Creates a layer with weights from `initializer` and the bias of
  /// PyTorch's default, U(−1/√inputCount, 1/√inputCount), drawn in that order
  /// from `generator`.
  ///
  /// - Parameter initializer: `.pytorchDefault` by default, which draws the
  ///   weights from the same uniform distribution as the bias, as
  ///   `kaiming_uniform_(a=√5)` does.
  public init(
    inputCount: Int, outputCount: Int, hasBias: Bool = true,
    initializer: WeightInitializer = .pytorchDefault, generator: inout RandomGenerator
  ) {
    precondition(inputCount > 0 && outputCount > 0,
      "Linear: sizes must be positive, got \(inputCount) → \(outputCount)")
    let fans = Fans(fanIn: inputCount, fanOut: outputCount)
    let weights = initializer.values(
      count: outputCount * inputCount, fans: fans, generator: &generator)
    weight = Tensor(shape: [outputCount, inputCount], data: weights, requiresGradient: true)
    if hasBias {
      let biases = WeightInitializer.defaultBias(
        count: outputCount, fanIn: inputCount, generator: &generator)
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

  /// The buffers of every layer, prefixed with its index as `nn.Sequential`
  /// names them: `1.running_mean`.
  public var buffers: [(name: String, tensor: Tensor)] {
    layers.enumerated().flatMap { index, layer in
      layer.buffers.map { (name: "\(index).\($0.name)", tensor: $0.tensor) }
    }
  }

  public func setTraining(_ isTraining: Bool) {
    for layer in layers { layer.setTraining(isTraining) }
  }

  public func callAsFunction(_ input: Tensor) -> Tensor {
    layers.reduce(input) { $1($0) }
  }
}

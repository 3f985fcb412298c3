import LabNN
import LabTensor

/// The distribution a ``Network`` draws its initial weights from.
public enum NetworkInitialization: Sendable, Equatable {
  /// PyTorch's default for every `Conv2d` and `Linear`: weights and biases
  /// from U(−1/√fanIn, 1/√fanIn); batch norm γ = 1, β = 0.
  case pytorchDefault
  /// He initialisation as torchvision's VGG and ResNet constructors apply it:
  /// convolution weights from N(0, 2/fanOut) ("Delving Deep into Rectifiers",
  /// He et al., 2015), linear weights from N(0, 0.01²), every bias 0.
  case he
}

/// A runnable network built from a ``ModelSpec``: one LabNN layer per module,
/// with torchvision's module names, so that ``namedParameters`` lists the names
/// and shapes of `ModelSpec.parameters`.
///
/// Residual blocks run their body, then their shortcut (the identity when it is
/// empty), add the two and apply the block's activation.
public final class Network: Layer {
  public let spec: ModelSpec
  /// The modules by torchvision's name, such as `features.0` or `layer1.0.conv1`.
  public let modules: [String: any Layer]
  /// The module names in registration order.
  public let moduleNames: [String]

  /// Builds every module of `spec`, drawing the weights in registration order
  /// from a generator seeded with `seed`.
  public init(spec: ModelSpec, initialization: NetworkInitialization = .pytorchDefault,
    seed: UInt64 = 0)
  {
    self.spec = spec
    var generator = RandomGenerator(seed: seed)
    var modules: [String: any Layer] = [:]
    var names: [String] = []
    for layer in spec.layers {
      modules[layer.name] = Self.makeModule(
        layer.kind, initialization: initialization, generator: &generator)
      names.append(layer.name)
    }
    self.modules = modules
    moduleNames = names
  }

  /// The trainable tensors by their full names, in the order of `named_parameters()`.
  public var namedParameters: [(name: String, tensor: Tensor)] {
    moduleNames.flatMap { name in
      Self.parameterNames(of: modules[name]!).map {
        (name: "\(name).\($0.name)", tensor: $0.tensor)
      }
    }
  }

  public var parameters: [Tensor] { namedParameters.map(\.tensor) }

  public var buffers: [(name: String, tensor: Tensor)] {
    moduleNames.flatMap { name in
      modules[name]!.buffers.map { (name: "\(name).\($0.name)", tensor: $0.tensor) }
    }
  }

  public func setTraining(_ isTraining: Bool) {
    for module in modules.values { module.setTraining(isTraining) }
  }

  public func callAsFunction(_ input: Tensor) -> Tensor {
    forward(input) { _, _ in }
  }

  /// Runs the forward pass and calls `visit` after every layer call with the
  /// call's description and output. The call that ends a residual block has
  /// the block's activation as its description and includes the addition.
  public func forward(_ input: Tensor, visit: (LayerSpec, Tensor) -> Void) -> Tensor {
    var output = input
    for stage in spec.stages {
      for node in stage.nodes {
        switch node {
        case .layer(let layer):
          output = modules[layer.name]!(output)
          visit(layer, output)
        case .residual(let block):
          output = runBlock(block, input: output, visit: visit)
        }
      }
    }
    return output
  }

  private func runBlock(
    _ block: ResidualBlock, input: Tensor, visit: (LayerSpec, Tensor) -> Void
  ) -> Tensor {
    var body = input
    for layer in block.body {
      body = modules[layer.name]!(body)
      visit(layer, body)
    }
    var shortcut = input
    for layer in block.shortcut {
      shortcut = modules[layer.name]!(shortcut)
      visit(layer, shortcut)
    }
    let output = modules[block.activation.name]!(body + shortcut)
    visit(block.activation, output)
    return output
  }

  /// Turns the gradient of every parameter on or off. Frozen parameters get
  /// no gradient work in the backward pass, which still reaches the input.
  public func setParametersRequireGradient(_ requiresGradient: Bool) {
    for parameter in parameters { parameter.requiresGradient = requiresGradient }
  }

  private static func parameterNames(of module: any Layer) -> [(name: String, tensor: Tensor)] {
    switch module {
    case let conv as Conv2d:
      return [("weight", conv.weight)] + (conv.bias.map { [("bias", $0)] } ?? [])
    case let linear as Linear:
      return [("weight", linear.weight)] + (linear.bias.map { [("bias", $0)] } ?? [])
    case let norm as BatchNorm2d:
      return [norm.weight.map { ("weight", $0) }, norm.bias.map { ("bias", $0) }]
        .compactMap { $0 }
    default:
      return []
    }
  }

  private static func makeModule(
    _ kind: LayerKind, initialization: NetworkInitialization, generator: inout RandomGenerator
  ) -> any Layer {
    switch kind {
    case .conv2d(let conv):
      let layer = Conv2d(
        inputChannels: conv.inputChannels, outputChannels: conv.outputChannels,
        kernelSize: Size2D(conv.kernelSize, conv.kernelSize),
        stride: Size2D(conv.stride, conv.stride), padding: Size2D(conv.padding, conv.padding),
        hasBias: conv.hasBias, generator: &generator)
      if initialization == .he {
        WeightInitializer.kaimingNormal(mode: .fanOut, nonlinearity: .relu)
          .fill(layer.weight, generator: &generator)
        layer.bias?.data = [Float](repeating: 0, count: conv.outputChannels)
      }
      return layer
    case .batchNorm2d(let channels):
      return BatchNorm2d(featureCount: channels)
    case .relu:
      return ReLU()
    case .maxPool2d(let kernelSize, let stride, let padding):
      return MaxPool2d(
        kernelSize: Size2D(kernelSize, kernelSize), stride: Size2D(stride, stride),
        padding: Size2D(padding, padding))
    case .adaptiveAvgPool2d(let height, let width):
      return AdaptiveAvgPool2d(outputSize: Size2D(height, width))
    case .flatten:
      return Flatten()
    case .linear(let inputCount, let outputCount):
      let layer = Linear(inputCount: inputCount, outputCount: outputCount, generator: &generator)
      if initialization == .he {
        layer.weight.data = (0..<layer.weight.count).map { _ in
          Float(generator.normal(standardDeviation: 0.01))
        }
        layer.bias?.data = [Float](repeating: 0, count: outputCount)
      }
      return layer
    case .dropout(let probability):
      return Dropout(probability: Float(probability), generator: &generator)
    }
  }
}

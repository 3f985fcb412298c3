/// A residual block of a ResNet: `activation(body(x) + shortcut(x))`.
///
/// torchvision's blocks call one ReLU module (`layer1.0.relu`) after every
/// batch norm but the last and once more after the addition, so `body` lists
/// that module at each of its calls and `activation` is the same module again.
public struct ResidualBlock: Sendable, Equatable {
  /// The block's module name, such as `layer1.0`.
  public var name: String
  public var body: [LayerSpec]
  /// The projection (`downsample.0` and `.1`), or empty for the identity.
  public var shortcut: [LayerSpec]
  public var activation: LayerSpec

  public init(name: String, body: [LayerSpec], shortcut: [LayerSpec], activation: LayerSpec) {
    self.name = name
    self.body = body
    self.shortcut = shortcut
    self.activation = activation
  }

  /// Every layer call in torchvision's execution order: body, shortcut, activation.
  public var calls: [LayerSpec] { body + shortcut + [activation] }
}

/// A step of a network's forward pass: one layer or one residual block.
public enum LayerNode: Sendable, Equatable {
  case layer(LayerSpec)
  case residual(ResidualBlock)

  /// The layer calls of this step in execution order.
  public var calls: [LayerSpec] {
    switch self {
    case .layer(let layer): [layer]
    case .residual(let block): block.calls
    }
  }
}

/// Whether a stage belongs to the feature extractor or to the classifier, for
/// the split of the parameter count.
public enum ModelPart: String, Sendable {
  case features
  case classifier
}

/// A group of consecutive steps reported together: one of VGG's five stages,
/// ResNet's stem, `layer1` to `layer4`, or a classifier head.
public struct StageSpec: Sendable, Equatable {
  public var name: String
  public var part: ModelPart
  public var nodes: [LayerNode]

  public init(name: String, part: ModelPart, nodes: [LayerNode]) {
    self.name = name
    self.part = part
    self.nodes = nodes
  }
}

/// The network families, which differ in how stages and named layers are read.
public enum ModelFamily: String, Sendable {
  case vgg
  case resnet
}

/// A network described layer by layer, with torchvision's names, from which
/// shapes, parameter counts, multiply-accumulates and memory follow by arithmetic.
///
/// The description contains no weights. A forward pass can be built from it by
/// mapping each ``LayerSpec`` to a layer and running ``stages`` in order, with
/// each ``ResidualBlock`` adding its shortcut to its body's output.
public struct ModelSpec: Sendable, Equatable {
  /// torchvision's builder name, such as `vgg16_bn` or `resnet50`.
  public var name: String
  public var family: ModelFamily
  public var inputChannels: Int
  public var stages: [StageSpec]

  public init(name: String, family: ModelFamily, inputChannels: Int = 3, stages: [StageSpec]) {
    self.name = name
    self.family = family
    self.inputChannels = inputChannels
    self.stages = stages
  }

  /// Every layer call in execution order. A module called more than once,
  /// like a ResNet block's ReLU, appears at each call.
  public var calls: [LayerSpec] { stages.flatMap { $0.nodes.flatMap(\.calls) } }

  /// Every distinct layer in the order torchvision registers its modules.
  public var layers: [LayerSpec] {
    var seen = Set<String>()
    return calls.filter { seen.insert($0.name).inserted }
  }

  /// The full names and shapes of the trainable tensors, as `named_parameters()`.
  public var parameters: [TensorSpec] {
    layers.flatMap { layer in
      layer.parameters.map { TensorSpec(name: "\(layer.name).\($0.name)", shape: $0.shape) }
    }
  }

  /// The full names and shapes of the buffers, as `named_buffers()`.
  public var buffers: [TensorSpec] {
    layers.flatMap { layer in
      layer.buffers.map { TensorSpec(name: "\(layer.name).\($0.name)", shape: $0.shape) }
    }
  }

  /// The tensors of `state_dict()` in its order: each module's parameters, then its buffers.
  public var stateTensors: [TensorSpec] {
    layers.flatMap { layer in
      (layer.parameters + layer.buffers).map {
        TensorSpec(name: "\(layer.name).\($0.name)", shape: $0.shape)
      }
    }
  }

  /// The number of trainable scalars.
  public var parameterCount: Int { layers.reduce(0) { $0 + $1.parameterCount } }

  /// Counts the trainable scalars in the stages of `part`.
  public func parameterCount(in part: ModelPart) -> Int {
    stages.filter { $0.part == part }.reduce(0) { total, stage in
      var seen = Set<String>()
      let layers = stage.nodes.flatMap(\.calls).filter { seen.insert($0.name).inserted }
      return total + layers.reduce(0) { $0 + $1.parameterCount }
    }
  }
}

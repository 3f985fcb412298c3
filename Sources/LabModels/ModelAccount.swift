/// The height and width of an input image in pixels.
public struct InputSize: Sendable, Equatable, CustomStringConvertible {
  public var height: Int
  public var width: Int

  public init(height: Int, width: Int) {
    self.height = height
    self.width = width
  }

  /// Parses `224` (square) or `160x224` (height × width; `×` is accepted too).
  public init?(parsing text: String) {
    let parts = text.lowercased().split(separator: "x", omittingEmptySubsequences: false)
      .flatMap { $0.split(separator: "×", omittingEmptySubsequences: false) }
    let sides = parts.compactMap { Int($0) }
    guard sides.count == parts.count, (1...2).contains(sides.count), sides.allSatisfy({ $0 > 0 })
    else { return nil }
    height = sides[0]
    width = sides.last!
  }

  public var description: String { "\(height)x\(width)" }
}

/// The cost of one layer call for a given input.
public struct LayerAccount: Sendable, Equatable {
  public var name: String
  /// The PyTorch class name, such as `Conv2d`.
  public var kind: String
  public var stage: String
  /// [N, C, H, W] after convolution and pooling, [N, F] after flattening.
  public var output: [Int]
  /// Trainable scalars; 0 at the second call of a module that is called twice.
  public var parameterCount: Int
  /// Buffer scalars of batch norm (running statistics and step counter).
  public var bufferCount: Int
  /// Multiply-accumulates for the whole batch (convolution and linear layers only).
  public var macs: Int
  /// Bytes of the Float32 output for the whole batch; 0 for flattening, a view.
  public var activationBytes: Int
}

/// The totals of one stage.
public struct StageAccount: Sendable, Equatable {
  public var name: String
  public var part: ModelPart
  public var convolutionCount: Int
  /// The stage's output shape.
  public var output: [Int]
  public var parameterCount: Int
  public var macs: Int
  public var activationBytes: Int
}

/// Shapes, parameter counts, multiply-accumulates and activation memory of a
/// network for one input size and batch, computed by arithmetic alone.
public struct ModelAccount: Sendable, Equatable {
  public var model: String
  /// [N, C, H, W].
  public var input: [Int]
  public var layers: [LayerAccount]
  public var stages: [StageAccount]

  public var parameterCount: Int { layers.reduce(0) { $0 + $1.parameterCount } }
  public var bufferCount: Int { layers.reduce(0) { $0 + $1.bufferCount } }
  public var macs: Int { layers.reduce(0) { $0 + $1.macs } }

  /// The sum of every layer's output bytes: what a forward pass that keeps all
  /// outputs for a backward pass stores. PyTorch needs less, because
  /// torchvision's ReLUs work in place.
  public var activationBytes: Int { layers.reduce(0) { $0 + $1.activationBytes } }

  /// Trainable scalars of the stages in `part`.
  public func parameterCount(in part: ModelPart) -> Int {
    stages.filter { $0.part == part }.reduce(0) { $0 + $1.parameterCount }
  }

  /// An estimate of the bytes a Float32 forward pass that keeps its
  /// activations needs: parameters, buffers, the input and every layer output.
  public var estimatedForwardBytes: Int {
    (parameterCount + bufferCount + input.reduce(1, *)) * 4 + activationBytes
  }

  /// Scales ``estimatedForwardBytes`` to `batchSize` images, in floating point
  /// so that a huge request cannot overflow. The input and the activations
  /// grow with the batch; parameters and buffers do not.
  public func estimatedForwardBytes(batchSize: Int) -> Double {
    let perImage = Double(input.reduce(1, *) * 4 + activationBytes) / Double(input[0])
    return Double((parameterCount + bufferCount) * 4) + perImage * Double(batchSize)
  }
}

/// A request for a network that cannot be described or cannot take the input.
public enum ArchitectureError: Error, Sendable, Equatable, CustomStringConvertible {
  case unknownModel(String)
  /// The input is too small: `minimumSide` is the smallest square side that works.
  case inputTooSmall(model: String, input: InputSize, reason: String, minimumSide: Int?)

  public var description: String {
    switch self {
    case .unknownModel(let name):
      return "unknown model '\(name)'; known models are: "
        + ModelCatalog.names.joined(separator: ", ")
    case .inputTooSmall(let model, let input, let reason, let minimumSide):
      let minimum = minimumSide.map { "; \(model) needs at least \($0)x\($0)" } ?? ""
      return "input \(input) is too small for \(model): \(reason)\(minimum)"
    }
  }
}

extension ModelSpec {
  /// Follows the shapes through every layer call for `input` and a batch of
  /// `batchSize`, and counts parameters, MACs and memory per layer and stage.
  ///
  /// - Precondition: `batchSize` is positive.
  public func account(
    input: InputSize, batchSize: Int = 1
  ) throws(ArchitectureError) -> ModelAccount {
    precondition(batchSize > 0, "account: batch size must be positive, got \(batchSize)")
    let inputShape = [batchSize, inputChannels, input.height, input.width]
    do {
      return try traceShapes(inputShape: inputShape)
    } catch {
      throw .inputTooSmall(
        model: name, input: input, reason: error.description, minimumSide: minimumInputSide())
    }
  }

  /// Returns the smallest square input side that every layer accepts, searched
  /// up to 1024: 32 for VGG (five halvings), 1 for ResNet (its padding keeps every
  /// map at least 1×1).
  public func minimumInputSide() -> Int? {
    (1...1024).first { side in
      (try? traceShapes(inputShape: [1, inputChannels, side, side])) != nil
    }
  }

  private func traceShapes(inputShape: [Int]) throws(LayerShapeError) -> ModelAccount {
    var shape = inputShape
    var seen = Set<String>()
    var layers: [LayerAccount] = []
    var stageAccounts: [StageAccount] = []

    func record(_ layer: LayerSpec, stage: String, output: [Int]) {
      let isFirstCall = seen.insert(layer.name).inserted
      let elementCount = output.reduce(1, *)
      layers.append(LayerAccount(
        name: layer.name, kind: layer.kind.name, stage: stage, output: output,
        parameterCount: isFirstCall ? layer.parameterCount : 0,
        bufferCount: isFirstCall ? layer.bufferCount : 0,
        macs: layer.macs(output: output),
        activationBytes: layer.kind == .flatten ? 0 : elementCount * 4))
    }

    func run(_ sequence: [LayerSpec], from input: [Int], stage: String)
      throws(LayerShapeError) -> [Int]
    {
      var shape = input
      for layer in sequence {
        shape = try layer.outputShape(input: shape)
        record(layer, stage: stage, output: shape)
      }
      return shape
    }

    for stage in stages {
      let first = layers.count
      for node in stage.nodes {
        switch node {
        case .layer(let layer):
          shape = try run([layer], from: shape, stage: stage.name)
        case .residual(let block):
          let body = try run(block.body, from: shape, stage: stage.name)
          let shortcut = try run(block.shortcut, from: shape, stage: stage.name)
          guard body == shortcut else {
            throw LayerShapeError(layer: block.name,
              message: "body output \(body) does not match shortcut output \(shortcut)")
          }
          shape = try run([block.activation], from: body, stage: stage.name)
        }
      }
      let stageLayers = layers[first...]
      stageAccounts.append(StageAccount(
        name: stage.name, part: stage.part,
        convolutionCount: stageLayers.filter { $0.kind == "Conv2d" }.count,
        output: shape,
        parameterCount: stageLayers.reduce(0) { $0 + $1.parameterCount },
        macs: stageLayers.reduce(0) { $0 + $1.macs },
        activationBytes: stageLayers.reduce(0) { $0 + $1.activationBytes }))
    }
    return ModelAccount(model: name, input: inputShape, layers: layers, stages: stageAccounts)
  }
}

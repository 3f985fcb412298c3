/// The hyperparameters of a 2-D convolution with a square kernel, as `torch.nn.Conv2d`.
public struct Conv2dSpec: Sendable, Equatable {
  public var inputChannels: Int
  public var outputChannels: Int
  public var kernelSize: Int
  public var stride: Int
  public var padding: Int
  public var hasBias: Bool

  public init(
    inputChannels: Int, outputChannels: Int, kernelSize: Int, stride: Int = 1,
    padding: Int = 0, hasBias: Bool = true
  ) {
    self.inputChannels = inputChannels
    self.outputChannels = outputChannels
    self.kernelSize = kernelSize
    self.stride = stride
    self.padding = padding
    self.hasBias = hasBias
  }
}

/// The computation a layer performs, with the hyperparameters that fix its shapes and cost.
public enum LayerKind: Sendable, Equatable {
  case conv2d(Conv2dSpec)
  /// `torch.nn.BatchNorm2d`: γ and β are parameters; the running mean, the
  /// running variance and the step counter are buffers.
  case batchNorm2d(channelCount: Int)
  case relu
  /// `torch.nn.MaxPool2d` with a square window, dilation 1 and floor rounding.
  case maxPool2d(kernelSize: Int, stride: Int, padding: Int)
  case adaptiveAvgPool2d(height: Int, width: Int)
  /// `torch.flatten(x, 1)`: a function call in torchvision, not a module.
  case flatten
  case linear(inputCount: Int, outputCount: Int)
  case dropout(probability: Double)

  /// The PyTorch class name, which is also the `kind` in every output.
  public var name: String {
    switch self {
    case .conv2d: "Conv2d"
    case .batchNorm2d: "BatchNorm2d"
    case .relu: "ReLU"
    case .maxPool2d: "MaxPool2d"
    case .adaptiveAvgPool2d: "AdaptiveAvgPool2d"
    case .flatten: "Flatten"
    case .linear: "Linear"
    case .dropout: "Dropout"
    }
  }
}

/// A tensor's name, relative to its layer, and shape: `weight` [64, 3, 3, 3].
public struct TensorSpec: Sendable, Equatable {
  public var name: String
  public var shape: [Int]

  public init(name: String, shape: [Int]) {
    self.name = name
    self.shape = shape
  }

  /// The number of elements; 1 for the scalar shape [].
  public var elementCount: Int { shape.reduce(1, *) }
}

/// One layer of a network: its torchvision name (`features.0`, `layer1.0.conv1`)
/// and what it computes.
public struct LayerSpec: Sendable, Equatable {
  public var name: String
  public var kind: LayerKind

  public init(_ name: String, _ kind: LayerKind) {
    self.name = name
    self.kind = kind
  }

  /// Whether torchvision runs this layer as a module, so that a forward hook is called for it.
  public var isModule: Bool { kind != .flatten }

  /// The trainable tensors, in the order of `named_parameters()`.
  public var parameters: [TensorSpec] {
    switch kind {
    case .conv2d(let conv):
      let weight = TensorSpec(
        name: "weight",
        shape: [conv.outputChannels, conv.inputChannels, conv.kernelSize, conv.kernelSize])
      return conv.hasBias ? [weight, TensorSpec(name: "bias", shape: [conv.outputChannels])]
        : [weight]
    case .batchNorm2d(let channels):
      return [TensorSpec(name: "weight", shape: [channels]),
        TensorSpec(name: "bias", shape: [channels])]
    case .linear(let inputCount, let outputCount):
      return [TensorSpec(name: "weight", shape: [outputCount, inputCount]),
        TensorSpec(name: "bias", shape: [outputCount])]
    case .relu, .maxPool2d, .adaptiveAvgPool2d, .flatten, .dropout:
      return []
    }
  }

  /// The tensors saved with the weights that training does not update, in the
  /// order of `named_buffers()`. `num_batches_tracked` is a 64-bit integer scalar.
  public var buffers: [TensorSpec] {
    guard case .batchNorm2d(let channels) = kind else { return [] }
    return [TensorSpec(name: "running_mean", shape: [channels]),
      TensorSpec(name: "running_var", shape: [channels]),
      TensorSpec(name: "num_batches_tracked", shape: [])]
  }

  /// The number of trainable scalars.
  public var parameterCount: Int { parameters.reduce(0) { $0 + $1.elementCount } }

  /// The number of buffer scalars, the step counter included.
  public var bufferCount: Int { buffers.reduce(0) { $0 + $1.elementCount } }

  /// Counts the multiply-accumulates of one call that produced `output`, as
  /// torchvision's "GFLOPS" column counts them.
  ///
  /// Convolution: output elements × input channels × kernel height × kernel width.
  /// Linear: output elements × input features. Bias additions, batch norm,
  /// activations and pooling count 0.
  public func macs(output: [Int]) -> Int {
    let outputCount = output.reduce(1, *)
    switch kind {
    case .conv2d(let conv):
      return outputCount * conv.inputChannels * conv.kernelSize * conv.kernelSize
    case .linear(let inputCount, _):
      return outputCount * inputCount
    case .batchNorm2d, .relu, .maxPool2d, .adaptiveAvgPool2d, .flatten, .dropout:
      return 0
    }
  }

  /// Computes the output shape for `input`, or throws an error that explains why
  /// the input does not fit.
  public func outputShape(input: [Int]) throws(LayerShapeError) -> [Int] {
    switch kind {
    case .conv2d(let conv):
      let (batch, channels, height, width) = try imageDimensions(input)
      guard channels == conv.inputChannels else {
        throw LayerShapeError(layer: name,
          message: "expects \(conv.inputChannels) input channels, got \(channels)")
      }
      let size = try slide(height, width, conv.kernelSize, conv.stride, conv.padding)
      return [batch, conv.outputChannels, size.height, size.width]
    case .batchNorm2d(let expected):
      let (_, channels, _, _) = try imageDimensions(input)
      guard channels == expected else {
        throw LayerShapeError(layer: name, message: "expects \(expected) channels, got \(channels)")
      }
      return input
    case .maxPool2d(let kernelSize, let stride, let padding):
      let (batch, channels, height, width) = try imageDimensions(input)
      let size = try slide(height, width, kernelSize, stride, padding)
      return [batch, channels, size.height, size.width]
    case .adaptiveAvgPool2d(let height, let width):
      let (batch, channels, _, _) = try imageDimensions(input)
      return [batch, channels, height, width]
    case .flatten:
      guard let batch = input.first else {
        throw LayerShapeError(layer: name, message: "cannot flatten a scalar")
      }
      return [batch, input.dropFirst().reduce(1, *)]
    case .linear(let inputCount, let outputCount):
      guard input.count == 2, input[1] == inputCount else {
        throw LayerShapeError(layer: name,
          message: "expects [N, \(inputCount)], got \(input)")
      }
      return [input[0], outputCount]
    case .relu, .dropout:
      return input
    }
  }

  private func imageDimensions(
    _ input: [Int]
  ) throws(LayerShapeError) -> (Int, Int, Int, Int) {
    guard input.count == 4 else {
      throw LayerShapeError(layer: name, message: "expects [N, C, H, W], got \(input)")
    }
    return (input[0], input[1], input[2], input[3])
  }

  /// Applies the sliding-window size rule of convolution and pooling to both sides:
  ///
  ///     out = ⌊(in + 2 · padding − kernel) / stride⌋ + 1
  private func slide(
    _ height: Int, _ width: Int, _ kernel: Int, _ stride: Int, _ padding: Int
  ) throws(LayerShapeError) -> (height: Int, width: Int) {
    func side(_ size: Int) -> Int? {
      let span = size + 2 * padding - kernel
      return span < 0 ? nil : span / stride + 1
    }
    guard let outputHeight = side(height), let outputWidth = side(width) else {
      throw LayerShapeError(layer: name,
        message: "a \(kernel)×\(kernel) window with padding \(padding) does not fit "
          + "its \(height)×\(width) input")
    }
    return (outputHeight, outputWidth)
  }
}

/// An input that a layer cannot take, such as a feature map smaller than its window.
public struct LayerShapeError: Error, Sendable, CustomStringConvertible {
  public var layer: String
  public var message: String

  public var description: String { "\(layer): \(message)" }
}

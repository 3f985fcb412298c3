/// The ResNets of "Deep Residual Learning for Image Recognition" (He, Zhang,
/// Ren and Sun, 2016), as torchvision 0.29 defines them.
///
/// resnet18 and resnet34 stack basic blocks (two 3×3 convolutions). resnet50
/// stacks bottleneck blocks (1×1, 3×3, 1×1 with four times the width out). Like
/// torchvision's "v1.5", it strides on the 3×3 convolution, not on the first 1×1.
/// No convolution has a bias, because a batch norm follows each one.
public enum ResNet {
  /// The block type and the number of blocks in `layer1` … `layer4`.
  public static let configurations: [String: (isBottleneck: Bool, blockCounts: [Int])] = [
    "resnet18": (false, [2, 2, 2, 2]),
    "resnet34": (false, [3, 4, 6, 3]),
    "resnet50": (true, [3, 4, 6, 3]),
  ]

  /// Describes `resnet18`, `resnet34` or `resnet50` with `classCount` outputs
  /// (default 1000); nil for another name.
  public static func spec(named name: String, classCount: Int = 1000) -> ModelSpec? {
    guard let (isBottleneck, blockCounts) = configurations[name] else { return nil }
    let expansion = isBottleneck ? 4 : 1
    var stages = [stem()]
    var channels = 64
    for (stageIndex, blockCount) in blockCounts.enumerated() {
      let width = 64 << stageIndex
      var nodes: [LayerNode] = []
      for blockIndex in 0..<blockCount {
        let stride = stageIndex > 0 && blockIndex == 0 ? 2 : 1
        let name = "layer\(stageIndex + 1).\(blockIndex)"
        let block = isBottleneck
          ? bottleneck(name, inputChannels: channels, width: width, stride: stride)
          : basicBlock(name, inputChannels: channels, width: width, stride: stride)
        nodes.append(.residual(block))
        channels = width * expansion
      }
      stages.append(StageSpec(name: "layer\(stageIndex + 1)", part: .features, nodes: nodes))
    }
    let head: [LayerSpec] = [
      LayerSpec("avgpool", .adaptiveAvgPool2d(height: 1, width: 1)),
      LayerSpec("flatten", .flatten),
      LayerSpec("fc", .linear(inputCount: channels, outputCount: classCount)),
    ]
    stages.append(StageSpec(name: "head", part: .classifier, nodes: head.map { .layer($0) }))
    return ModelSpec(name: name, family: .resnet, stages: stages)
  }

  /// Describes the stem: a 7×7 convolution of stride 2 to 64 channels, batch norm, ReLU and a 3×3
  /// max pooling of stride 2: a quarter of the input's height and width.
  private static func stem() -> StageSpec {
    let layers = [
      LayerSpec("conv1", .conv2d(Conv2dSpec(
        inputChannels: 3, outputChannels: 64, kernelSize: 7, stride: 2, padding: 3,
        hasBias: false))),
      LayerSpec("bn1", .batchNorm2d(channelCount: 64)),
      LayerSpec("relu", .relu),
      LayerSpec("maxpool", .maxPool2d(kernelSize: 3, stride: 2, padding: 1)),
    ]
    return StageSpec(name: "stem", part: .features, nodes: layers.map { .layer($0) })
  }

  private static func convolution(
    _ name: String, _ input: Int, _ output: Int, kernelSize: Int, stride: Int = 1
  ) -> LayerSpec {
    LayerSpec(name, .conv2d(Conv2dSpec(
      inputChannels: input, outputChannels: output, kernelSize: kernelSize, stride: stride,
      padding: kernelSize / 2, hasBias: false)))
  }

  /// Returns the 1×1 projection with batch norm that torchvision adds when a block
  /// changes the stride or the channel count; empty otherwise.
  private static func shortcut(
    _ name: String, inputChannels: Int, outputChannels: Int, stride: Int
  ) -> [LayerSpec] {
    guard stride != 1 || inputChannels != outputChannels else { return [] }
    return [
      convolution(
        "\(name).downsample.0", inputChannels, outputChannels, kernelSize: 1, stride: stride),
      LayerSpec("\(name).downsample.1", .batchNorm2d(channelCount: outputChannels)),
    ]
  }

  private static func basicBlock(
    _ name: String, inputChannels: Int, width: Int, stride: Int
  ) -> ResidualBlock {
    let relu = LayerSpec("\(name).relu", .relu)
    let body = [
      convolution("\(name).conv1", inputChannels, width, kernelSize: 3, stride: stride),
      LayerSpec("\(name).bn1", .batchNorm2d(channelCount: width)),
      relu,
      convolution("\(name).conv2", width, width, kernelSize: 3),
      LayerSpec("\(name).bn2", .batchNorm2d(channelCount: width)),
    ]
    return ResidualBlock(name: name, body: body,
      shortcut: shortcut(name, inputChannels: inputChannels, outputChannels: width, stride: stride),
      activation: relu)
  }

  private static func bottleneck(
    _ name: String, inputChannels: Int, width: Int, stride: Int
  ) -> ResidualBlock {
    let relu = LayerSpec("\(name).relu", .relu)
    let outputChannels = width * 4
    let body = [
      convolution("\(name).conv1", inputChannels, width, kernelSize: 1),
      LayerSpec("\(name).bn1", .batchNorm2d(channelCount: width)),
      relu,
      convolution("\(name).conv2", width, width, kernelSize: 3, stride: stride),
      LayerSpec("\(name).bn2", .batchNorm2d(channelCount: width)),
      relu,
      convolution("\(name).conv3", width, outputChannels, kernelSize: 1),
      LayerSpec("\(name).bn3", .batchNorm2d(channelCount: outputChannels)),
    ]
    return ResidualBlock(name: name, body: body,
      shortcut: shortcut(
        name, inputChannels: inputChannels, outputChannels: outputChannels, stride: stride),
      activation: relu)
  }
}

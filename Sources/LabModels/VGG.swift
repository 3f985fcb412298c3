/// The VGG networks of "Very Deep Convolutional Networks for Large-Scale Image
/// Recognition" (Simonyan and Zisserman, 2015), as torchvision 0.29 defines them.
///
/// Each configuration lists the output channels of the 3×3 convolutions
/// (padding 1, with bias) of each of the five stages. Every stage ends with a
/// 2×2 max pooling of stride 2. With batch norm, a `BatchNorm2d` follows each
/// convolution, which shifts every later index of `features`.
public enum VGG {
  /// The convolution widths per stage of torchvision's configurations A, B, D and E.
  public static let configurations: [String: [[Int]]] = [
    "vgg11": [[64], [128], [256, 256], [512, 512], [512, 512]],
    "vgg13": [[64, 64], [128, 128], [256, 256], [512, 512], [512, 512]],
    "vgg16": [[64, 64], [128, 128], [256, 256, 256], [512, 512, 512], [512, 512, 512]],
    "vgg19": [
      [64, 64], [128, 128], [256, 256, 256, 256], [512, 512, 512, 512], [512, 512, 512, 512],
    ],
  ]

  /// Describes `vgg11` … `vgg19` or a `_bn` variant, with `classCount` outputs
  /// (default 1000, ImageNet's classes); nil for another name.
  public static func spec(named name: String, classCount: Int = 1000) -> ModelSpec? {
    let hasBatchNorm = name.hasSuffix("_bn")
    let base = hasBatchNorm ? String(name.dropLast(3)) : name
    guard let widths = configurations[base] else { return nil }
    var index = 0
    var channels = 3
    var stages: [StageSpec] = []
    for (stageIndex, stageWidths) in widths.enumerated() {
      var nodes: [LayerNode] = []
      func append(_ kind: LayerKind) {
        nodes.append(.layer(LayerSpec("features.\(index)", kind)))
        index += 1
      }
      for width in stageWidths {
        append(.conv2d(Conv2dSpec(
          inputChannels: channels, outputChannels: width, kernelSize: 3, padding: 1)))
        if hasBatchNorm { append(.batchNorm2d(channelCount: width)) }
        append(.relu)
        channels = width
      }
      append(.maxPool2d(kernelSize: 2, stride: 2, padding: 0))
      stages.append(StageSpec(name: "stage\(stageIndex + 1)", part: .features, nodes: nodes))
    }
    stages.append(StageSpec(name: "classifier", part: .classifier,
      nodes: classifier(channels: channels, classCount: classCount).map { .layer($0) }))
    return ModelSpec(name: name, family: .vgg, stages: stages)
  }

  /// Describes the average pooling to 7×7, the flattening and the three linear layers
  /// 25088 → 4096 → 4096 → classCount with ReLU and dropout (p 0.5) between them.
  private static func classifier(channels: Int, classCount: Int) -> [LayerSpec] {
    [
      LayerSpec("avgpool", .adaptiveAvgPool2d(height: 7, width: 7)),
      LayerSpec("flatten", .flatten),
      LayerSpec("classifier.0", .linear(inputCount: channels * 7 * 7, outputCount: 4096)),
      LayerSpec("classifier.1", .relu),
      LayerSpec("classifier.2", .dropout(probability: 0.5)),
      LayerSpec("classifier.3", .linear(inputCount: 4096, outputCount: 4096)),
      LayerSpec("classifier.4", .relu),
      LayerSpec("classifier.5", .dropout(probability: 0.5)),
      LayerSpec("classifier.6", .linear(inputCount: 4096, outputCount: classCount)),
    ]
  }

  /// Maps the names used in papers on perceptual and style losses to the
  /// module names of `model`: `conv2_1`, `bn2_1` (batch-norm variants only),
  /// `relu2_2`, `pool3`.
  ///
  /// The same meaning sits at different indices in different models:
  /// `relu2_2` is `features.8` in vgg16 and `features.12` in vgg16_bn.
  public static func namedLayers(of model: ModelSpec) -> [String: String] {
    guard model.family == .vgg else { return [:] }
    var names: [String: String] = [:]
    for (stageIndex, stage) in model.stages.enumerated() where stage.part == .features {
      let stageNumber = stageIndex + 1
      var convolution = 0
      for case .layer(let layer) in stage.nodes {
        switch layer.kind {
        case .conv2d:
          convolution += 1
          names["conv\(stageNumber)_\(convolution)"] = layer.name
        case .batchNorm2d:
          names["bn\(stageNumber)_\(convolution)"] = layer.name
        case .relu:
          names["relu\(stageNumber)_\(convolution)"] = layer.name
        case .maxPool2d:
          names["pool\(stageNumber)"] = layer.name
        default:
          break
        }
      }
    }
    return names
  }
}

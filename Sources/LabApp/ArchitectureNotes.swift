import LabCharts
import LabModels

/// The facts beside the architecture comparison: published accuracies and the
/// explanation of what the numbers show.
public enum ArchitectureNotes {
  /// The source of `topOneAccuracy`, as the screen names it.
  public static let accuracySource = "torchvision model documentation, IMAGENET1K_V1 weights"

  /// ImageNet-1k top-1 accuracy in percent of torchvision's IMAGENET1K_V1
  /// weights, as its model documentation publishes them.
  public static let topOneAccuracy: [String: Double] = [
    "vgg11": 69.020, "vgg13": 69.928, "vgg16": 71.592, "vgg19": 72.376,
    "vgg11_bn": 70.370, "vgg13_bn": 71.586, "vgg16_bn": 73.360, "vgg19_bn": 74.218,
    "resnet18": 69.758, "resnet34": 73.314, "resnet50": 76.130,
  ]

  /// Returns the name people write for a model: `VGG-16`, `VGG-16-BN`, `ResNet-50`.
  public static func displayName(_ model: String) -> String {
    var name = model.replacingOccurrences(of: "_bn", with: "-BN")
    if name.hasPrefix("vgg") { name = "VGG-" + name.dropFirst(3) }
    if name.hasPrefix("resnet") { name = "ResNet-" + name.dropFirst(6) }
    return name
  }

  /// Writes the explanation for the sizes in `state`, with the differences
  /// computed from the model descriptions rather than quoted.
  static func explanation(for state: ArchitectureState) -> [String] {
    let input = state.input
    let batch = state.batchSize
    guard
      let vgg16 = try? ModelCatalog.model(named: "vgg16").account(input: input, batchSize: batch),
      let vgg19 = try? ModelCatalog.model(named: "vgg19").account(input: input, batchSize: batch),
      let resnet = try? ModelCatalog.model(named: "resnet50").account(input: input,
        batchSize: batch)
    else { return [] }
    let extraParameters = Double(vgg19.parameterCount - vgg16.parameterCount)
    let extraMACs = Double(vgg19.macs - vgg16.macs)
    let firstLinear = vgg16.layers.first { $0.name == "classifier.0" }?.parameterCount ?? 0
    let gain = topOneAccuracy["vgg19"]! - topOneAccuracy["vgg16"]!
    let size = "\(state.inputSide)×\(state.inputSide)"
    return [
      "VGG-19 adds a 3×3 convolution to stages 3, 4 and 5 (16 against 13): "
        + "+\(NumberText.compact(extraParameters)) parameters, "
        + "+\(NumberText.compact(extraMACs)) MACs at \(size), batch \(batch), "
        + "for +\(NumberText.grouped(gain, fractionDigits: 3)) top-1.",
      "ResNet-50: \(NumberText.grouped(topOneAccuracy["resnet50"]!, fractionDigits: 3)) top-1 "
        + "with \(NumberText.compact(Double(resnet.parameterCount))) parameters. Residual "
        + "connections (x + F(x)) carry gradients through 50 layers; global average "
        + "pooling replaces VGG's 25088×4096 linear layer "
        + "(\(NumberText.compact(Double(firstLinear))) parameters).",
    ]
  }
}

/// The networks that LossLab can describe, by torchvision's builder names.
public enum ModelCatalog {
  /// Every known name, VGGs first, in the order outputs list them.
  public static let names = [
    "vgg11", "vgg11_bn", "vgg13", "vgg13_bn", "vgg16", "vgg16_bn", "vgg19", "vgg19_bn",
    "resnet18", "resnet34", "resnet50",
  ]

  /// Describes the network `name` with 1000 classes, or throws an error that
  /// lists the known names.
  public static func model(named name: String) throws(ArchitectureError) -> ModelSpec {
    if let model = VGG.spec(named: name) ?? ResNet.spec(named: name) { return model }
    throw .unknownModel(name)
  }

  /// Every known network.
  public static var all: [ModelSpec] {
    names.compactMap { VGG.spec(named: $0) ?? ResNet.spec(named: $0) }
  }
}

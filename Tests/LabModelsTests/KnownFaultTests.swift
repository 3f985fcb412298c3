import LabModels
import Testing

/// Counts that summaries of these networks are known to get wrong.
@Suite struct KnownFaultTests {
  struct Totals: Sendable, CustomTestStringConvertible {
    var model: String
    var parameters: Int
    var features: Int?
    var macs: Int?

    var testDescription: String { model }
  }

  static let totals = [
    Totals(model: "vgg16", parameters: 138_357_544, features: 14_714_688, macs: 15_470_264_320),
    Totals(model: "vgg19", parameters: 143_667_240, features: 20_024_384, macs: 19_632_062_464),
    Totals(model: "vgg16_bn", parameters: 138_365_992, features: nil, macs: 15_470_264_320),
    Totals(model: "vgg19_bn", parameters: 143_678_248, features: nil, macs: 19_632_062_464),
    Totals(model: "resnet50", parameters: 25_557_032, features: nil, macs: 4_089_184_256),
  ]

  @Test(arguments: totals)
  func totalsAt224(expected: Totals) throws {
    let account = try ModelCatalog.model(named: expected.model)
      .account(input: InputSize(height: 224, width: 224))
    #expect(account.parameterCount == expected.parameters)
    #expect(account.parameterCount(in: .features) + account.parameterCount(in: .classifier)
      == expected.parameters)
    if let features = expected.features {
      #expect(account.parameterCount(in: .features) == features)
    }
    if let macs = expected.macs {
      #expect(account.macs == macs)
    }
  }

  @Test func batchNormStatisticsAreBuffers() throws {
    let plain = try ModelCatalog.model(named: "vgg16")
    let normalized = try ModelCatalog.model(named: "vgg16_bn")
    let channels = [64, 64, 128, 128, 256, 256, 256, 512, 512, 512, 512, 512, 512].reduce(0, +)
    #expect(normalized.parameterCount - plain.parameterCount == 2 * channels)
    #expect(plain.buffers.isEmpty)
    #expect(normalized.buffers.count == 13 * 3)
    let account = try normalized.account(input: InputSize(height: 224, width: 224))
    #expect(account.bufferCount == 2 * channels + 13)
  }

  @Test(arguments: [
    ("vgg16", "relu1_2", "features.3"), ("vgg16_bn", "relu1_2", "features.5"),
    ("vgg16", "relu2_2", "features.8"), ("vgg16_bn", "relu2_2", "features.12"),
    ("vgg16", "relu3_3", "features.15"), ("vgg16", "relu4_3", "features.22"),
    ("vgg16", "relu5_3", "features.29"), ("vgg16_bn", "relu5_3", "features.42"),
    ("vgg19", "relu3_4", "features.17"), ("vgg19", "relu4_4", "features.26"),
    ("vgg19", "relu5_4", "features.35"), ("vgg19_bn", "relu5_4", "features.51"),
    ("vgg11", "relu3_2", "features.9"), ("vgg16", "pool5", "features.30"),
    ("vgg16_bn", "conv2_1", "features.7"), ("vgg16_bn", "bn2_1", "features.8"),
  ])
  func namedLayerIndex(model name: String, layer: String, module: String) throws {
    let model = try ModelCatalog.model(named: name)
    #expect(VGG.namedLayers(of: model)[layer] == module)
  }

  @Test(arguments: ModelCatalog.names.filter { $0.hasPrefix("vgg") })
  func namedReLUsAreReLUs(name: String) throws {
    let model = try ModelCatalog.model(named: name)
    let kinds = Dictionary(uniqueKeysWithValues: model.layers.map { ($0.name, $0.kind) })
    let named = VGG.namedLayers(of: model)
    let relus = named.filter { $0.key.hasPrefix("relu") }
    let convolutions = model.layers.filter {
      if case .conv2d = $0.kind { true } else { false }
    }
    #expect(relus.count == convolutions.count)
    for (meaning, module) in relus {
      #expect(kinds[module] == .relu, "\(name) \(meaning)")
    }
  }

  @Test func smallConvolutionMACs() throws {
    let layer = LayerSpec("conv", .conv2d(Conv2dSpec(
      inputChannels: 1, outputChannels: 1, kernelSize: 3, padding: 1)))
    let output = try layer.outputShape(input: [1, 1, 4, 4])
    #expect(output == [1, 1, 4, 4])
    #expect(layer.macs(output: output) == 144)
  }

  @Test func batchScalesMACsAndMemory() throws {
    let model = try ModelCatalog.model(named: "resnet18")
    let size = InputSize(height: 160, width: 224)
    let one = try model.account(input: size)
    let four = try model.account(input: size, batchSize: 4)
    #expect(four.macs == 4 * one.macs)
    #expect(four.activationBytes == 4 * one.activationBytes)
    #expect(four.parameterCount == one.parameterCount)
    #expect(four.input == [4, 3, 160, 224])
  }
}

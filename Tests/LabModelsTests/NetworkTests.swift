import Foundation
import LabModels
import LabNN
import LabTensor
import LabTestSupport
import Testing

/// The values that scripts/references/models.py wrote with torchvision.
struct ModelsReference: Decodable, Sendable {
  struct VGG16: Decodable, Sendable {
    var input: ReferenceTensor
    var activations: [String: ReferenceTensor]
  }

  struct StateTensor: Decodable, Sendable {
    var name: String
    var shape: [Int]
    var data: [Float]
  }

  struct BlockMode: Decodable, Sendable {
    var output: ReferenceTensor
    var inputGradient: ReferenceTensor
    var runningMean: ReferenceTensor
  }

  struct Block: Decodable, Sendable, CustomTestStringConvertible {
    var kind: String
    var inplanes: Int
    var planes: Int
    var state: [StateTensor]
    var input: ReferenceTensor
    var upstream: ReferenceTensor
    var modes: [String: BlockMode]

    var testDescription: String { kind }
  }

  struct PerceptualCase: Decodable, Sendable, CustomTestStringConvertible {
    var distance: String
    var inputRange: String
    var normalize: String
    var input: ReferenceTensor
    var target: ReferenceTensor
    var loss: Float
    var inputGradient: ReferenceTensor
    var targetGradient: ReferenceTensor

    var testDescription: String { "\(distance) \(inputRange) \(normalize)" }
  }

  struct Perceptual: Decodable, Sendable {
    var layers: [String]
    var layerWeights: [Float]
    var cases: [PerceptualCase]
  }

  var vgg16: VGG16
  var blocks: [Block]
  var perceptual: Perceptual

  static let shared: ModelsReference = {
    do {
      return try loadReference(ModelsReference.self, named: "models_reference", from: .module)
    } catch {
      fatalError("\(error)")
    }
  }()
}

/// Returns the path of the seeded VGG-16 weights up to relu2_2.
func vgg16PrefixPath() throws -> String {
  let url = try #require(Bundle.module.url(
    forResource: "vgg16_relu2_2", withExtension: "safetensors", subdirectory: "Fixtures/models"))
  return url.path
}

/// Describes a torchvision `BasicBlock` or `Bottleneck` of stride 2 with a
/// downsample shortcut, with the module names of the block alone (`conv1`).
func blockSpec(_ reference: ModelsReference.Block) -> ModelSpec {
  func conv(_ name: String, _ input: Int, _ output: Int, _ kernel: Int, stride: Int = 1)
    -> LayerSpec
  {
    LayerSpec(name, .conv2d(Conv2dSpec(
      inputChannels: input, outputChannels: output, kernelSize: kernel, stride: stride,
      padding: kernel / 2, hasBias: false)))
  }
  let width = reference.planes
  let relu = LayerSpec("relu", .relu)
  let body: [LayerSpec]
  let outputChannels: Int
  if reference.kind == "basic" {
    outputChannels = width
    body = [
      conv("conv1", reference.inplanes, width, 3, stride: 2),
      LayerSpec("bn1", .batchNorm2d(channelCount: width)), relu,
      conv("conv2", width, width, 3), LayerSpec("bn2", .batchNorm2d(channelCount: width)),
    ]
  } else {
    outputChannels = width * 4
    body = [
      conv("conv1", reference.inplanes, width, 1),
      LayerSpec("bn1", .batchNorm2d(channelCount: width)), relu,
      conv("conv2", width, width, 3, stride: 2),
      LayerSpec("bn2", .batchNorm2d(channelCount: width)), relu,
      conv("conv3", width, outputChannels, 1),
      LayerSpec("bn3", .batchNorm2d(channelCount: outputChannels)),
    ]
  }
  let shortcut = [
    conv("downsample.0", reference.inplanes, outputChannels, 1, stride: 2),
    LayerSpec("downsample.1", .batchNorm2d(channelCount: outputChannels)),
  ]
  let block = ResidualBlock(name: "block", body: body, shortcut: shortcut, activation: relu)
  return ModelSpec(name: reference.kind, family: .resnet, inputChannels: reference.inplanes,
    stages: [StageSpec(name: "block", part: .features, nodes: [.residual(block)])])
}

@Suite struct NetworkTests {
  @Test(arguments: ["vgg11_bn", "resnet18", "resnet50"])
  func parameterNamesMatchSpec(name: String) throws {
    let spec = try ModelCatalog.model(named: name)
    let network = Network(spec: spec)
    #expect(network.namedParameters.map(\.name) == spec.parameters.map(\.name))
    #expect(network.namedParameters.map(\.tensor.shape) == spec.parameters.map(\.shape))
    let expectedBuffers = spec.buffers.filter { !$0.name.hasSuffix("num_batches_tracked") }
    #expect(network.buffers.map(\.name) == expectedBuffers.map(\.name))
  }

  @Test func seedRepeatsWeights() throws {
    let spec = try ModelCatalog.model(named: "resnet18")
    let first = Network(spec: spec, initialization: .he, seed: 7)
    let second = Network(spec: spec, initialization: .he, seed: 7)
    let other = Network(spec: spec, initialization: .he, seed: 8)
    #expect(first.parameters[0].data == second.parameters[0].data)
    #expect(first.parameters[0].data != other.parameters[0].data)
  }

  @Test func heInitialisationScale() throws {
    let spec = try ModelCatalog.model(named: "resnet18")
    let network = Network(spec: spec, initialization: .he, seed: 1)
    // conv1 is [64, 3, 7, 7]: fan-out 64·49, so σ² = 2 / 3136.
    let weights = network.namedParameters[0].tensor.data.map(Double.init)
    let variance = weights.reduce(0) { $0 + $1 * $1 } / Double(weights.count)
    #expect(abs(variance / (2.0 / 3136) - 1) < 0.05)
  }

  @Test func resnet18OutputShape() throws {
    let network = Network(spec: try ModelCatalog.model(named: "resnet18"), seed: 3)
    network.setTraining(false)
    let output = network(Tensor(zeros: [2, 3, 32, 32]))
    #expect(output.shape == [2, 1000])
    #expect(output.data.allSatisfy { $0.isFinite })
  }

  @Test func resnet50ReachesEveryLayer() throws {
    let network = Network(spec: try ModelCatalog.model(named: "resnet50"), seed: 3)
    var outputs: [String: [Int]] = [:]
    _ = network.forward(Tensor(zeros: [2, 3, 32, 32])) { layer, output in
      outputs[layer.name] = output.shape
    }
    #expect(outputs["layer4.2.relu"] == [2, 2048, 1, 1])
    #expect(outputs["fc"] == [2, 1000])
  }

  @Test func vgg11OutputShape() throws {
    let spec = try #require(VGG.spec(named: "vgg11", classCount: 10))
    let network = Network(spec: spec, seed: 3)
    network.setTraining(false)
    #expect(network(Tensor(zeros: [1, 3, 32, 32])).shape == [1, 10])
  }

  @Test func trainingSwitchReachesModules() throws {
    let network = Network(spec: try ModelCatalog.model(named: "vgg11_bn"))
    network.setTraining(false)
    let norm = try #require(network.modules["features.1"] as? BatchNorm2d)
    let dropout = try #require(network.modules["classifier.2"] as? Dropout)
    #expect(!norm.isTraining)
    #expect(!dropout.isTraining)
    network.setTraining(true)
    #expect(norm.isTraining)
    #expect(dropout.isTraining)
  }
}

@Suite struct NetworkWeightTests {
  let reference = ModelsReference.shared

  @Test func vgg16ActivationsMatchTorchvision() throws {
    let extractor = try VGGFeatureExtractor(
      model: "vgg16", layers: ["relu1_2", "relu2_2"], weightsPath: try vgg16PrefixPath())
    #expect(!extractor.hasRandomWeights)
    #expect(extractor.moduleNames == ["features.3", "features.8"])
    let features = extractor(reference.vgg16.input.constant())
    expectValues(features[0], try #require(reference.vgg16.activations["relu1_2"]), "relu1_2")
    expectValues(features[1], try #require(reference.vgg16.activations["relu2_2"]), "relu2_2")
  }

  @Test func frozenExtractorPassesGradientToInput() throws {
    let extractor = try VGGFeatureExtractor(
      model: "vgg16", layers: ["relu2_2"], weightsPath: try vgg16PrefixPath())
    let image = reference.vgg16.input.leaf()
    extractor(image)[0].sum().backward()
    #expect(image.gradient?.contains { $0 != 0 } == true)
    for (name, parameter) in extractor.network.namedParameters {
      #expect(!parameter.requiresGradient, "\(name)")
      #expect(parameter.gradient == nil, "\(name)")
    }
  }

  @Test func partialFileMissesDeeperLayer() throws {
    let path = try vgg16PrefixPath()
    let error = #expect(throws: FeatureExtractorError.self) {
      try VGGFeatureExtractor(model: "vgg16", layers: ["relu3_3"], weightsPath: path)
    }
    let message = error?.message ?? ""
    #expect(message.contains(path))
    #expect(message.contains("features.10.weight"))
    #expect(message.contains("missing"))
  }

  @Test func wrongShapeNamesTensor() throws {
    let path = temporaryPath("wrong.safetensors")
    try SafetensorsWriter.write([
      NamedTensor(name: "features.0.weight", shape: [64, 1, 3, 3],
        values: [Float](repeating: 0, count: 576)),
      NamedTensor(name: "features.0.bias", shape: [64], values: [Float](repeating: 0, count: 64)),
    ], to: path)
    let network = Network(spec: try ModelCatalog.model(named: "vgg16")
      .truncated(through: "features.1"))
    let before = network.parameters[0].data
    let error = #expect(throws: SafetensorsError.self) {
      try network.loadWeights(from: SafetensorsFile(path: path))
    }
    #expect(error?.tensor == "features.0.weight")
    #expect(error?.description.contains("[64, 1, 3, 3]") == true)
    #expect(network.parameters[0].data == before)
  }

  @Test func unreadableFileIsError() {
    let error = #expect(throws: FeatureExtractorError.self) {
      try VGGFeatureExtractor(
        model: "vgg16", layers: ["relu1_2"], weightsPath: "/nonexistent/vgg16.safetensors")
    }
    #expect(error?.message.contains("/nonexistent/vgg16.safetensors") == true)
  }

  @Test func buffersLoadFromFile() throws {
    let spec = try #require(VGG.spec(named: "vgg11_bn")).truncated(through: "features.2")
    let path = temporaryPath("bn.safetensors")
    let channels = 64
    try SafetensorsWriter.write([
      NamedTensor(name: "features.0.weight", shape: [64, 3, 3, 3],
        values: [Float](repeating: 0.01, count: 1728)),
      NamedTensor(name: "features.0.bias", shape: [64], values: [Float](repeating: 0, count: 64)),
      NamedTensor(name: "features.1.weight", shape: [64], values: [Float](repeating: 2, count: 64)),
      NamedTensor(name: "features.1.bias", shape: [64], values: [Float](repeating: 0, count: 64)),
      NamedTensor(name: "features.1.running_mean", shape: [channels],
        values: [Float](repeating: 0.5, count: channels)),
    ], to: path)
    let network = Network(spec: spec)
    let missing = try network.loadWeights(from: SafetensorsFile(path: path))
    #expect(missing == ["features.1.running_var"])
    let norm = try #require(network.modules["features.1"] as? BatchNorm2d)
    #expect(norm.runningMean.data == [Float](repeating: 0.5, count: channels))
    #expect(norm.weight?.data == [Float](repeating: 2, count: channels))
  }

  @Test(arguments: ModelsReference.shared.blocks)
  func residualBlockMatchesTorchvision(reference: ModelsReference.Block) throws {
    for mode in ["eval", "train"] {
      let network = Network(spec: blockSpec(reference))
      let path = temporaryPath("\(reference.kind).safetensors")
      try SafetensorsWriter.write(reference.state.map {
        NamedTensor(name: $0.name, shape: $0.shape, values: $0.data)
      }, to: path)
      #expect(try network.loadWeights(from: SafetensorsFile(path: path)).isEmpty)
      network.setTraining(mode == "train")
      let expected = try #require(reference.modes[mode])
      let input = reference.input.leaf()
      let output = network(input)
      (output * reference.upstream.constant()).sum().backward()
      expectValues(output, expected.output, "\(reference.kind) \(mode) output")
      expectGradient(input, expected.inputGradient, "\(reference.kind) \(mode) input gradient")
      let norm = try #require(network.modules["bn1"] as? BatchNorm2d)
      expectValues(norm.runningMean, expected.runningMean, "\(reference.kind) \(mode) bn1 mean")
    }
  }
}

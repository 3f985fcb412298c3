import LabModels
import Testing

@Suite struct WeightMatchTests {
  func entries(of file: SafetensorsFile) -> [(name: String, shape: [Int])] {
    file.entries.map { ($0.name, $0.shape) }
  }

  @Test func batchNormFirstLayersFitBatchNormVGGs() throws {
    let file = try SafetensorsFile(path: try fixturePath("vgg11_bn_first"))
    let matches = ModelCatalog.match(entries: entries(of: file))
    let fitting = matches.filter(\.fits).map(\.model)
    #expect(fitting == ["vgg11_bn", "vgg13_bn", "vgg16_bn", "vgg19_bn"])
    for match in matches where match.fits {
      #expect(match.coverage == .prefix(lastLayer: "features.1"))
      #expect(match.matched.count == 7)
    }
    let plain = try #require(matches.first { $0.model == "vgg16" })
    #expect(plain.unexpected.sorted() == [
      "features.1.bias", "features.1.num_batches_tracked", "features.1.running_mean",
      "features.1.running_var", "features.1.weight",
    ])
  }

  @Test func resnetStemFitsEveryResNet() throws {
    let file = try SafetensorsFile(path: try fixturePath("resnet18_stem"))
    let fitting = ModelCatalog.match(entries: entries(of: file)).filter(\.fits)
    #expect(fitting.map(\.model) == ["resnet18", "resnet34", "resnet50"])
    #expect(fitting.allSatisfy { $0.coverage == .prefix(lastLayer: "bn1") })
  }

  @Test func grayscaleFirstLayerFitsNothing() throws {
    let file = try SafetensorsFile(path: try fixturePath("vgg11_gray"))
    let matches = ModelCatalog.match(entries: entries(of: file))
    #expect(matches.allSatisfy { !$0.fits })
    let best = try #require(matches.first)
    #expect(best.model == "vgg11")
    #expect(best.wrongShape == [WeightMatch.ShapeMismatch(
      name: "features.0.weight", fileShape: [64, 1, 3, 3], modelShape: [64, 3, 3, 3])])
  }

  @Test func completeStateFits() throws {
    let model = try ModelCatalog.model(named: "resnet50")
    let match = WeightMatch(model: model, entries: model.stateTensors.map { ($0.name, $0.shape) })
    #expect(match.coverage == .complete)
    #expect(match.missing.isEmpty)
    #expect(match.matched.count == match.modelTensorCount)
  }

  @Test func parametersWithoutBuffersFit() throws {
    let model = try ModelCatalog.model(named: "vgg16_bn")
    let match = WeightMatch(model: model, entries: model.parameters.map { ($0.name, $0.shape) })
    #expect(match.coverage == .complete)
    #expect(match.missing.count == model.buffers.count)
  }

  @Test func replacedClassifierIsWrongShape() throws {
    let model = try ModelCatalog.model(named: "vgg16")
    var state = model.stateTensors.map { ($0.name, $0.shape) }
    state[state.count - 2].1 = [10, 4096]
    state[state.count - 1].1 = [10]
    let matches = ModelCatalog.match(entries: state)
    #expect(matches.first?.model == "vgg16")
    #expect(matches.first?.fits == false)
    #expect(matches.first?.wrongShape.map(\.name) == ["classifier.6.weight", "classifier.6.bias"])
  }

  @Test func gapIsNotPrefix() throws {
    let model = try ModelCatalog.model(named: "vgg11")
    let state = model.parameters.filter { !$0.name.hasPrefix("features.3.") }
    let match = WeightMatch(model: model, entries: state.map { ($0.name, $0.shape) })
    #expect(match.coverage == .none)
    #expect(match.missing == ["features.3.weight", "features.3.bias"])
  }

  @Test func writtenPrefixFitsDeeperModels() throws {
    let model = try ModelCatalog.model(named: "vgg16")
    let firstFour = model.parameters.prefix(8).map {
      NamedTensor(name: $0.name, shape: $0.shape,
        values: [Float](repeating: 0.5, count: $0.elementCount))
    }
    #expect(firstFour.last?.name == "features.7.bias")
    let path = temporaryPath("vgg16_first.safetensors")
    try SafetensorsWriter.write(firstFour, to: path)
    let file = try SafetensorsFile(path: path)
    let matches = ModelCatalog.match(entries: entries(of: file))
    #expect(matches.filter(\.fits).map(\.model) == ["vgg13", "vgg16", "vgg19"])
    #expect(matches.first?.coverage == .prefix(lastLayer: "features.7"))
    let vgg11 = try #require(matches.first { $0.model == "vgg11" })
    // vgg11 pools after its first convolution, so the indices after 0 name other layers.
    #expect(vgg11.unexpected.first == "features.2.weight")
    #expect(!vgg11.fits)
  }
}

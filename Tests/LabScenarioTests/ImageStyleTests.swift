import Foundation
import LabData
import LabModels
import LabNN
import LabTensor
import LabTestSupport
import Testing

@testable import LabScenario

/// Style transfer and the adversarial term of image scenarios: their losses
/// against the LabNN functions, training, determinism and the reader's checks.
@Suite struct ImageStyleTests {
  static var path: String { ImageScenarioTests.path }

  static let style = """
    {
      "loss": { "name": "perceptual", "perceptual_weight": 2, "layers": ["relu1_1"],
        "style_weight": 100, "style_layers": ["relu1_1"], "tv_weight": 0.0001 },
      "image": { "task": "style_transfer", "style": "rocket", "photos": ["camera"] },
      "model": { "hidden": [4] },
      "optimizer": { "name": "adam", "learning_rate": 0.01 },
      "training": { "steps": 4, "eval_interval": 1 }
    }
    """

  static func adversarial(weight: String) -> String {
    """
    {
      "loss": { "name": "perceptual", "perceptual_weight": 0.01, "layers": ["relu1_1"],
        "adversarial_weight": \(weight) },
      "image": { "task": "super_resolution", "factor": 4, "photos": ["astronaut"] },
      "model": { "hidden": [4] },
      "training": { "steps": 3, "eval_interval": 1 },
      "seed": 11
    }
    """
  }

  /// Returns the ImageNet-normalised VGG-16 features of `images` at `layer`,
  /// from an extractor seeded as the session seeds its own.
  func features(_ images: Tensor, layer: String, seed: UInt64) throws -> Tensor {
    let extractor = try VGGFeatureExtractor(
      model: "vgg16", layers: [layer], weightsPath: nil, seed: seed &+ 6)
    return extractor(PerceptualLoss.preprocess(images, range: .unit, normalization: .imagenet))[0]
  }

  @Test func styleLossIsSumOfLabNNTerms() throws {
    let spec = try ScenarioReader.parse(Self.style, path: Self.path)
    let training = try ImageTraining(scenario: spec)
    let content = training.train.target
    var generator = RandomGenerator(seed: 1)
    let output = content.addingGaussianNoise(standardDeviation: 0.05, generator: &generator)

    let terms = training.loss(output: output, batch: training.train, settings: spec.image)

    let stylePhoto = try PNGImage.read(
      from: ScenarioReader.resolve("data/images/rocket-32.png", relativeTo: spec.path)).tensor()
    let outputFeatures = try features(output, layer: "relu1_1", seed: spec.seed)
    let contentFeatures = try features(content, layer: "relu1_1", seed: spec.seed)
    let styleFeatures = try features(Tensor.stack([stylePhoto]), layer: "relu1_1", seed: spec.seed)
    let contentTerm = try meanSquaredError(predicted: outputFeatures, expected: contentFeatures)
    let styleTerm = try gramStyleLoss(
      features: outputFeatures, targetFeatures: styleFeatures, normalization: .hw)
    let variationTerm = try totalVariation(output)
    let expected = 2 * contentTerm.scalar + 100 * styleTerm.scalar + 0.0001 * variationTerm.scalar
    expectClose(terms.total.scalar, expected, relative: 1e-6, absolute: 0, "total")
    expectClose(
      Float(terms.content), 2 * contentTerm.scalar, relative: 1e-6, absolute: 0, "content")
    expectClose(Float(terms.style), 100 * styleTerm.scalar, relative: 1e-6, absolute: 0, "style")
    expectClose(
      Float(terms.totalVariation), 0.0001 * variationTerm.scalar, relative: 1e-6, absolute: 0,
      "total variation")
    #expect(terms.content > 0)
    #expect(terms.style > 0)
  }

  @Test func styleInputIsTheContentPhoto() throws {
    let spec = try ScenarioReader.parse(Self.style, path: Self.path)
    let session = try TrainingSession(spec: spec)
    let image = try #require(session.latest?.image)
    let terms = try #require(image.styleTransfer)
    #expect(image.output == image.input)
    #expect(terms.content == 0)
    #expect(terms.style == terms.initialStyle)
    #expect(session.latest?.value(of: .styleRatio) == 1)
    #expect(image.discriminator == nil)
    #expect(session.dataSummary.contains("style transfer from rocket"))
  }

  @Test func styleTrainingLowersStyleTerm() throws {
    let spec = try ScenarioReader.parse(Self.style, path: Self.path)
    let session = try TrainingSession(spec: spec)
    let first = try #require(session.latest?.value(of: .styleLoss))
    while !session.isFinished { session.advance() }
    let latest = try #require(session.latest)
    #expect(latest.value(of: .styleLoss) < first)
    #expect(latest.value(of: .styleRatio) < 1)
    #expect(latest.value(of: .contentLoss) > 0)
    #expect(latest.value(of: .psnr).isFinite)
  }

  @Test func styleTransferShowsStylePhoto() throws {
    let spec = try ScenarioReader.parse(Self.style, path: Self.path)
    let image = try #require(try TrainingSession(spec: spec).latest?.image)
    let stylePhoto = try PNGImage.read(
      from: ScenarioReader.resolve("data/images/rocket-32.png", relativeTo: spec.path)).tensor()
    #expect(image.target == stylePhoto.data)
  }

  @Test func discriminatorAndGeneratorBothUpdate() throws {
    let spec = try ScenarioReader.parse(Self.adversarial(weight: "0.1"), path: Self.path)
    let session = try TrainingSession(spec: spec)
    let discriminator = try #require(session.imageTraining?.discriminator)
    let discriminatorBefore = discriminator.parameters.map(\.data)
    let generatorBefore = session.model.parameters.map(\.data)
    session.advance()
    #expect(discriminator.parameters.map(\.data) != discriminatorBefore)
    #expect(session.model.parameters.map(\.data) != generatorBefore)
  }

  @Test func firstLossTrainsNoDiscriminator() throws {
    let spec = try ScenarioReader.parse(Self.adversarial(weight: "0.1"), path: Self.path)
    let session = try TrainingSession(spec: spec)
    var generator = RandomGenerator(seed: spec.seed &+ 7)
    let fresh = ImageDiscriminator(
      learningRate: spec.optimizer.learningRate, generator: &generator)
    let discriminator = try #require(session.imageTraining?.discriminator)
    #expect(discriminator.parameters.map(\.data) == fresh.parameters.map(\.data))
  }

  @Test func adversarialRunIsDeterministic() throws {
    let spec = try ScenarioReader.parse(Self.adversarial(weight: "0.1"), path: Self.path)
    var runs: [[Evaluation]] = []
    for _ in 0..<2 {
      let session = try TrainingSession(spec: spec)
      var evaluations: [Evaluation] = []
      while !session.isFinished {
        session.advance()
        evaluations.append(try #require(session.latest))
      }
      runs.append(evaluations)
    }
    #expect(runs[0] == runs[1])
    let metrics = try #require(runs[0].last?.image?.discriminator)
    #expect(metrics.loss.isFinite)
    #expect((0...1).contains(metrics.realProbability))
    #expect((0...1).contains(metrics.fakeProbability))
    #expect(metrics.adversarialLoss > 0)
  }

  @Test func zeroAdversarialWeightMatchesPlainRun() throws {
    let plainText = Self.adversarial(weight: "0").replacingOccurrences(
      of: ",\n    \"adversarial_weight\": 0", with: "")
    #expect(!plainText.contains("adversarial_weight"))
    var runs: [[Evaluation]] = []
    for text in [plainText, Self.adversarial(weight: "0")] {
      let session = try TrainingSession(spec: try ScenarioReader.parse(text, path: Self.path))
      #expect(session.imageTraining?.discriminator == nil)
      while !session.isFinished { session.advance() }
      runs.append([try #require(session.latest)])
    }
    #expect(runs[0] == runs[1])
    #expect(runs[0][0].image?.discriminator == nil)
    #expect(runs[0][0].value(of: .discriminatorLoss).isNaN)
  }

  @Test func adversarialTermAddsToPlainLoss() throws {
    let withTerm = try ScenarioReader.parse(Self.adversarial(weight: "0.5"), path: Self.path)
    var without = withTerm
    without.image.adversarialWeight = 0
    let adversarial = try ImageTraining(scenario: withTerm)
    let plain = try ImageTraining(scenario: without)
    let output = plain.restore(plain.train.input)
    let terms = adversarial.loss(output: output, batch: adversarial.train, settings: withTerm.image)
    let plainTerms = plain.loss(output: output, batch: plain.train, settings: without.image)
    let discriminator = try #require(adversarial.discriminator)
    let expected = discriminator.generatorLoss(output).scalar * 0.5
    expectClose(Float(terms.adversarial), expected, relative: 1e-6, absolute: 0, "adversarial")
    expectClose(
      terms.total.scalar, plainTerms.total.scalar + expected, relative: 1e-6, absolute: 0,
      "total")
  }

  @Test func discriminatorLossAveragesRealAndFake() throws {
    var generator = RandomGenerator(seed: 3)
    let discriminator = ImageDiscriminator(learningRate: 0.001, generator: &generator)
    let real = Tensor(shape: [2, 3, 8, 8], data: (0..<384).map { Float($0 % 7) / 7 })
    let fake = Tensor(shape: [2, 3, 8, 8], data: (0..<384).map { Float($0 % 5) / 5 })
    let realLogits = discriminator.logits(real)
    let fakeLogits = discriminator.logits(fake)
    #expect(realLogits.shape == [2, 1])
    let ones = Tensor(shape: [2, 1], data: [1, 1])
    let zeros = Tensor(shape: [2, 1], data: [0, 0])
    let expected = (try binaryCrossEntropyWithLogits(logits: realLogits, targets: ones).scalar
      + binaryCrossEntropyWithLogits(logits: fakeLogits, targets: zeros).scalar) / 2
    expectClose(
      discriminator.loss(real: real, fake: fake).scalar, expected, relative: 1e-6, absolute: 0,
      "discriminator loss")
  }

  @Test(arguments: [
    (#"{ "loss": { "name": "perceptual", "style_weight": 10 } }"#,
      "loss.style_weight: style w applies only to image scenarios (loss perceptual) with "
        + "image.task style_transfer"),
    (#"{ "loss": { "name": "perceptual", "adversarial_weight": 0.1 }, "#
      + #""image": { "task": "style_transfer" } }"#,
      "loss.adversarial_weight: adversarial w applies only to image scenarios (loss "
        + "perceptual) with image.task super_resolution, denoising or inpainting"),
    (#"{ "loss": { "name": "mse", "adversarial_weight": 0.1 } }"#,
      "loss.adversarial_weight: adversarial w applies only to image scenarios"),
    (#"{ "loss": { "name": "perceptual", "adversarial_weight": 2 } }"#,
      "loss.adversarial_weight: invalid weight '2'; enter a number from 0 to 1, such as 0.01"),
    (#"{ "loss": { "name": "perceptual", "style_weight": -1 }, "#
      + #""image": { "task": "style_transfer" } }"#,
      "loss.style_weight: invalid weight '-1'; enter a number from 0 to 100000"),
    (#"{ "loss": { "name": "perceptual", "tv_weight": "a lot" }, "#
      + #""image": { "task": "style_transfer" } }"#,
      "loss.tv_weight: expected a number, got a string 'a lot'"),
    (#"{ "loss": { "name": "perceptual", "style_layers": ["relu9_9"] }, "#
      + #""image": { "task": "style_transfer" } }"#,
      "loss.style_layers: unknown layer 'relu9_9' in 'relu9_9'"),
    (#"{ "loss": { "name": "perceptual", "pixel": "l1" }, "#
      + #""image": { "task": "style_transfer" } }"#,
      "loss.pixel: pixel loss applies only to image scenarios (loss perceptual) with "
        + "image.task super_resolution"),
    (#"{ "loss": "perceptual", "image": { "task": "style_transfer", "style": "lena" } }"#,
      "image.style: unknown photo 'lena'; expected one of: astronaut, camera"),
    (#"{ "loss": "perceptual", "image": { "task": "denoising", "style": "coffee" } }"#,
      "image.style: style photo applies only to image scenarios (loss perceptual) with "
        + "image.task style_transfer"),
  ])
  func invalidStyleFieldIsRejected(text: String, fragment: String) {
    let message = ImageScenarioTests().error(text)
    #expect(message?.contains(fragment) == true, "\(message ?? "no error")")
  }

  @Test func styleParametersRoundTripThroughText() throws {
    var spec = try ScenarioReader.parse(Self.style, path: Self.path)
    try ParameterPath.stylePhoto.apply("Coffee", to: &spec)
    try ParameterPath.styleLayers.apply("relu1_2,relu3_3", to: &spec)
    try ParameterPath.styleWeight.apply("250", to: &spec)
    #expect(ParameterPath.stylePhoto.value(in: spec) == "coffee")
    #expect(ParameterPath.styleLayers.value(in: spec) == "relu1_2,relu3_3")
    #expect(ParameterPath.styleWeight.value(in: spec) == "250")
    #expect(ParameterPath.totalVariationWeight.value(in: spec) == "0.0001")
    #expect(ParameterPath.styleWeight.stepped(in: spec, direction: 1) == "500")
    #expect(ParameterPath.stylePhoto.stepped(in: spec, direction: 1) == "rocket")
    #expect(ParameterPath.styleWeight.applies(to: spec))
    #expect(!ParameterPath.pixelLoss.applies(to: spec))
    #expect(!ParameterPath.adversarialWeight.applies(to: spec))
    #expect(ParameterPath.styleWeight.needsReset)

    let text = ScenarioWriter.json(for: spec)
    #expect(!text.contains("\"pixel\""))
    #expect(text.contains("\"style\": \"coffee\""))
    #expect(try ScenarioReader.parse(text, path: spec.path) == spec)
  }

  @Test func adversarialWeightStepsFromZero() throws {
    var spec = try ScenarioReader.parse(Self.adversarial(weight: "0"), path: Self.path)
    #expect(ParameterPath.adversarialWeight.stepped(in: spec, direction: 1) == "0.001")
    #expect(ParameterPath.adversarialWeight.stepped(in: spec, direction: -1) == "0")
    try ParameterPath.adversarialWeight.apply("1", to: &spec)
    #expect(ParameterPath.adversarialWeight.stepped(in: spec, direction: 1) == "1")
    #expect(ParameterPath.adversarialWeight.stepped(in: spec, direction: -1) == "0.5")
    #expect(!ParameterPath.styleWeight.applies(to: spec))
    let text = ScenarioWriter.json(for: spec)
    #expect(text.contains("\"adversarial_weight\": 1"))
    #expect(try ScenarioReader.parse(text, path: spec.path) == spec)
  }
}

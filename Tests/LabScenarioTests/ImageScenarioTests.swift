import Foundation
import LabData
import LabTensor
import Testing

@testable import LabScenario

/// Image scenarios: reading and validating their fields, the parameter paths,
/// and a session that restores photos.
@Suite struct ImageScenarioTests {
  static let scenarios = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scenarios")
  static var path: String { scenarios.appendingPathComponent("x.json").path }

  static let minimal = """
    {
      "loss": { "name": "perceptual", "perceptual_weight": 0.5, "layers": ["relu1_1"] },
      "image": { "task": "denoising", "noise": 0.2, "photos": ["camera"] },
      "model": { "hidden": [4] },
      "training": { "steps": 3, "eval_interval": 1 }
    }
    """

  func error(_ text: String) -> String? {
    do {
      _ = try ScenarioReader.parse(text, path: "scenarios/x.json")
      return nil
    } catch {
      return error.description
    }
  }

  @Test func perceptualLossReadsImageFields() throws {
    let spec = try ScenarioReader.parse(Self.minimal, path: Self.path)
    #expect(spec.loss == .perceptual)
    #expect(spec.task == .image)
    #expect(spec.image.task == .denoising)
    #expect(spec.image.noise == 0.2)
    #expect(spec.image.perceptualWeight == 0.5)
    #expect(spec.image.layers == ["relu1_1"])
    #expect(spec.image.photos == ["camera"])
    #expect(spec.image.validation == ["chelsea"])
    #expect(spec.image.weightsPath == nil)
  }

  @Test(arguments: [
    (#"{ "loss": { "name": "perceptual", "layers": ["relu9_9"] } }"#,
      "scenarios/x.json:1:45: loss.layers: unknown layer 'relu9_9'"),
    (#"{ "loss": "perceptual", "image": { "factor": 3 } }"#,
      "scenarios/x.json:1:46: image.factor: invalid factor '3'; enter 2 or 4"),
    (#"{ "loss": "perceptual", "image": { "photos": ["lena"] } }"#,
      "scenarios/x.json:1:46: image.photos: unknown photo 'lena'"),
    (#"{ "loss": "perceptual", "image": { "noise": 0.1 } }"#,
      "image.noise: image noise applies only to image scenarios"),
    (#"{ "loss": "mse", "image": { "task": "denoising" } }"#,
      "image.task: image task applies only to image scenarios"),
    (#"{ "loss": "perceptual", "data": { "source": "digits" } }"#,
      "data: image scenarios take their photos from 'image'"),
    (#"{ "loss": { "name": "perceptual", "weights": "missing.safetensors" } }"#,
      "no such weights file 'missing.safetensors'"),
    (#"{ "loss": "perceptual", "task": "regression" }"#,
      "task: task 'image' goes with loss 'perceptual' and no other"),
  ])
  func invalidImageFieldIsRejected(text: String, fragment: String) {
    let message = error(text)
    #expect(message?.contains(fragment) == true, "\(message ?? "no error")")
  }

  @Test func parametersRoundTripThroughText() throws {
    var spec = try ScenarioReader.parse(Self.minimal, path: Self.path)
    try ParameterPath.imageTask.apply("inpainting", to: &spec)
    try ParameterPath.imageMask.apply("0.5", to: &spec)
    try ParameterPath.photos.apply("astronaut,rocket", to: &spec)
    try ParameterPath.vggLayers.apply("relu1_2,relu2_2", to: &spec)
    try ParameterPath.pixelLoss.apply("l1", to: &spec)
    #expect(ParameterPath.imageMask.value(in: spec) == "0.5")
    #expect(ParameterPath.photos.value(in: spec) == "astronaut,rocket")
    #expect(ParameterPath.vggLayers.value(in: spec) == "relu1_2,relu2_2")
    #expect(ParameterPath.pixelLoss.value(in: spec) == "l1")
    #expect(ParameterPath.imageMask.applies(to: spec))
    #expect(!ParameterPath.imageNoise.applies(to: spec))
    #expect(!ParameterPath.batchSize.applies(to: spec))
    #expect(ParameterPath.perceptualWeight.stepped(in: spec, direction: 1) == "1")
    #expect(throws: ParameterError.self) { try ParameterPath.imageSize.apply("48", to: &spec) }
  }

  @Test func imageParametersDoNotApplyToTables() throws {
    let spec = try ScenarioReader.parse(#"{ "loss": "mse" }"#, path: Self.path)
    #expect(!ParameterPath.perceptualWeight.applies(to: spec))
    #expect(!ParameterPath.imageTask.applies(to: spec))
    #expect(ParameterPath.batchSize.applies(to: spec))
  }

  @Test func untrainedNetworkReturnsItsInput() throws {
    let spec = try ScenarioReader.parse(Self.minimal, path: Self.path)
    let session = try TrainingSession(spec: spec)
    let image = try #require(session.latest?.image)
    #expect(image.output == image.input)
    #expect(image.psnr == image.inputPSNR)
    #expect(image.warnings == ["random weights"])
    #expect(session.dataSummary.contains("random weights"))
  }

  @Test func denoisingTrainingRaisesPSNR() throws {
    var spec = try ScenarioReader.parse(Self.minimal, path: Self.path)
    spec.training.stepCount = 8
    spec.optimizer.learningRate = 0.003
    let session = try TrainingSession(spec: spec)
    while !session.isFinished { session.advance() }
    let latest = try #require(session.latest)
    #expect(latest.value(of: .psnrGain) > 0)
    #expect(latest.value(of: .psnr) > latest.value(of: .inputPSNR))
    #expect(latest.value(of: .ssim).isFinite)
    #expect(latest.value(of: .rmse).isNaN)
  }

  @Test func sideBySideJoinsThreePanels() {
    let image = ImageEvaluation(
      psnr: 1, ssim: 1, inputPSNR: 1, inputSSIM: 1, width: 1, height: 1,
      input: [0.1, 0.2, 0.3], output: [2, -1, 0.5], target: [0.7, 0.8, 0.9], warnings: [])
    let joined = image.sideBySide(gap: 1)
    #expect(joined.width == 5)
    #expect(joined.height == 1)
    #expect(joined.channels == [
      0.1, 1, 1, 1, 0.7,
      0.2, 1, 0, 1, 0.8,
      0.3, 1, 0.5, 1, 0.9,
    ])
  }

  @Test func superResolutionInputIsBilinearOfDownscaled() throws {
    var spec = try ScenarioReader.parse(Self.minimal, path: Self.path)
    try ParameterPath.imageTask.apply("super_resolution", to: &spec)
    let training = try ImageTraining(scenario: spec)
    let expected = training.train.target.areaDownscaled(by: 2)
      .upscaled(by: 2, mode: .bilinear(alignCorners: false))
    #expect(training.train.input.data == expected.data)
    #expect(training.train.input.shape == [1, 3, 32, 32])
  }
}

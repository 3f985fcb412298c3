import Foundation
import Testing

@testable import LabScenario

/// Writing specs back as scenario files that read and train the same.
@Suite struct ScenarioWriterTests {
  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scenarios")

  static let ids = [
    "breast-cancer", "denoising", "diabetes", "digit-embeddings", "digits", "elnino", "faces",
    "inpainting", "news-topics", "outliers", "perceptual-vs-mse", "products", "spiral", "srgan",
    "stock-walk", "style-transfer", "super-resolution", "super-resolution-x4",
  ]

  @Test(arguments: ids)
  func bundledSpecReadsBackEqual(id: String) throws {
    var spec = try ScenarioReader.read(path: Self.folder.appendingPathComponent("\(id).json").path)
    spec.script = []
    let text = ScenarioWriter.json(for: spec)
    #expect(try ScenarioReader.parse(text, path: spec.path) == spec)
  }

  @Test func changedParametersReadBackEqual() throws {
    var spec = try ScenarioReader.read(path: Self.folder.appendingPathComponent("digits.json").path)
    spec.script = []
    try ParameterPath.labelSmoothing.apply("0.15", to: &spec)
    try ParameterPath.classWeights.apply("1,2,1,1,1,1,1,1,1,0.5", to: &spec)
    try ParameterPath.optimizer.apply("adamw", to: &spec)
    try ParameterPath.weightDecay.apply("0.003", to: &spec)
    try ParameterPath.schedule.apply("warmup_cosine", to: &spec)
    try ParameterPath.learningRate.apply("0.0012345678", to: &spec)
    try ParameterPath.features.apply("pixel_3_3,pixel_4_4", to: &spec)
    #expect(try ScenarioReader.parse(ScenarioWriter.json(for: spec), path: spec.path) == spec)
  }

  @Test func changedImageParametersReadBackEqual() throws {
    var spec = try ScenarioReader.read(
      path: Self.folder.appendingPathComponent("super-resolution.json").path)
    spec.script = []
    try ParameterPath.imageTask.apply("inpainting", to: &spec)
    try ParameterPath.imageMask.apply("0.25", to: &spec)
    try ParameterPath.pixelLoss.apply("l1", to: &spec)
    try ParameterPath.perceptualWeight.apply("0.125", to: &spec)
    try ParameterPath.vggLayers.apply("relu1_2,relu2_2", to: &spec)
    try ParameterPath.photos.apply("camera,rocket", to: &spec)
    let text = ScenarioWriter.json(for: spec)
    #expect(text.contains("\"image\": { \"task\": \"inpainting\", \"mask\": 0.25"))
    #expect(!text.contains("\"data\""))
    #expect(try ScenarioReader.parse(text, path: spec.path) == spec)
  }

  @Test func writtenFileTrainsToSameNumbers() throws {
    let temporary = FileManager.default.temporaryDirectory
      .appendingPathComponent("losslab-writer-\(getpid())")
    try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: temporary) }
    var spec = try ScenarioReader.read(
      path: Self.folder.appendingPathComponent("outliers.json").path)
    try ParameterPath.loss.apply("huber", to: &spec)
    try ParameterPath.delta.apply("0.7", to: &spec)
    spec.path = temporary.appendingPathComponent("outliers.json").path

    let first = try ScenarioWriter.writeNew(spec, in: temporary.path)
    let second = try ScenarioWriter.writeNew(spec, in: temporary.path)
    #expect(first.hasSuffix("/outliers-2.json"))
    #expect(second.hasSuffix("/outliers-3.json"))

    let original = try TrainingSession(spec: spec)
    let copy = try TrainingSession(spec: try ScenarioReader.read(path: first))
    for _ in 0..<60 {
      original.advance()
      copy.advance()
    }
    #expect(copy.latest == original.latest)
    #expect(copy.validation == original.validation)
  }
}

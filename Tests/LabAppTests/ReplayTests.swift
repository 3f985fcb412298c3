import Foundation
import Testing

@testable import LabApp
@testable import LabScenario

/// Replays every bundled scenario's script: its expectations and its screen
/// snapshots (100×30 by default) must hold. Re-record snapshots with
/// `losslab replay ID --record` after an intended change of the screen.
@Suite struct ReplayTests {
  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scenarios")

  static func catalog() throws -> [ScenarioSpec] {
    try FileManager.default.contentsOfDirectory(atPath: folder.path)
      .filter { $0.hasSuffix(".json") }.sorted()
      .map { try ScenarioReader.read(path: folder.appendingPathComponent($0).path) }
  }

  static let ids = [
    "breast-cancer", "denoising", "diabetes", "digit-embeddings", "digits",
    "digits-label-smoothing", "digits-mse", "elnino", "faces", "house-prices", "inpainting",
    "news-topics", "outliers", "perceptual-vs-mse", "products", "spiral", "srgan", "stock-walk",
    "style-transfer", "super-resolution", "super-resolution-x4", "triplet-miners",
  ]

  @Test(arguments: ids)
  func bundledScenarioReplays(id: String) throws {
    let catalog = try Self.catalog()
    let spec = try #require(catalog.first { $0.id == id })
    var replay = Replay(spec: spec, catalog: catalog)
    replay.runScript(isRecording: false)
    #expect(replay.failures.isEmpty, "\(replay.failures.joined(separator: "\n"))")
  }

  @Test func everyBundledScenarioIsReplayed() throws {
    #expect(try Self.catalog().map(\.id).sorted() == Self.ids)
  }

  @Test func replayTwiceGivesSameScreen() throws {
    let catalog = try Self.catalog()
    let spec = try #require(catalog.first { $0.id == "house-prices" })
    var screens: [String] = []
    for _ in 0..<2 {
      var replay = Replay(spec: spec, catalog: catalog)
      replay.press(.enter)
      replay.train(steps: 120)
      screens.append(replay.state.render(width: 100, height: 30).text())
    }
    #expect(screens[0] == screens[1])
    #expect(screens[0].contains("step 120/1500"))
  }

  @Test func failedExpectationIsReported() throws {
    let catalog = try Self.catalog()
    var spec = try #require(catalog.first { $0.id == "house-prices" })
    spec.script = [
      .run(25),
      .expect(Expectation(quantity: .rmseRatio, below: 0.0001, above: nil,
        location: SourceLocation(line: 4, column: 9))),
    ]
    var replay = Replay(spec: spec, catalog: catalog)
    replay.runScript(isRecording: false)
    #expect(replay.failures.count == 1)
    #expect(replay.failures.first?.contains("house-prices.json:4:9: rmse_ratio = ") == true)
    #expect(replay.failures.first?.hasSuffix("at step 25, expected below 0.0001") == true)
  }

  @Test func comparedRunsAreLabelledByDifference() throws {
    let catalog = try Self.catalog()
    let spec = try #require(catalog.first { $0.id == "outliers" })
    var other = spec
    other.loss = .l1
    #expect(AppState.runLabels([spec, other]) == ["mse", "l1"])
    #expect(AppState.runLabels([spec, spec]) == ["run 1", "run 2"])
  }

  @Test func keyCKeepsRunAndOverlaysIt() throws {
    let catalog = try Self.catalog()
    let spec = try #require(catalog.first { $0.id == "house-prices" })
    var replay = Replay(spec: spec, catalog: catalog)
    replay.press(.enter)
    replay.train(steps: 50)
    replay.perform(.set([(path: .loss, value: "l1")]), isRecording: false)
    replay.press(.character("c"))
    replay.train(steps: 50)
    #expect(replay.state.comparedRuns.count == 1)
    #expect(replay.state.comparedRuns.first?.step == 50)
    #expect(replay.state.run?.spec.loss == .l1)
    let screen = replay.state.render(width: 100, height: 30).text()
    #expect(screen.contains("mse 0."))
    #expect(screen.contains("l1 0."))
  }

  @Test func keyCKeepsAtMostThreeRuns() throws {
    let catalog = try Self.catalog()
    let spec = try #require(catalog.first { $0.id == "house-prices" })
    var replay = Replay(spec: spec, catalog: catalog)
    replay.press(.enter)
    for _ in 0..<5 {
      replay.train(steps: 5)
      replay.press(.character("c"))
    }
    #expect(replay.state.comparedRuns.count == AppState.maximumComparedRuns - 1)
  }

  @Test func keyWWritesScenarioThatReplaysSame() throws {
    let temporary = FileManager.default.temporaryDirectory
      .appendingPathComponent("losslab-export-\(getpid())")
    try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: temporary) }
    let source = temporary.appendingPathComponent("house-prices.json").path
    try FileManager.default.copyItem(
      atPath: Self.folder.appendingPathComponent("house-prices.json").path, toPath: source)
    let spec = try ScenarioReader.read(path: source)
    var replay = Replay(spec: spec, catalog: [spec])
    replay.press(.enter)
    replay.perform(.set([(path: .learningRate, value: "0.004"), (path: .hidden, value: "16")]),
      isRecording: false)
    replay.press(.character("w"))
    let written = temporary.appendingPathComponent("house-prices-2.json").path
    #expect(replay.state.message?.text.hasPrefix("wrote \(written)") == true)
    #expect(!FileManager.default.fileExists(
      atPath: temporary.appendingPathComponent("house-prices-3.json").path))

    let exported = try ScenarioReader.read(path: written)
    #expect(exported.optimizer.learningRate == 0.004)
    #expect(exported.model.hidden == [16])
    var expected = try #require(replay.state.draft)
    expected.script = []
    var direct = Replay(spec: expected, catalog: [expected])
    direct.press(.enter)
    direct.train(steps: 80)
    var reloaded = Replay(spec: exported, catalog: [exported])
    reloaded.press(.enter)
    reloaded.train(steps: 80)
    // Evaluations hold NaN for metrics that do not apply, so compare the numbers one by one.
    #expect(reloaded.state.run?.latest?.validationLoss == direct.state.run?.latest?.validationLoss)
    #expect(reloaded.state.run?.latest?.trainLoss == direct.state.run?.latest?.trainLoss)
    #expect(reloaded.state.run?.latest?.rmse == direct.state.run?.latest?.rmse)
    #expect(reloaded.state.run?.step == 80)
  }

  @Test func taskViewsMatchTheTask() throws {
    let catalog = try Self.catalog()
    let expected = [
      ("house-prices", "Predicted vs actual"), ("digits", "Confusion"),
      ("spiral", "Decision boundary"),
    ]
    for (id, title) in expected {
      let spec = try #require(catalog.first { $0.id == id })
      var replay = Replay(spec: spec, catalog: catalog)
      replay.press(.enter)
      replay.train(steps: 25)
      #expect(replay.state.render(width: 100, height: 30).text().contains(title), "\(id)")
    }
  }

  @Test func changedScreenShowsDiff() {
    let diff = lineDiff("a\nb\nc", "a\nB\nc")
    #expect(diff == "  2 - b\n  2 + B")
  }
}

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
    "breast-cancer", "diabetes", "digits", "digits-label-smoothing", "digits-mse", "elnino",
    "house-prices", "news-topics", "outliers", "spiral", "stock-walk",
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

  @Test func changedScreenShowsDiff() {
    let diff = lineDiff("a\nb\nc", "a\nB\nc")
    #expect(diff == "  2 - b\n  2 + B")
  }
}

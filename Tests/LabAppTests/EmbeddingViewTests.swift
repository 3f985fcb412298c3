import LabCharts
import Testing

@testable import LabApp
@testable import LabScenario

/// The task view of triplet runs: the projection and the counts line.
@Suite struct EmbeddingViewTests {
  static func spec() throws -> ScenarioSpec {
    try ScenarioReader.parse("""
      {"title": "Tiny faces", "loss": {"name": "triplet", "miner": "all"},
       "data": {"source": "faces", "identities": 8, "samples_per_identity": 4},
       "model": {"hidden": [8], "embedding_size": 4},
       "training": {"classes_per_batch": 3, "samples_per_class": 2, "steps": 10,
                    "eval_interval": 5}}
      """, path: "scenarios/tiny-faces.json")
  }

  @Test func viewShowsProjectionAndCounts() throws {
    let spec = try Self.spec()
    var replay = Replay(spec: spec, catalog: [spec])
    replay.press(.enter)
    replay.train(steps: 5)
    let screen = replay.state.render(width: 100, height: 30).text()
    #expect(screen.contains("Embeddings (PCA, validation)"))
    #expect(screen.contains("PC1 "))
    #expect(screen.contains("face "))
    let metrics = try #require(replay.state.run?.latest?.embedding)
    let counts = try #require(metrics.counts)
    #expect(counts.minedCount == 3 * 2 * 1 * 2 * 2)
    let summary = replay.state.embeddingSummary(metrics)
    #expect(summary.hasPrefix("batch easy \(counts.easyCount) semi \(counts.semiHardCount) "
      + "hard \(counts.hardCount) of 24 mined"))
    #expect(replay.state.statusText().contains("R@1 "))
    #expect(replay.state.statusText().contains("mAP "))
  }

  @Test func summaryBeforeTheFirstStep() {
    let metrics = EmbeddingMetrics(
      recallAt1: 0.5, meanAveragePrecision: 0.25, queryCount: 4, classNames: ["a", "b"],
      points: [], explainedVarianceRatio: [0.6, 0.3], counts: nil)
    let state = AppState(catalog: [])
    #expect(state.embeddingSummary(metrics) == "batch: no step yet  R@1 0.5  mAP 0.25")
  }
}

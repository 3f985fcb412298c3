import Foundation
import LabNN
import Testing

@testable import LabScenario

/// Triplet scenarios: reading their fields, writing them back, and sessions
/// that draw P×K batches, hold out identities and report retrieval scores.
@Suite struct TripletScenarioTests {
  func parse(_ text: String) throws(ScenarioError) -> ScenarioSpec {
    try ScenarioReader.parse(text, path: "scenarios/x.json")
  }

  static let faces = """
    {"loss": {"name": "triplet", "miner": "all", "margin": 0.5},
     "data": {"source": "faces", "identities": 8, "samples_per_identity": 3, "variation": 0.5,
              "validation_fraction": 0.25},
     "model": {"hidden": [8], "embedding_size": 4},
     "training": {"classes_per_batch": 2, "samples_per_class": 2, "steps": 3, "eval_interval": 1},
     "seed": 2}
    """

  static let errors: [(text: String, message: String)] = [
    ("{\"loss\": {\"name\": \"triplet\", \"miner\": \"hardest\"}}",
      "scenarios/x.json:1:39: loss.miner: unknown miner 'hardest'; expected one of: all, hard, "
        + "semi_hard, batch_hard, batch_all"),
    ("{\"loss\": {\"name\": \"triplet\", \"distance\": \"manhattan\"}}",
      "scenarios/x.json:1:42: loss.distance: unknown distance 'manhattan'; expected one of: "
        + "euclidean, cosine"),
    ("{\"loss\": {\"name\": \"triplet\", \"margin\": -1}}",
      "scenarios/x.json:1:40: loss.margin: -1 is out of range; enter a number from 0 to 10"),
    ("{\"loss\": {\"name\": \"mse\", \"margin\": 1}}",
      "scenarios/x.json:1:36: loss.margin: margin applies only to the triplet loss; set "
        + "loss.name=triplet first"),
    ("{\"loss\": \"triplet\", \"model\": {\"embedding_size\": 1}}",
      "scenarios/x.json:1:49: model.embedding_size: invalid value '1'; enter a whole number "
        + "from 2 to 256"),
    ("{\"loss\": \"mse\", \"model\": {\"embedding_size\": 8}}",
      "scenarios/x.json:1:45: model.embedding_size: embedding size applies only to the triplet "
        + "loss; set loss.name=triplet first"),
    ("{\"loss\": \"triplet\", \"training\": {\"samples_per_class\": 1}}",
      "scenarios/x.json:1:55: training.samples_per_class: invalid value '1'; enter a whole "
        + "number from 2 to 32"),
    ("{\"loss\": \"triplet\", \"data\": {\"source\": \"digits\"}, "
      + "\"training\": {\"batch_size\": 32}}",
      "scenarios/x.json:1:64: training.batch_size: the triplet loss draws P×K batches; set "
        + "training.classes_per_batch and training.samples_per_class instead"),
    ("{\"loss\": \"triplet\", \"data\": {\"source\": \"digits\", \"identities\": 10}}",
      "scenarios/x.json:1:64: data.identities: identities applies only to the faces and "
        + "products generators"),
    ("{\"loss\": \"triplet\", \"data\": {\"source\": \"faces\", \"variation\": 4}}",
      "scenarios/x.json:1:62: data.variation: 4 is out of range; enter a number from 0 to 3"),
    ("{\"loss\": \"mse\", \"data\": {\"source\": \"faces\"}}",
      "scenarios/x.json:1:25: data: the faces generator makes identities for metric learning; "
        + "use loss 'triplet'"),
    ("{\"loss\": \"triplet\"}",
      "scenarios/x.json:1:10: loss: the triplet loss needs labelled data such as digits, faces "
        + "or products, not house_prices"),
    ("{\"loss\": \"mse\", \"task\": \"embedding\"}",
      "scenarios/x.json:1:25: task: task 'embedding' needs loss 'triplet'"),
    ("{\"loss\": \"triplet\", \"data\": {\"source\": \"faces\", \"identities\": 10}, "
      + "\"training\": {\"classes_per_batch\": 9}}",
      "scenarios/x.json:1:80: training: 9 classes per batch, but only 8 of the 10 identities "
        + "train (the rest are held out); lower training.classes_per_batch or raise "
        + "data.identities"),
  ]

  @Test(arguments: 0..<errors.count)
  func invalidFieldNamesPlace(index: Int) {
    let (text, message) = Self.errors[index]
    do {
      _ = try parse(text)
      Issue.record("no error for \(text)")
    } catch {
      #expect(error.description == message)
    }
  }

  @Test func readsEveryField() throws {
    let spec = try parse(Self.faces)
    #expect(spec.loss == .triplet)
    #expect(spec.task == .embedding)
    #expect(spec.data.source == .faces)
    #expect(spec.embedding.miner == .all)
    #expect(spec.embedding.margin == 0.5)
    #expect(spec.embedding.distance == .euclidean)
    #expect(spec.embedding.embeddingSize == 4)
    #expect(spec.embedding.classesPerBatch == 2)
    #expect(spec.embedding.samplesPerClass == 2)
    #expect(spec.embedding.identityCount == 8)
    #expect(spec.embedding.samplesPerIdentity == 3)
    #expect(spec.embedding.variation == 0.5)
  }

  @Test func writerRoundTrips() throws {
    var spec = try parse(Self.faces)
    spec.embedding.distance = .cosine
    let written = try parse(ScenarioWriter.json(for: spec))
    var expected = spec
    expected.script = []
    expected.id = written.id
    expected.path = written.path
    #expect(written == expected)
  }

  @Test func setParsesAndSteps() throws {
    var spec = try parse(Self.faces)
    try ParameterPath.miner.apply("batch_hard", to: &spec)
    #expect(spec.embedding.miner == .batchHard)
    #expect(ParameterPath.miner.stepped(in: spec, direction: 1) == "batch_all")
    #expect(ParameterPath.classesPerBatch.stepped(in: spec, direction: 1) == "4")
    #expect(ParameterPath.classesPerBatch.stepped(in: spec, direction: -1) == nil)
    #expect(ParameterPath.margin.value(in: spec) == "0.5")
    #expect(!ParameterPath.batchSize.applies(to: spec))
    #expect(ParameterPath.miner.needsReset == false)
    #expect(ParameterPath.embeddingSize.needsReset)
  }

  /// With P = 2 and K = 2, the miner `all` takes every valid triplet: each of
  /// the 4 anchors has 1 positive and 2 negatives, so 4 · 1 · 2 = 8, the
  /// sampler's P·K·(K − 1)·(P − 1)·K.
  @Test func allMinerCountsEveryTriplet() throws {
    let session = try TrainingSession(spec: parse(Self.faces))
    session.advance()
    let counts = try #require(session.latest?.embedding?.counts)
    #expect(counts.validCount == 8)
    #expect(counts.minedCount == 8)
    #expect(counts.easyCount + counts.semiHardCount + counts.hardCount == 8)
  }

  @Test func facesHoldOutWholeIdentities() throws {
    let session = try TrainingSession(spec: parse(Self.faces))
    let train = Set(session.trainSet.targets)
    let validation = Set(session.validationSet.targets)
    #expect(train.count == 6)
    #expect(validation.count == 2)
    #expect(train.isDisjoint(with: validation))
    #expect(session.validationSet.count == 6)
  }

  @Test func evaluationReportsRetrieval() throws {
    let session = try TrainingSession(spec: parse(Self.faces))
    let metrics = try #require(session.latest?.embedding)
    #expect(metrics.counts == nil)
    #expect(metrics.points.count == 6)
    #expect(metrics.classNames.count == 2)
    #expect(metrics.queryCount == 6)
    let latest = try #require(session.latest)
    #expect(latest.value(of: .recallAt1) == metrics.recallAt1)
    #expect(latest.value(of: .meanAveragePrecision) == metrics.meanAveragePrecision)
    #expect((0...1).contains(metrics.recallAt1))
  }

  /// The validation loss is the mined loss of the model's embeddings of the
  /// fixed loss rows, here every validation row.
  @Test func validationLossIsMinedLossOfLossRows() throws {
    let session = try TrainingSession(spec: parse(Self.faces))
    let rows = TrainingSession.lossRows(labels: session.validationSet.targets)
    let batch = session.validationSet.batch(rows)
    let expected = try minedTripletLoss(
      embeddings: session.model(batch.features), labels: batch.targets.map { Int($0) },
      miner: .all, margin: 0.5)
    #expect(session.latest?.validationLoss == Double(expected.loss.scalar))
  }

  @Test func lossRowsTakeFirstRowsOfFirstClasses() {
    let labels: [Float] = (0..<12).flatMap { label in [Float](repeating: Float(label), count: 9) }
    let rows = TrainingSession.lossRows(labels: labels)
    #expect(rows.count == 10 * TrainingSession.lossRowsPerClass)
    #expect(rows.first == 0)
    #expect(rows.last == 9 * 9 + TrainingSession.lossRowsPerClass - 1)
  }

  @Test func liveMinerChangeKeepsTheRun() throws {
    let session = try TrainingSession(spec: parse(Self.faces))
    session.advance()
    var changed = session.spec
    changed.embedding.miner = .batchHard
    changed.embedding.samplesPerClass = 3
    session.applyLive(changed)
    session.advance()
    #expect(session.spec.embedding.miner == .batchHard)
    let counts = try #require(session.latest?.embedding?.counts)
    // Batch-hard mines one triplet per anchor: P·K = 2 · 3 anchors.
    #expect(counts.minedCount == 6)
  }
}

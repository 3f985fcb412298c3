import Foundation
import Testing

@testable import LabScenario

/// Classification sessions and metrics, checked against hand computations.
@Suite struct ClassificationSessionTests {
  @Test func confusionMatrixMetrics() {
    let metrics = ClassificationMetrics(
      classNames: ["a", "b", "c"], actual: [0, 0, 0, 1, 1, 2], predicted: [0, 0, 1, 1, 0, 2])
    #expect(metrics.confusion == [[2, 1, 0], [1, 1, 0], [0, 0, 1]])
    #expect(metrics.accuracy == 4.0 / 6.0)
    #expect(metrics.classAccuracies == [2.0 / 3.0, 0.5, 1])
    #expect(abs(metrics.balancedAccuracy - (2.0 / 3.0 + 0.5 + 1) / 3) < 1e-12)
  }

  @Test func evaluationsWithNaNMetricsAreEqual() {
    let evaluation = Evaluation(
      step: 3, trainLoss: 0.5, validationLoss: 0.25, rmse: .nan, baselineRMSE: .nan)
    #expect(evaluation == evaluation)
    var other = evaluation
    other.validationLoss = 0.3
    #expect(evaluation != other)
  }

  @Test func classWithoutRowsIsNaN() {
    let metrics = ClassificationMetrics(classNames: ["a", "b"], actual: [0], predicted: [1])
    #expect(metrics.classAccuracies[1].isNaN)
    #expect(metrics.balancedAccuracy == 0)
  }

  /// A linear classifier on a constant feature: standardised, the feature is
  /// 0, so the logits are the bias b and one full-batch SGD step moves it by
  /// −rate · mean(softmax(b) − onehot(y)).
  @Test func oneStepMatchesHandComputation() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("losslab-classification-\(getpid())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let labels = [0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 0, 1]
    let csv = "x,label\n" + labels.map { "1,\($0)" }.joined(separator: "\n") + "\n"
    try csv.write(to: folder.appendingPathComponent("tiny.csv"), atomically: true, encoding: .utf8)
    let scenario = """
      {"loss": "cross_entropy",
       "data": {"source": "csv", "path": "tiny.csv", "target": "label", "validation_fraction": 0.2},
       "model": {"hidden": []},
       "optimizer": {"name": "sgd", "learning_rate": 0.5},
       "training": {"batch_size": 100, "steps": 1, "eval_interval": 1}}
      """
    let path = folder.appendingPathComponent("t.json").path
    let spec = try ScenarioReader.parse(scenario, path: path)
    let session = try TrainingSession(spec: spec)
    let bias = session.model.parameters[1].data.map(Double.init)
    let train = session.trainSet.targets.map { Int($0) }
    #expect(train.count == 10)

    func loss(_ b: [Double]) -> Double {
      let logSum = log(b.map(exp).reduce(0, +))
      return train.reduce(0) { $0 + logSum - b[$1] } / Double(train.count)
    }
    #expect(abs(session.latest!.trainLoss - loss(bias)) < 1e-5)

    let total = bias.map(exp).reduce(0, +)
    let counts = (0..<3).map { k in Double(train.filter { $0 == k }.count) / Double(train.count) }
    let updated = (0..<3).map { k in bias[k] - 0.5 * (exp(bias[k]) / total - counts[k]) }
    session.advance()
    let after = session.model.parameters[1].data.map(Double.init)
    for k in 0..<3 { #expect(abs(after[k] - updated[k]) < 1e-5) }
    let validation = session.validationSet.targets.map { Int($0) }
    let predicted = updated.indices.max { updated[$0] < updated[$1] }!
    let expected = Double(validation.filter { $0 == predicted }.count) / Double(validation.count)
    #expect(session.latest!.value(of: .accuracy) == expected)
  }
}

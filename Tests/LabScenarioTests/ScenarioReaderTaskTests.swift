import Foundation
import Testing

@testable import LabScenario

/// Reading the loss, task, data source, optimizer and schedule fields.
@Suite struct ScenarioReaderTaskTests {
  func parse(_ text: String) throws(ScenarioError) -> ScenarioSpec {
    try ScenarioReader.parse(text, path: "scenarios/x.json")
  }

  static let errors: [(text: String, message: String)] = [
    ("{\"loss\": {\"name\": \"huber\", \"beta\": 2}}",
      "scenarios/x.json:1:36: loss.beta: beta applies only to the smooth_l1 loss; set "
        + "loss.name=smooth_l1 first"),
    ("{\"loss\": {\"name\": \"cross_entropy\", \"label_smoothing\": 1.5}, "
      + "\"data\": {\"source\": \"digits\"}}",
      "scenarios/x.json:1:55: loss.label_smoothing: 1.5 is out of range; enter a "
        + "number from 0 to 1"),
    ("{\"loss\": {\"delta\": 2}}",
      "scenarios/x.json:1:10: loss.name: missing required field 'name'"),
    ("{\"loss\": \"cross_entropy\", \"data\": {\"source\": \"house_prices\"}}",
      "scenarios/x.json:1:10: loss: the house_prices generator has no classes; use a "
        + "classification source such as spiral or digits"),
    ("{\"task\": \"clustering\"}",
      "scenarios/x.json:1:10: task: unknown task 'clustering'; expected one of: "
        + "regression, classification, embedding, image"),
    ("{\"data\": {\"source\": \"mnist\"}}",
      "scenarios/x.json:1:21: data.source: unknown data source 'mnist'; expected one "
        + "of: house_prices, spiral, stock_walk, faces, products, csv, diabetes, digits, "
        + "breast_cancer, news_topics, elnino, co2"),
    ("{\"data\": {\"source\": \"spiral\", \"classes\": 12}, \"loss\": \"cross_entropy\"}",
      "scenarios/x.json:1:42: data.classes: 12 is out of range; enter a whole number from 2 to 10"),
    ("{\"data\": {\"source\": \"digits\", \"lags\": 3}, \"loss\": \"cross_entropy\"}",
      "scenarios/x.json:1:39: data.lags: lags applies only to series data (elnino, "
        + "co2, stock_walk)"),
    ("{\"optimizer\": {\"name\": \"adam\", \"weight_decay\": 0.1}}",
      "scenarios/x.json:1:48: optimizer.weight_decay: weight decay applies only to the "
        + "adamw optimizer; choose it first"),
    ("{\"schedule\": {\"name\": \"step\", \"warmup_steps\": 10}}",
      "scenarios/x.json:1:47: schedule.warmup_steps: warm-up applies only to "
        + "warmup_cosine; set schedule.name=warmup_cosine first"),
    ("{\"schedule\": \"linear\"}",
      "scenarios/x.json:1:14: schedule: unknown schedule 'linear'; expected one of: "
        + "none, step, cosine, warmup_cosine"),
    ("{\"loss\": {\"name\": \"cross_entropy\", \"class_weights\": [1, "
      + "\"a\"]}, \"data\": {\"source\": \"digits\"}}",
      "scenarios/x.json:1:57: loss.class_weights: expected class weights as numbers, "
        + "got a string 'a'"),
    ("{\"data\": {\"source\": \"elnino\", \"features\": [\"year\"]}}",
      "scenarios/x.json:1:43: data.features: features applies only to data files that "
        + "are not series"),
    ("{\"loss\": {\"name\": \"bce_with_logits\", \"pos_weight\": 0}, "
      + "\"data\": {\"source\": \"breast_cancer\"}}",
      "scenarios/x.json:1:52: loss.pos_weight: 0 is out of range; enter a number from "
        + "0.001 to 1000"),
    ("{\"data\": {\"source\": \"house_prices\", \"outliers\": 0.7}}",
      "scenarios/x.json:1:49: data.outliers: 0.7 is out of range; enter a number from 0 to 0.5"),
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

  @Test func lossObjectReadsOptions() throws {
    let spec = try parse("""
      {"loss": {"name": "cross_entropy", "label_smoothing": 0.1, "class_weights": [1, 2.5]},
       "data": {"source": "breast_cancer"}}
      """)
    #expect(spec.loss == .crossEntropy)
    #expect(spec.task == .classification)
    #expect(spec.lossOptions.labelSmoothing == 0.1)
    #expect(spec.lossOptions.classWeights == .explicit([1, 2.5]))
    #expect(spec.data.source == .bundled(.breastCancer))
  }

  @Test func elementwiseLossMayClassify() throws {
    let spec = try parse(
      #"{"loss": "mse", "task": "classification", "data": {"source": "digits"}}"#)
    #expect(spec.loss == .mse)
    #expect(spec.task == .classification)
  }

  @Test func scheduleAndOptimizerRead() throws {
    let spec = try parse("""
      {"optimizer": {"name": "adamw", "weight_decay": 0.05},
       "schedule": {"name": "warmup_cosine", "warmup_steps": 50}}
      """)
    #expect(spec.optimizer.kind == .adamw)
    #expect(spec.optimizer.weightDecay == 0.05)
    #expect(spec.schedule.kind == .warmupCosine)
    #expect(spec.schedule.warmupSteps == 50)
  }

  @Test func seriesAndGeneratorFieldsRead() throws {
    let series = try parse(#"{"data": {"source": "stock_walk", "lags": 5, "samples": 300}}"#)
    #expect(series.data.source == .stockWalk)
    #expect(series.data.lags == 5)
    let spiral = try parse(
      #"{"loss": "cross_entropy", "data": {"source": "spiral", "classes": 4}}"#)
    #expect(spiral.data.classCount == 4)
  }

  @Test func setChangesNewParameters() throws {
    var spec = try parse(#"{"loss": "huber"}"#)
    try ParameterPath.delta.apply("0.5", to: &spec)
    try ParameterPath.loss.apply("cross_entropy", to: &spec)
    try ParameterPath.classWeights.apply("balanced", to: &spec)
    try ParameterPath.schedule.apply("cosine", to: &spec)
    #expect(spec.lossOptions.delta == 0.5)
    #expect(spec.task == .classification)
    #expect(ParameterPath.classWeights.value(in: spec) == "balanced")
    #expect(ParameterPath.schedule.value(in: spec) == "cosine")
  }
}

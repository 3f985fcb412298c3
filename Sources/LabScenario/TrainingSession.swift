import Foundation
import LabData
import LabModels
import LabNN
import LabTensor

/// A session that cannot start, such as one whose data file is malformed.
public struct SessionError: Error, Equatable, CustomStringConvertible {
  public var message: String
  public var description: String { message }
}

/// Trains one scenario one step at a time: forward, loss, backward, update,
/// and an evaluation on the validation rows every `evaluationInterval` steps.
///
/// Features and targets are standardised with the training rows' statistics,
/// so the loss is in units of the target's standard deviation squared; RMSE is
/// reported back in the target's own units.
public final class TrainingSession {
  public private(set) var spec: ScenarioSpec
  public private(set) var step = 0
  public private(set) var train = HistorySeries()
  public private(set) var validation = HistorySeries()
  public private(set) var latest: Evaluation?
  public private(set) var divergedAt: Int?
  public let dataSummary: String

  private let trainSet: PreparedData
  private let validationSet: PreparedData
  private let targetScale: Double
  private let model: Sequential
  private var optimizer: any Optimizer
  private var batchGenerator: RandomGenerator
  private var batchOrder: [Int] = []
  private var batchCursor = 0
  private var lossSinceEvaluation = (sum: 0.0, count: 0)

  /// Builds the data, model and optimizer from `spec` and evaluates step 0.
  ///
  /// The seed feeds four independent generators (data, split, weights,
  /// batches), so changing, say, the noise does not change the initial weights.
  public init(spec: ScenarioSpec) throws(SessionError) {
    self.spec = spec
    let dataset = try Self.loadData(spec)
    guard dataset.sampleCount >= 10 else {
      throw SessionError(message: "\(spec.id): the data has \(dataset.sampleCount) rows; "
        + "training and validation need at least 10")
    }
    let parts = dataset.split(validationFraction: spec.data.validationFraction, seed: spec.seed &+ 1)
    let featureScaler = Standardizer(fitting: parts.train.features, columns: dataset.featureCount)
    let targetScaler = Standardizer(fitting: parts.train.targets, columns: 1)
    trainSet = PreparedData(parts.train, features: featureScaler, target: targetScaler)
    validationSet = PreparedData(parts.validation, features: featureScaler, target: targetScaler)
    targetScale = Double(targetScaler.standardDeviation[0])
    dataSummary = "\(parts.train.sampleCount) train + \(parts.validation.sampleCount) val rows, "
      + "\(dataset.featureCount) features, target \(dataset.targetName)"

    var weights = RandomGenerator(seed: spec.seed &+ 2)
    model = MLP.make(
      inputCount: dataset.featureCount, hidden: spec.model.hidden, outputCount: 1,
      generator: &weights)
    optimizer = Self.makeOptimizer(spec.optimizer)
    batchGenerator = RandomGenerator(seed: spec.seed &+ 3)
    evaluate(trainLoss: loss(on: trainSet))
  }

  static func loadData(_ spec: ScenarioSpec) throws(SessionError) -> Dataset {
    switch spec.data.source {
    case .housePrices:
      return HousePrices.generate(count: spec.data.sampleCount, noise: spec.data.noise, seed: spec.seed)
    case .csv(let path, let target):
      let resolved = ScenarioReader.resolve(path, relativeTo: spec.path)
      var dataset: Dataset
      do {
        dataset = try CSVReader.read(path: resolved, target: target)
      } catch {
        throw SessionError(message: error.description)
      }
      addNoise(to: &dataset, level: spec.data.noise, seed: spec.seed)
      return dataset
    }
  }

  /// Adds Gaussian noise of `level` target standard deviations to the targets.
  static func addNoise(to dataset: inout Dataset, level: Double, seed: UInt64) {
    guard level > 0 else { return }
    let scale = Standardizer(fitting: dataset.targets, columns: 1).standardDeviation[0]
    var generator = RandomGenerator(seed: seed)
    for i in 0..<dataset.targets.count {
      dataset.targets[i] += Float(generator.normal(standardDeviation: level * Double(scale)))
    }
  }

  static func makeOptimizer(_ spec: OptimizerSpec) -> any Optimizer {
    let rate = Float(spec.learningRate)
    switch spec.kind {
    case .sgd: return SGD(learningRate: rate)
    case .momentum: return SGD(learningRate: rate, momentum: Float(spec.momentum))
    case .adam: return Adam(learningRate: rate)
    }
  }

  public var isFinished: Bool { step >= spec.training.stepCount || divergedAt != nil }

  /// Trains one step on the next batch, then evaluates when the interval or
  /// the last step is reached. Does nothing once the run is finished.
  public func advance() {
    guard !isFinished else { return }
    let batch = nextBatch()
    let prediction = model(batch.features)
    let loss = try! meanSquaredError(predicted: prediction, expected: batch.targets)
    model.zeroGradients()
    loss.backward()
    optimizer.step(model.parameters)
    step += 1

    let value = Double(loss.scalar)
    lossSinceEvaluation.sum += value
    lossSinceEvaluation.count += 1
    if !value.isFinite && divergedAt == nil { divergedAt = step }
    if step % spec.training.evaluationInterval == 0 || isFinished {
      evaluate(trainLoss: lossSinceEvaluation.sum / Double(lossSinceEvaluation.count))
    }
  }

  /// Applies changes that do not need a reset: learning rate, optimizer,
  /// momentum, batch size, steps and evaluation interval. Switching optimizer
  /// starts its state (momentum, moment estimates) afresh.
  public func applyLive(_ newSpec: ScenarioSpec) {
    if newSpec.optimizer.kind != spec.optimizer.kind
      || newSpec.optimizer.momentum != spec.optimizer.momentum
    {
      optimizer = Self.makeOptimizer(newSpec.optimizer)
    }
    optimizer.learningRate = Float(newSpec.optimizer.learningRate)
    spec.optimizer = newSpec.optimizer
    spec.training = newSpec.training
  }

  public func snapshot(stepsPerSecond: Double? = nil) -> RunSnapshot {
    RunSnapshot(
      spec: spec, step: step, train: train, validation: validation, latest: latest,
      divergedAt: divergedAt, stepsPerSecond: stepsPerSecond, dataSummary: dataSummary)
  }

  private func nextBatch() -> (features: Tensor, targets: Tensor) {
    let size = min(spec.training.batchSize, trainSet.count)
    var indices: [Int] = []
    indices.reserveCapacity(size)
    while indices.count < size {
      if batchCursor >= batchOrder.count {
        batchOrder = batchGenerator.permutation(trainSet.count)
        batchCursor = 0
      }
      indices.append(batchOrder[batchCursor])
      batchCursor += 1
    }
    return trainSet.batch(indices)
  }

  private func loss(on data: PreparedData) -> Double {
    let all = data.batch(Array(0..<data.count))
    let prediction = model(all.features)
    return Double(try! meanSquaredError(predicted: prediction, expected: all.targets).scalar)
  }

  private func evaluate(trainLoss: Double) {
    let validationLoss = loss(on: validationSet)
    let baseline = validationSet.meanSquareOfTargets()
    let evaluation = Evaluation(
      step: step, trainLoss: trainLoss, validationLoss: validationLoss,
      rmse: validationLoss.squareRoot() * targetScale,
      baselineRMSE: baseline.squareRoot() * targetScale)
    latest = evaluation
    train.append(step: step, value: trainLoss)
    validation.append(step: step, value: validationLoss)
    lossSinceEvaluation = (0, 0)
  }
}

/// Standardised rows ready to become batches.
struct PreparedData {
  let features: [Float]
  let targets: [Float]
  let featureCount: Int
  var count: Int { targets.count }

  init(_ dataset: Dataset, features: Standardizer, target: Standardizer) {
    self.features = features.apply(dataset.features)
    self.targets = target.apply(dataset.targets)
    self.featureCount = dataset.featureCount
  }

  func batch(_ indices: [Int]) -> (features: Tensor, targets: Tensor) {
    var rows = [Float]()
    rows.reserveCapacity(indices.count * featureCount)
    for index in indices {
      rows.append(contentsOf: features[(index * featureCount)..<((index + 1) * featureCount)])
    }
    let values = indices.map { targets[$0] }
    return (
      Tensor(shape: [indices.count, featureCount], data: rows),
      Tensor(shape: [indices.count, 1], data: values)
    )
  }

  /// The MSE of predicting 0, the training mean after standardisation.
  func meanSquareOfTargets() -> Double {
    targets.reduce(0) { $0 + Double($1) * Double($1) } / Double(max(1, count))
  }
}

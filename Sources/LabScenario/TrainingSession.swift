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
/// Features are standardised with the training rows' statistics. Regression
/// targets are too, so a regression loss is in units of the target's standard
/// deviation (squared for MSE); RMSE and MAE are reported in the target's own
/// units. Classification targets stay class codes.
public final class TrainingSession {
  public private(set) var spec: ScenarioSpec
  public private(set) var step = 0
  public private(set) var train = HistorySeries()
  public private(set) var validation = HistorySeries()
  /// The task's headline metric at each evaluation.
  public private(set) var metric = HistorySeries()
  public private(set) var latest: Evaluation?
  public private(set) var divergedAt: Int?
  public let dataSummary: String
  /// Names of the classes (classification only).
  public let classNames: [String]

  let trainSet: PreparedData
  let validationSet: PreparedData
  let featureScaler: Standardizer
  let targetScaler: Standardizer?
  let targetScale: Double
  /// The outputs of the model: 1 for regression and for BCE on two classes,
  /// else one per class.
  let outputCount: Int
  let classWeights: [Float]?
  /// Validation rows' previous series value in the target's units (series only).
  let previousValues: [Float]
  /// The raw two features of every row, for the decision boundary's extent.
  let planeRange: (x: ClosedRange<Double>, y: ClosedRange<Double>)?
  let validationPlane: [(x: Double, y: Double)]
  let model: Sequential
  /// The photos and loss of an image scenario; nil for tables.
  let imageTraining: ImageTraining?
  private var optimizer: any Optimizer
  private var batchGenerator: RandomGenerator
  private var batchOrder: [Int] = []
  private var batchCursor = 0
  private var lossSinceEvaluation = (sum: 0.0, count: 0)
  /// The P×K batches and triplet counts of an embedding run; nil otherwise.
  var embeddingState: EmbeddingState?

  /// Builds the data, model and optimizer from `spec` and evaluates step 0.
  ///
  /// The seed feeds separate generators (data, split, weights, batches,
  /// outliers), so changing, say, the noise does not change the initial weights.
  public init(spec: ScenarioSpec) throws(SessionError) {
    self.spec = spec
    if spec.task == .image {
      let images = try ImageTraining(scenario: spec)
      imageTraining = images
      model = images.network
      dataSummary = images.summary
      (trainSet, validationSet) = (.empty, .empty)
      (featureScaler, targetScaler, targetScale) = (Standardizer(fitting: [0], columns: 1), nil, 1)
      (outputCount, classWeights, classNames, previousValues) = (3, nil, [], [])
      (planeRange, validationPlane) = (nil, [])
      optimizer = Self.makeOptimizer(spec.optimizer)
      batchGenerator = RandomGenerator(seed: spec.seed &+ 3)
      evaluate(trainLoss: Double(imageTrainingLoss().scalar))
      return
    }
    imageTraining = nil
    let loaded = try Self.loadData(spec)
    let dataset = loaded.dataset
    guard dataset.sampleCount >= 10 else {
      throw SessionError(message: "\(spec.id): the data has \(dataset.sampleCount) rows; "
        + "training and validation need at least 10")
    }
    let parts = Self.split(dataset, spec: spec)
    let featureScaler = Standardizer(fitting: parts.train.features, columns: dataset.featureCount)
    let isRegression = spec.task == .regression
    let targetScaler = isRegression ? Standardizer(fitting: parts.train.targets, columns: 1) : nil
    self.featureScaler = featureScaler
    self.targetScaler = targetScaler
    var trainSet = PreparedData(parts.train, features: featureScaler, target: targetScaler)
    Self.injectOutliers(
      into: &trainSet.targets, fraction: isRegression ? spec.data.outlierFraction : 0,
      seed: spec.seed &+ 4)
    self.trainSet = trainSet
    validationSet = PreparedData(parts.validation, features: featureScaler, target: targetScaler)
    targetScale = Double(targetScaler?.standardDeviation[0] ?? 1)
    classNames = loaded.classNames
    let classCount = classNames.count
    let isBinaryLogit = spec.loss == .bceWithLogits && classCount == 2
    outputCount = spec.task == .embedding
      ? spec.embedding.embeddingSize : isRegression || isBinaryLogit ? 1 : classCount
    classWeights = isRegression ? nil : try Self.resolveClassWeights(
      spec.lossOptions.classWeights, targets: parts.train.targets, classCount: classCount,
      spec: spec)
    previousValues = spec.data.source.isSeries
      ? (0..<parts.validation.sampleCount).map {
        parts.validation.features[($0 + 1) * dataset.featureCount - 1]
      } : []
    (planeRange, validationPlane) = Self.plane(of: dataset, validation: parts.validation,
      isClassification: !isRegression)
    dataSummary = "\(parts.train.sampleCount) train + \(parts.validation.sampleCount) val rows, "
      + "\(dataset.featureCount) features, "
      + (isRegression ? "target \(dataset.targetName)" : "\(classCount) classes")

    var weights = RandomGenerator(seed: spec.seed &+ 2)
    model = MLP.make(
      inputCount: dataset.featureCount, hidden: spec.model.hidden, outputCount: outputCount,
      generator: &weights)
    optimizer = Self.makeOptimizer(spec.optimizer)
    batchGenerator = RandomGenerator(seed: spec.seed &+ 3)
    if spec.task == .embedding { embeddingState = makeEmbeddingState() }
    evaluate(trainLoss: lossValue(on: trainSet))
  }

  static func makeOptimizer(_ spec: OptimizerSpec) -> any Optimizer {
    let rate = Float(spec.learningRate)
    switch spec.kind {
    case .sgd: return SGD(learningRate: rate)
    case .momentum: return SGD(learningRate: rate, momentum: Float(spec.momentum))
    case .adam: return Adam(learningRate: rate)
    case .adamw: return AdamW(learningRate: rate, weightDecay: Float(spec.weightDecay))
    case .rmsprop: return RMSprop(learningRate: rate)
    }
  }

  public var isFinished: Bool { step >= spec.training.stepCount || divergedAt != nil }

  /// Trains one step on the next batch, then evaluates when the interval or
  /// the last step is reached. Does nothing once the run is finished.
  public func advance() {
    guard !isFinished else { return }
    let loss: Tensor
    if embeddingState != nil {
      loss = embeddingTrainingLoss()
    } else if imageTraining != nil {
      loss = imageTrainingLoss()
    } else {
      let batch = nextBatch()
      loss = lossTensor(prediction: model(batch.features), targets: batch.targets)
    }
    model.zeroGradients()
    loss.backward()
    if let schedule = learningRateSchedule() {
      schedule.apply(to: optimizer, atStep: step, baseRate: Float(spec.optimizer.learningRate))
    }
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

  /// Returns the schedule of `spec`, or nil for a constant rate. Cosine
  /// schedules end at the run's last step, and a warm-up is cut to leave at least one step.
  func learningRateSchedule() -> (any LearningRateSchedule)? {
    let total = spec.training.stepCount
    switch spec.schedule.kind {
    case .none: return nil
    case .step: return StepSchedule(stepSize: spec.schedule.stepSize, gamma: spec.schedule.gamma)
    case .cosine: return CosineAnnealingSchedule(maximumStep: max(1, total))
    case .warmupCosine:
      guard total >= 2 else { return nil }
      let warmup = min(spec.schedule.warmupSteps, total - 1)
      return SequentialSchedule.warmupCosine(warmupSteps: warmup, totalSteps: total)
    }
  }

  /// Applies changes that do not need a reset: learning rate, optimizer,
  /// momentum, weight decay, schedule, loss options other than class weights,
  /// batch size, steps and evaluation interval. Switching optimizer starts its
  /// state (momentum, moment estimates) afresh.
  public func applyLive(_ newSpec: ScenarioSpec) {
    if newSpec.optimizer.kind != spec.optimizer.kind
      || newSpec.optimizer.momentum != spec.optimizer.momentum
      || newSpec.optimizer.weightDecay != spec.optimizer.weightDecay
    {
      optimizer = Self.makeOptimizer(newSpec.optimizer)
    }
    optimizer.learningRate = Float(newSpec.optimizer.learningRate)
    spec.optimizer = newSpec.optimizer
    spec.schedule = newSpec.schedule
    spec.training = newSpec.training
    let weighting = spec.lossOptions.classWeights
    spec.lossOptions = newSpec.lossOptions
    spec.lossOptions.classWeights = weighting
    let embedding = spec.embedding
    spec.embedding = liveEmbedding(newSpec)
    restartSampler(ifChangedFrom: embedding)
    spec.image.pixelLoss = newSpec.image.pixelLoss
    spec.image.perceptualWeight = newSpec.image.perceptualWeight
  }

  public func snapshot(stepsPerSecond: Double? = nil) -> RunSnapshot {
    RunSnapshot(
      spec: spec, step: step, train: train, validation: validation, metric: metric,
      latest: latest,
      divergedAt: divergedAt, stepsPerSecond: stepsPerSecond, dataSummary: dataSummary)
  }

  private func nextBatch() -> (features: Tensor, targets: [Float]) {
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

  func lossValue(on data: PreparedData) -> Double {
    if spec.task == .embedding { return embeddingLossValue(on: data) }
    let all = data.batch(Array(0..<data.count))
    return Double(lossTensor(prediction: model(all.features), targets: all.targets).scalar)
  }

  private func evaluate(trainLoss: Double) {
    let evaluation: Evaluation
    switch spec.task {
    case .regression: evaluation = evaluateRegression(trainLoss: trainLoss)
    case .classification: evaluation = evaluateClassification(trainLoss: trainLoss)
    case .embedding: evaluation = evaluateEmbedding(trainLoss: trainLoss)
    case .image: evaluation = evaluateImages(trainLoss: trainLoss)
    }
    latest = evaluation
    train.append(step: step, value: trainLoss)
    validation.append(step: step, value: evaluation.validationLoss)
    metric.append(step: step, value: evaluation.value(of: spec.task.metric))
    lossSinceEvaluation = (0, 0)
  }
}

/// Standardised rows ready to become batches.
struct PreparedData {
  let features: [Float]
  /// Standardised targets (regression) or class codes (classification).
  var targets: [Float]
  let featureCount: Int
  var count: Int { targets.count }

  init(_ dataset: Dataset, features: Standardizer, target: Standardizer?) {
    self.features = features.apply(dataset.features)
    self.targets = target?.apply(dataset.targets) ?? dataset.targets
    self.featureCount = dataset.featureCount
  }

  func batch(_ indices: [Int]) -> (features: Tensor, targets: [Float]) {
    var rows = [Float]()
    rows.reserveCapacity(indices.count * featureCount)
    for index in indices {
      rows.append(contentsOf: features[(index * featureCount)..<((index + 1) * featureCount)])
    }
    return (Tensor(shape: [indices.count, featureCount], data: rows), indices.map { targets[$0] })
  }

  /// The MSE of predicting 0, the training mean after standardisation.
  func meanSquareOfTargets() -> Double {
    targets.reduce(0) { $0 + Double($1) * Double($1) } / Double(max(1, count))
  }
}

/// One recorded value of a series: the step it belongs to and the value.
public struct HistoryPoint: Sendable, Equatable {
  public var step: Int
  public var value: Double
}

/// A series of values over steps that stays within a fixed number of points
/// however long the run: when full, neighbouring points are merged in pairs.
///
/// Non-finite values are kept as gaps (a merged pair with one is a gap) and
/// counted apart, so a chart can scale to the finite values and still report
/// the bad ones.
public struct HistorySeries: Sendable, Equatable {
  public private(set) var points: [HistoryPoint] = []
  /// Non-finite values appended over the whole run, merged or not.
  public private(set) var nonFiniteCount = 0
  public let capacity: Int

  /// - Parameter capacity: points kept before pairs merge; at least 2. Default 2048.
  public init(capacity: Int = 2048) {
    precondition(capacity >= 2, "HistorySeries: capacity \(capacity) must be at least 2")
    self.capacity = capacity
  }

  public var last: HistoryPoint? { points.last }

  public mutating func append(step: Int, value: Double) {
    if !value.isFinite { nonFiniteCount += 1 }
    if points.count == capacity { mergePairs() }
    points.append(HistoryPoint(step: step, value: value))
  }

  /// Halves the points: each pair becomes one at the later step with the mean
  /// value, or a gap (NaN) when either value is not finite.
  private mutating func mergePairs() {
    var merged: [HistoryPoint] = []
    merged.reserveCapacity(capacity)
    var index = 0
    while index + 1 < points.count {
      let (first, second) = (points[index], points[index + 1])
      let isFinite = first.value.isFinite && second.value.isFinite
      let value = isFinite ? (first.value + second.value) / 2 : .nan
      merged.append(HistoryPoint(step: second.step, value: value))
      index += 2
    }
    if index < points.count { merged.append(points[index]) }
    points = merged
  }
}

/// The numbers of one evaluation on the validation rows.
public struct Evaluation: Sendable, Equatable {
  public var step: Int
  /// Mean of the training batch losses since the previous evaluation (at step
  /// 0, the loss over all training rows).
  public var trainLoss: Double
  public var validationLoss: Double
  /// Validation RMSE in the target's own units (regression; NaN otherwise).
  public var rmse: Double
  /// RMSE of always predicting the training mean, on the validation rows.
  public var baselineRMSE: Double
  /// Validation mean absolute error in the target's own units (regression).
  public var mae: Double = .nan
  /// RMSE of predicting each series value by the previous one (series only).
  public var persistenceRMSE: Double = .nan
  /// Validation predictions and targets in the target's units (regression).
  public var pairs: [PredictionPair] = []
  /// Confusion matrix and class names (classification).
  public var classification: ClassificationMetrics?
  /// The predicted class over the plane of two features (2-D classification).
  public var boundary: DecisionBoundary?
  /// Retrieval scores, the projected embeddings and the latest batch's
  /// triplet counts (embedding).
  public var embedding: EmbeddingMetrics?
  /// PSNR, SSIM and the first validation photo's images (image task).
  public var image: ImageEvaluation?

  public var rmseRatio: Double { rmse / baselineRMSE }

  /// Equal when every field is, with NaN equal to NaN: a metric that does not
  /// apply to the task is NaN in both of two identical evaluations.
  public static func == (left: Evaluation, right: Evaluation) -> Bool {
    func same(_ a: Double, _ b: Double) -> Bool { a == b || (a.isNaN && b.isNaN) }
    return left.step == right.step && same(left.trainLoss, right.trainLoss)
      && same(left.validationLoss, right.validationLoss) && same(left.rmse, right.rmse)
      && same(left.baselineRMSE, right.baselineRMSE) && same(left.mae, right.mae)
      && same(left.persistenceRMSE, right.persistenceRMSE) && left.pairs == right.pairs
      && left.classification == right.classification && left.boundary == right.boundary
      && left.embedding == right.embedding
      && left.image == right.image
  }

  public func value(of quantity: Quantity) -> Double {
    switch quantity {
    case .step: return Double(step)
    case .trainLoss: return trainLoss
    case .validationLoss: return validationLoss
    case .rmse: return rmse
    case .baselineRMSE: return baselineRMSE
    case .rmseRatio: return rmseRatio
    case .mae: return mae
    case .persistenceRatio: return rmse / persistenceRMSE
    case .accuracy: return classification?.accuracy ?? .nan
    case .balancedAccuracy: return classification?.balancedAccuracy ?? .nan
    case .minimumClassAccuracy:
      return classification?.classAccuracies.filter(\.isFinite).min() ?? .nan
    case .recallAt1: return embedding?.recallAt1 ?? .nan
    case .meanAveragePrecision: return embedding?.meanAveragePrecision ?? .nan
    case .psnr: return image?.psnr ?? .nan
    case .ssim: return image?.ssim ?? .nan
    case .inputPSNR: return image?.inputPSNR ?? .nan
    case .inputSSIM: return image?.inputSSIM ?? .nan
    case .psnrGain: return image.map { $0.psnr - $0.inputPSNR } ?? .nan
    case .contentLoss, .styleLoss, .styleRatio, .discriminatorLoss, .realProbability,
      .fakeProbability:
      return image?.value(of: quantity) ?? .nan
    }
  }
}

/// One validation row's prediction and target, in the target's units.
public struct PredictionPair: Sendable, Equatable {
  public var predicted: Double
  public var actual: Double
}

/// A classifier's confusion matrix on the validation rows and what follows from it.
public struct ClassificationMetrics: Sendable, Equatable {
  public var classNames: [String]
  /// `confusion[actual][predicted]`: rows of that actual class given that prediction.
  public var confusion: [[Int]]

  public init(classNames: [String], confusion: [[Int]]) {
    self.classNames = classNames
    self.confusion = confusion
  }

  /// Counts the pairs of actual and predicted class codes.
  ///
  /// - Precondition: every code is in `0..<classNames.count`.
  public init(classNames: [String], actual: [Int], predicted: [Int]) {
    let count = classNames.count
    var confusion = [[Int]](repeating: [Int](repeating: 0, count: count), count: count)
    for (truth, guess) in zip(actual, predicted) { confusion[truth][guess] += 1 }
    self.init(classNames: classNames, confusion: confusion)
  }

  public var total: Int { confusion.joined().reduce(0, +) }

  /// Share of rows whose prediction is their class; NaN without rows.
  public var accuracy: Double {
    let correct = confusion.indices.reduce(0) { $0 + confusion[$1][$1] }
    return total == 0 ? .nan : Double(correct) / Double(total)
  }

  /// Accuracy within each actual class (its recall); NaN for a class without rows.
  public var classAccuracies: [Double] {
    confusion.indices.map { row in
      let count = confusion[row].reduce(0, +)
      return count == 0 ? .nan : Double(confusion[row][row]) / Double(count)
    }
  }

  /// Mean of the per-class accuracies of the classes that have rows.
  public var balancedAccuracy: Double {
    let finite = classAccuracies.filter(\.isFinite)
    return finite.isEmpty ? .nan : finite.reduce(0, +) / Double(finite.count)
  }
}

/// The predicted class at each cell of a grid over two features, with the
/// validation points, so the lab can draw the decision boundary.
public struct DecisionBoundary: Sendable, Equatable {
  public var columnCount: Int
  public var rowCount: Int
  public var xRange: ClosedRange<Double>
  public var yRange: ClosedRange<Double>
  /// Row-major predicted classes; row 0 is the top (largest y).
  public var classes: [Int]
  /// Validation points in the features' own units, with their actual class.
  public var points: [(x: Double, y: Double, classIndex: Int)]

  public static func == (left: DecisionBoundary, right: DecisionBoundary) -> Bool {
    left.classes == right.classes && left.xRange == right.xRange && left.yRange == right.yRange
      && left.points.map(\.x) == right.points.map(\.x)
      && left.points.map(\.y) == right.points.map(\.y)
  }
}

/// A copy of a run's state at one moment, as the lab shows it; safe to hand between threads.
public struct RunSnapshot: Sendable, Equatable {
  public var spec: ScenarioSpec
  public var step: Int
  public var train: HistorySeries
  public var validation: HistorySeries
  /// The task's headline validation metric at each evaluation (`TaskKind.metric`).
  public var metric = HistorySeries()
  public var latest: Evaluation?
  /// The step whose loss stopped being finite, if training diverged.
  public var divergedAt: Int?
  /// Steps per second over the last second of training; nil when not measured
  /// (replays leave it nil so their screens are repeatable).
  public var stepsPerSecond: Double?
  /// A short account of the data: rows, features, target.
  public var dataSummary: String

  public var isFinished: Bool { step >= spec.training.stepCount || divergedAt != nil }
}

extension TaskKind {
  /// The validation metric that best sums up a run of this task: RMSE,
  /// accuracy, recall@1 or PSNR. Comparisons chart it when losses differ in
  /// scale, as the mean over all triplets does against the hardest ones.
  public var metric: Quantity {
    switch self {
    case .regression: return .rmse
    case .classification: return .accuracy
    case .embedding: return .recallAt1
    case .image: return .psnr
    }
  }
}

extension Quantity {
  /// The name of the quantity on a chart axis.
  public var chartName: String {
    switch self {
    case .rmse: return "RMSE"
    case .accuracy: return "accuracy"
    case .recallAt1: return "recall@1"
    case .psnr: return "PSNR dB"
    default: return rawValue.replacingOccurrences(of: "_", with: " ")
    }
  }
}

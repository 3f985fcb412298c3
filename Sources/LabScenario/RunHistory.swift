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
  /// Validation RMSE in the target's own units.
  public var rmse: Double
  /// RMSE of always predicting the training mean, on the validation rows.
  public var baselineRMSE: Double

  public var rmseRatio: Double { rmse / baselineRMSE }

  public func value(of quantity: Quantity) -> Double {
    switch quantity {
    case .step: return Double(step)
    case .trainLoss: return trainLoss
    case .validationLoss: return validationLoss
    case .rmse: return rmse
    case .baselineRMSE: return baselineRMSE
    case .rmseRatio: return rmseRatio
    }
  }
}

/// A copy of a run's state at one moment, as the lab shows it; safe to hand between threads.
public struct RunSnapshot: Sendable, Equatable {
  public var spec: ScenarioSpec
  public var step: Int
  public var train: HistorySeries
  public var validation: HistorySeries
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

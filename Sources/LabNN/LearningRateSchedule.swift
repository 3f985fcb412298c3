import Foundation

/// A learning rate as a pure function of the step index, as PyTorch's
/// `torch.optim.lr_scheduler` classes give it in closed form.
///
/// Step 0 is the first optimisation step, the epoch index that a PyTorch
/// scheduler reports before its first `scheduler.step()`. Rates are computed in
/// Double, as PyTorch computes them in Python floats, and rounded to Float once.
public protocol LearningRateSchedule: Sendable {
  /// Returns the learning rate for `step`, given the optimizer's initial rate.
  ///
  /// - Precondition: `step` ≥ 0.
  func learningRate(atStep step: Int, baseRate: Float) -> Float
}

extension LearningRateSchedule {
  /// Sets the optimizer's learning rate for `step`; call it before each
  /// `optimizer.step`.
  public func apply(to optimizer: any Optimizer, atStep step: Int, baseRate: Float) {
    optimizer.learningRate = learningRate(atStep: step, baseRate: baseRate)
  }
}

/// Multiplies the rate by `gamma` every `stepSize` steps, as `StepLR`:
///
///     η(t) = base · gamma^⌊t / stepSize⌋
public struct StepSchedule: LearningRateSchedule {
  public var stepSize: Int
  public var gamma: Double

  /// - Parameters:
  ///   - stepSize: Steps between two decays; must be positive.
  ///   - gamma: The factor of each decay; 0.1 by default, as PyTorch.
  public init(stepSize: Int, gamma: Double = 0.1) {
    precondition(stepSize > 0, "StepSchedule: step size must be positive, got \(stepSize)")
    self.stepSize = stepSize
    self.gamma = gamma
  }

  public func learningRate(atStep step: Int, baseRate: Float) -> Float {
    checkStep(step, "StepSchedule")
    return Float(widened(baseRate) * pow(gamma, Double(step / stepSize)))
  }
}

/// Cosine annealing from the base rate down to `minimumRate` over
/// `maximumStep` steps, in the closed form of `CosineAnnealingLR`:
///
///     η(t) = η_min + (base − η_min) · (1 + cos(π·t / T_max)) / 2
///
/// Past T_max the cosine continues, so the rate climbs back to the base rate
/// at 2·T_max, as PyTorch's scheduler does when stepped further. From "SGDR:
/// Stochastic Gradient Descent with Warm Restarts" (Loshchilov and Hutter,
/// 2017).
public struct CosineAnnealingSchedule: LearningRateSchedule {
  /// T_max, the step at which the rate reaches `minimumRate`.
  public var maximumStep: Int
  /// η_min, the lowest rate; 0 by default.
  public var minimumRate: Double

  /// - Precondition: `maximumStep` is positive.
  public init(maximumStep: Int, minimumRate: Double = 0) {
    precondition(maximumStep > 0,
      "CosineAnnealingSchedule: T_max must be positive, got \(maximumStep)")
    self.maximumStep = maximumStep
    self.minimumRate = minimumRate
  }

  public func learningRate(atStep step: Int, baseRate: Float) -> Float {
    checkStep(step, "CosineAnnealingSchedule")
    let base = widened(baseRate)
    let cosine = cos(Double.pi * Double(step) / Double(maximumStep))
    return Float(minimumRate + (base - minimumRate) * (1 + cosine) / 2)
  }
}

/// Scales the rate by a factor that moves linearly from `startFactor` to
/// `endFactor` over `totalSteps` steps and then stays, as `LinearLR`:
///
///     η(t) = base · (start + (end − start) · min(t, totalSteps) / totalSteps)
///
/// With a start factor below 1 this is a linear warm-up.
public struct LinearSchedule: LearningRateSchedule {
  public var startFactor: Double
  public var endFactor: Double
  public var totalSteps: Int

  /// - Parameters: defaults as PyTorch: start factor 1/3, end factor 1, 5 steps.
  /// - Precondition: 0 < startFactor ≤ 1, 0 ≤ endFactor ≤ 1 (PyTorch's
  ///   limits), and `totalSteps` is positive.
  public init(startFactor: Double = 1.0 / 3, endFactor: Double = 1, totalSteps: Int = 5) {
    precondition(startFactor > 0 && startFactor <= 1,
      "LinearSchedule: start factor must be in (0, 1], got \(startFactor)")
    precondition(endFactor >= 0 && endFactor <= 1,
      "LinearSchedule: end factor must be in [0, 1], got \(endFactor)")
    precondition(totalSteps > 0, "LinearSchedule: total steps must be positive, got \(totalSteps)")
    self.startFactor = startFactor
    self.endFactor = endFactor
    self.totalSteps = totalSteps
  }

  public func learningRate(atStep step: Int, baseRate: Float) -> Float {
    checkStep(step, "LinearSchedule")
    let progress = (endFactor - startFactor) * Double(min(totalSteps, step)) / Double(totalSteps)
    return Float(widened(baseRate) * (startFactor + progress))
  }
}

/// Schedules that take over from one another at the milestones, as
/// `SequentialLR`: before `milestones[0]` the first schedule runs, from
/// `milestones[i − 1]` on schedule i runs, and each starts again at its own
/// step 0 from the same base rate.
public struct SequentialSchedule: LearningRateSchedule {
  public let schedules: [any LearningRateSchedule]
  public let milestones: [Int]

  /// - Precondition: one milestone fewer than schedules, positive and
  ///   strictly increasing.
  public init(_ schedules: [any LearningRateSchedule], milestones: [Int]) {
    precondition(!schedules.isEmpty, "SequentialSchedule: no schedules")
    precondition(milestones.count == schedules.count - 1,
      "SequentialSchedule: \(schedules.count) schedules need \(schedules.count - 1) "
        + "milestones, got \(milestones.count)")
    precondition(milestones.first.map { $0 > 0 } ?? true,
      "SequentialSchedule: milestones must be positive, got \(milestones)")
    precondition(zip(milestones, milestones.dropFirst()).allSatisfy { $0 < $1 },
      "SequentialSchedule: milestones must increase, got \(milestones)")
    self.schedules = schedules
    self.milestones = milestones
  }

  /// Creates a linear warm-up from `startFactor` times the base rate over
  /// `warmupSteps`, then cosine annealing to `minimumRate` at `totalSteps`.
  ///
  /// - Precondition: 0 < `warmupSteps` < `totalSteps`.
  public static func warmupCosine(
    warmupSteps: Int, totalSteps: Int, startFactor: Double = 1.0 / 3, minimumRate: Double = 0
  ) -> SequentialSchedule {
    precondition(warmupSteps > 0 && warmupSteps < totalSteps,
      "warmupCosine: needs 0 < warm-up steps < total steps, got \(warmupSteps) and \(totalSteps)")
    let warmup = LinearSchedule(startFactor: startFactor, endFactor: 1, totalSteps: warmupSteps)
    let cosine = CosineAnnealingSchedule(
      maximumStep: totalSteps - warmupSteps, minimumRate: minimumRate)
    return SequentialSchedule([warmup, cosine], milestones: [warmupSteps])
  }

  public func learningRate(atStep step: Int, baseRate: Float) -> Float {
    checkStep(step, "SequentialSchedule")
    let index = milestones.firstIndex { $0 > step } ?? milestones.count
    let start = index == 0 ? 0 : milestones[index - 1]
    return schedules[index].learningRate(atStep: step - start, baseRate: baseRate)
  }
}

private func checkStep(_ step: Int, _ name: String) {
  precondition(step >= 0, "\(name): step must be ≥ 0, got \(step)")
}

import LabTensor

/// RMSprop, with the update rule of `torch.optim.RMSprop`:
///
///     g = ∇ + weightDecay·θ
///     s = α·s + (1 − α)·g²
///     a = centered ? √(s − ḡ²) + ε : √s + ε,   with ḡ = α·ḡ + (1 − α)·g
///     b = momentum·b + g/a,   θ = θ − learningRate·b   (momentum > 0)
///     θ = θ − learningRate·g/a                          (momentum 0)
///
/// s, ḡ and b start at zero. From Hinton's lecture 6e of "Neural Networks for
/// Machine Learning" (2012); the centered form from "Generating Sequences With
/// Recurrent Neural Networks" (Graves, 2013).
public final class RMSprop: Optimizer {
  public var learningRate: Float
  /// The smoothing constant α of the squared-gradient average.
  public var alpha: Float
  public var epsilon: Float
  public var weightDecay: Float
  public var momentum: Float
  /// Whether the denominator uses the variance estimate s − ḡ² instead of s.
  public let isCentered: Bool
  private var states = ParameterStates<RMSpropState>()

  /// - Parameters: defaults as PyTorch: learning rate 0.01, α 0.99, ε 1e-8,
  ///   weight decay 0, momentum 0, not centered.
  /// - Precondition: every value is non-negative.
  public init(
    learningRate: Float = 0.01, alpha: Float = 0.99, epsilon: Float = 1e-8,
    weightDecay: Float = 0, momentum: Float = 0, isCentered: Bool = false
  ) {
    precondition(learningRate >= 0, "RMSprop: learning rate must be ≥ 0, got \(learningRate)")
    precondition(alpha >= 0, "RMSprop: α must be ≥ 0, got \(alpha)")
    precondition(epsilon >= 0, "RMSprop: ε must be ≥ 0, got \(epsilon)")
    precondition(weightDecay >= 0, "RMSprop: weight decay must be ≥ 0, got \(weightDecay)")
    precondition(momentum >= 0, "RMSprop: momentum must be ≥ 0, got \(momentum)")
    self.learningRate = learningRate
    self.alpha = alpha
    self.epsilon = epsilon
    self.weightDecay = weightDecay
    self.momentum = momentum
    self.isCentered = isCentered
  }

  public func step(_ parameters: [Tensor]) {
    let rate = learningRate
    let alpha = alpha
    let newWeight = Float(1 - widened(alpha))
    let epsilon = epsilon
    let decay = weightDecay
    let momentum = momentum

    for parameter in parameters where parameter.requiresGradient {
      guard let gradient = parameter.gradient else { continue }
      let state = states.state(for: parameter) {
        RMSpropState(count: parameter.count, isCentered: isCentered)
      }
      let s = state.squareAverage.pointer
      let gAverage = state.gradientAverage?.pointer
      let b = momentum > 0 ? state.momentumBuffer(count: parameter.count).pointer : nil

      updateElementwise(parameter, gradient) { values, gradient, range in
        for i in range {
          var g = gradient[i]
          if decay != 0 { g += decay * values[i] }
          s[i] = alpha * s[i] + newWeight * g * g
          var average: Float
          if let gAverage {
            gAverage[i] = lerp(gAverage[i], g, weight: newWeight)
            average = (s[i] - gAverage[i] * gAverage[i]).squareRoot()
          } else {
            average = s[i].squareRoot()
          }
          average += epsilon
          if let b {
            b[i] = momentum * b[i] + g / average
            values[i] -= rate * b[i]
          } else {
            values[i] -= rate * g / average
          }
        }
      }
    }
  }
}

/// The running averages RMSprop keeps for one parameter.
final class RMSpropState {
  let squareAverage: FloatBuffer
  /// The running average ḡ of the gradient, kept only when centered.
  let gradientAverage: FloatBuffer?
  private var momentum: FloatBuffer?

  init(count: Int, isCentered: Bool) {
    squareAverage = FloatBuffer(zeros: count)
    gradientAverage = isCentered ? FloatBuffer(zeros: count) : nil
  }

  /// Returns the momentum buffer, created at zero on the first step that uses
  /// momentum.
  func momentumBuffer(count: Int) -> FloatBuffer {
    if let momentum { return momentum }
    let buffer = FloatBuffer(zeros: count)
    momentum = buffer
    return buffer
  }
}

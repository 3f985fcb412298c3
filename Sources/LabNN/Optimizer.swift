import Foundation
import LabTensor

/// Updates parameters from their gradients, one step at a time.
public protocol Optimizer: AnyObject {
  /// The step size γ. A learning-rate schedule may set it before every step.
  var learningRate: Float { get set }
  /// Applies one update to `parameters`.
  ///
  /// State such as momentum is kept per parameter tensor, by identity, so the
  /// list may change between calls. A parameter whose `gradient` is nil is
  /// skipped, as PyTorch skips `grad is None`. So is a frozen parameter
  /// (`requiresGradient` false), which gets no state at all, even when it
  /// still has a gradient from before it was frozen (PyTorch would apply it).
  func step(_ parameters: [Tensor])
}

extension Sequence where Element == Tensor {
  /// Clears the gradient of every tensor, as `zero_grad(set_to_none=True)`
  /// does, so that the next backward pass starts from nothing.
  public func zeroGradients() {
    for tensor in self { tensor.zeroGradient() }
  }
}

/// Stochastic gradient descent with optional momentum, Nesterov momentum and
/// weight decay, with the update rule of `torch.optim.SGD`:
///
///     g = ∇ + weightDecay·θ
///     b = momentum·b + (1 − dampening)·g   (b = g on the first step)
///     θ = θ − learningRate · (nesterov ? g + momentum·b : b)
///
/// Without momentum the buffer is skipped and θ = θ − learningRate·g.
/// Nesterov momentum is from "On the importance of initialization and
/// momentum in deep learning" (Sutskever et al., 2013).
public final class SGD: Optimizer {
  public var learningRate: Float
  public var momentum: Float
  public var dampening: Float
  public var weightDecay: Float
  public var isNesterov: Bool
  private var buffers = ParameterStates<FloatBuffer>()

  /// - Parameters: defaults as PyTorch: momentum 0, dampening 0, weight decay 0.
  /// - Precondition: learning rate, momentum and weight decay are
  ///   non-negative, and Nesterov momentum has momentum > 0 and dampening 0.
  public init(
    learningRate: Float, momentum: Float = 0, dampening: Float = 0, weightDecay: Float = 0,
    isNesterov: Bool = false
  ) {
    precondition(learningRate >= 0, "SGD: learning rate must be ≥ 0, got \(learningRate)")
    precondition(momentum >= 0, "SGD: momentum must be ≥ 0, got \(momentum)")
    precondition(weightDecay >= 0, "SGD: weight decay must be ≥ 0, got \(weightDecay)")
    precondition(!isNesterov || (momentum > 0 && dampening == 0),
      "SGD: Nesterov momentum needs momentum > 0 and dampening 0")
    self.learningRate = learningRate
    self.momentum = momentum
    self.dampening = dampening
    self.weightDecay = weightDecay
    self.isNesterov = isNesterov
  }

  public func step(_ parameters: [Tensor]) {
    let rate = learningRate
    let decay = weightDecay
    let momentum = momentum
    let gradientWeight = Float(1 - widened(dampening))
    let isNesterov = isNesterov

    for parameter in parameters where parameter.requiresGradient {
      guard let gradient = parameter.gradient else { continue }
      let isFirstStep = !buffers.contains(parameter)
      let buffer = momentum == 0
        ? nil : buffers.state(for: parameter) { FloatBuffer(zeros: parameter.count) }

      updateElementwise(parameter, gradient) { values, gradient, range in
        for i in range {
          var g = gradient[i]
          if decay != 0 { g += decay * values[i] }
          if let b = buffer?.pointer {
            b[i] = isFirstStep ? g : momentum * b[i] + gradientWeight * g
            g = isNesterov ? g + momentum * b[i] : b[i]
          }
          values[i] -= rate * g
        }
      }
    }
  }
}

/// Adam, with the update rule of `torch.optim.Adam`:
///
///     g = ∇ + weightDecay·θ
///     m = β₁·m + (1 − β₁)·g,  v = β₂·v + (1 − β₂)·g²
///     v̂ = amsgrad ? max(v̂, v) : v
///     θ = θ − learningRate/(1 − β₁ᵗ) · m / (√v̂ / √(1 − β₂ᵗ) + ε)
///
/// where t counts the steps that updated this parameter. As in PyTorch, the
/// bias corrections and the step size are computed in Double from the
/// hyperparameters, and only the per-element arithmetic is in Float.
///
/// From "Adam: A Method for Stochastic Optimization" (Kingma and Ba, 2015);
/// the AMSGrad variant from "On the Convergence of Adam and Beyond" (Reddi et
/// al., 2018).
public class Adam: Optimizer {
  public var learningRate: Float
  public var beta1: Float
  public var beta2: Float
  public var epsilon: Float
  public var weightDecay: Float
  /// Whether the denominator uses the maximum of all second moments so far.
  public let isAMSGrad: Bool
  /// Whether weight decay shrinks θ directly (AdamW) instead of adding to g.
  let isWeightDecayDecoupled: Bool
  private var states = ParameterStates<AdamState>()

  /// - Parameters: defaults as PyTorch: learning rate 0.001, β₁ 0.9, β₂ 0.999,
  ///   ε 1e-8, weight decay 0, AMSGrad off.
  /// - Precondition: learning rate, ε and weight decay are non-negative, and
  ///   both betas are in [0, 1).
  public convenience init(
    learningRate: Float = 0.001, beta1: Float = 0.9, beta2: Float = 0.999,
    epsilon: Float = 1e-8, weightDecay: Float = 0, isAMSGrad: Bool = false
  ) {
    self.init(
      learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon,
      weightDecay: weightDecay, isAMSGrad: isAMSGrad, isWeightDecayDecoupled: false)
  }

  init(
    learningRate: Float, beta1: Float, beta2: Float, epsilon: Float, weightDecay: Float,
    isAMSGrad: Bool, isWeightDecayDecoupled: Bool
  ) {
    let name = isWeightDecayDecoupled ? "AdamW" : "Adam"
    precondition(learningRate >= 0, "\(name): learning rate must be ≥ 0, got \(learningRate)")
    precondition(epsilon >= 0, "\(name): ε must be ≥ 0, got \(epsilon)")
    precondition((0..<1).contains(beta1), "\(name): β₁ must be in [0, 1), got \(beta1)")
    precondition((0..<1).contains(beta2), "\(name): β₂ must be in [0, 1), got \(beta2)")
    precondition(weightDecay >= 0, "\(name): weight decay must be ≥ 0, got \(weightDecay)")
    self.learningRate = learningRate
    self.beta1 = beta1
    self.beta2 = beta2
    self.epsilon = epsilon
    self.weightDecay = weightDecay
    self.isAMSGrad = isAMSGrad
    self.isWeightDecayDecoupled = isWeightDecayDecoupled
  }

  public func step(_ parameters: [Tensor]) {
    let rate = widened(learningRate)
    let beta1 = widened(self.beta1)
    let beta2 = widened(self.beta2)
    let decay = widened(weightDecay)
    let coupledDecay = isWeightDecayDecoupled ? 0 : Float(decay)
    let shrink = Float(1 - rate * decay)
    let isDecoupled = isWeightDecayDecoupled && decay != 0
    let firstWeight = Float(1 - beta1)
    let secondWeight = Float(1 - beta2)
    let beta2Float = self.beta2
    let epsilon = epsilon
    let isAMSGrad = isAMSGrad

    for parameter in parameters where parameter.requiresGradient {
      guard let gradient = parameter.gradient else { continue }
      let state = states.state(for: parameter) {
        AdamState(count: parameter.count, isAMSGrad: isAMSGrad)
      }
      state.stepCount += 1
      let t = Double(state.stepCount)
      let stepSize = Float(-rate / (1 - pow(beta1, t)))
      let correction2Root = Float((1 - pow(beta2, t)).squareRoot())
      let m = state.firstMoment.pointer
      let v = state.secondMoment.pointer
      let vMax = state.maximumSecondMoment?.pointer

      updateElementwise(parameter, gradient) { values, gradient, range in
        if !isDecoupled && coupledDecay == 0 && vMax == nil {
          // The default options, sixteen elements at a time, then the rest.
          // Both loops use the same operations in the same order.
          var i = range.lowerBound
          while i + 16 <= range.upperBound {
            let g = load16(gradient + i)
            let first = lerp16(load16(m + i), g, weight: firstWeight)
            let second = beta2Float * load16(v + i) + secondWeight * g * g
            let denominator = second.squareRoot() / correction2Root + epsilon
            store16(first, m + i)
            store16(second, v + i)
            store16(load16(values + i) + stepSize * first / denominator, values + i)
            i += 16
          }
          for i in i..<range.upperBound {
            let g = gradient[i]
            m[i] = lerp(m[i], g, weight: firstWeight)
            v[i] = beta2Float * v[i] + secondWeight * g * g
            let denominator = v[i].squareRoot() / correction2Root + epsilon
            values[i] += stepSize * m[i] / denominator
          }
          return
        }
        for i in range {
          if isDecoupled { values[i] *= shrink }
          var g = gradient[i]
          if coupledDecay != 0 { g += coupledDecay * values[i] }
          m[i] = lerp(m[i], g, weight: firstWeight)
          v[i] = beta2Float * v[i] + secondWeight * g * g
          var second = v[i]
          if let vMax {
            vMax[i] = max(vMax[i], second)
            second = vMax[i]
          }
          let denominator = second.squareRoot() / correction2Root + epsilon
          values[i] += stepSize * m[i] / denominator
        }
      }
    }
  }
}

/// The moments Adam keeps for one parameter.
final class AdamState {
  var stepCount = 0
  let firstMoment: FloatBuffer
  let secondMoment: FloatBuffer
  /// The element-wise maximum of `secondMoment` so far, kept only for AMSGrad.
  let maximumSecondMoment: FloatBuffer?

  init(count: Int, isAMSGrad: Bool) {
    firstMoment = FloatBuffer(zeros: count)
    secondMoment = FloatBuffer(zeros: count)
    maximumSecondMoment = isAMSGrad ? FloatBuffer(zeros: count) : nil
  }
}

import Foundation
import LabTensor

/// Updates parameters from their gradients, one step at a time.
public protocol Optimizer: AnyObject {
  var learningRate: Float { get set }
  /// Applies one update to `parameters`, which must be the same tensors in the
  /// same order on every call. Parameters without a gradient are skipped.
  func step(_ parameters: [Tensor])
}

/// Stochastic gradient descent with optional momentum, Nesterov momentum and
/// weight decay, with the update rule of `torch.optim.SGD`:
///
///     g = ∇ + weightDecay·θ
///     b = momentum·b + (1 − dampening)·g   (b = g on the first step)
///     θ = θ − learningRate · (nesterov ? g + momentum·b : b)
///
/// Nesterov momentum is from "On the importance of initialization and
/// momentum in deep learning" (Sutskever et al., 2013).
public final class SGD: Optimizer {
  public var learningRate: Float
  public var momentum: Float
  public var dampening: Float
  public var weightDecay: Float
  public var isNesterov: Bool
  private var buffers: [[Float]?] = []

  /// - Parameters: defaults as PyTorch: momentum 0, dampening 0, weight decay 0.
  public init(
    learningRate: Float, momentum: Float = 0, dampening: Float = 0, weightDecay: Float = 0,
    isNesterov: Bool = false
  ) {
    precondition(!isNesterov || (momentum > 0 && dampening == 0),
      "SGD: Nesterov momentum needs momentum > 0 and dampening 0")
    self.learningRate = learningRate
    self.momentum = momentum
    self.dampening = dampening
    self.weightDecay = weightDecay
    self.isNesterov = isNesterov
  }

  public func step(_ parameters: [Tensor]) {
    if buffers.count != parameters.count { buffers = Array(repeating: nil, count: parameters.count) }
    for (index, parameter) in parameters.enumerated() {
      guard var direction = parameter.gradient else { continue }
      if weightDecay != 0 {
        for i in 0..<direction.count { direction[i] += weightDecay * parameter.data[i] }
      }
      if momentum != 0 {
        var buffer = buffers[index] ?? direction
        if buffers[index] != nil {
          for i in 0..<buffer.count {
            buffer[i] = momentum * buffer[i] + (1 - dampening) * direction[i]
          }
        }
        buffers[index] = buffer
        if isNesterov {
          for i in 0..<direction.count { direction[i] += momentum * buffer[i] }
        } else {
          direction = buffer
        }
      }
      for i in 0..<direction.count { parameter.data[i] -= learningRate * direction[i] }
    }
  }
}

/// Adam, with the update rule of `torch.optim.Adam`:
///
///     g = ∇ + weightDecay·θ
///     m = β₁·m + (1 − β₁)·g,  v = β₂·v + (1 − β₂)·g²
///     θ = θ − learningRate · (m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε)
///
/// From "Adam: A Method for Stochastic Optimization" (Kingma and Ba, 2015).
public final class Adam: Optimizer {
  public var learningRate: Float
  public var beta1: Float
  public var beta2: Float
  public var epsilon: Float
  public var weightDecay: Float
  private var firstMoments: [[Float]] = []
  private var secondMoments: [[Float]] = []
  private var stepCounts: [Int] = []

  /// - Parameters: defaults as PyTorch: learning rate 0.001, β₁ 0.9, β₂ 0.999,
  ///   ε 1e-8, weight decay 0.
  public init(
    learningRate: Float = 0.001, beta1: Float = 0.9, beta2: Float = 0.999,
    epsilon: Float = 1e-8, weightDecay: Float = 0
  ) {
    self.learningRate = learningRate
    self.beta1 = beta1
    self.beta2 = beta2
    self.epsilon = epsilon
    self.weightDecay = weightDecay
  }

  public func step(_ parameters: [Tensor]) {
    if firstMoments.count != parameters.count {
      firstMoments = parameters.map { [Float](repeating: 0, count: $0.count) }
      secondMoments = firstMoments
      stepCounts = Array(repeating: 0, count: parameters.count)
    }
    for (index, parameter) in parameters.enumerated() {
      guard let gradient = parameter.gradient else { continue }
      stepCounts[index] += 1
      let t = Float(stepCounts[index])
      let correction1 = 1 - pow(beta1, t)
      let correction2Root = (1 - pow(beta2, t)).squareRoot()
      let stepSize = learningRate / correction1
      for i in 0..<gradient.count {
        let g = gradient[i] + weightDecay * parameter.data[i]
        firstMoments[index][i] = beta1 * firstMoments[index][i] + (1 - beta1) * g
        secondMoments[index][i] = beta2 * secondMoments[index][i] + (1 - beta2) * g * g
        let denominator = secondMoments[index][i].squareRoot() / correction2Root + epsilon
        parameter.data[i] -= stepSize * firstMoments[index][i] / denominator
      }
    }
  }
}

import LabTensor

/// Adam with decoupled weight decay, with the update rule of `torch.optim.AdamW`:
///
///     θ = θ · (1 − learningRate·weightDecay)
///
/// before the Adam update, whose gradient g then leaves out the decay, so the
/// decay does not pass through the moment estimates. From "Decoupled Weight
/// Decay Regularization" (Loshchilov and Hutter, 2019).
public final class AdamW: Adam {
  /// - Parameters: defaults as PyTorch: learning rate 0.001, β₁ 0.9, β₂ 0.999,
  ///   ε 1e-8, weight decay 0.01, AMSGrad off.
  /// - Precondition: learning rate, ε and weight decay are non-negative, and
  ///   both betas are in [0, 1).
  public init(
    learningRate: Float = 0.001, beta1: Float = 0.9, beta2: Float = 0.999,
    epsilon: Float = 1e-8, weightDecay: Float = 0.01, isAMSGrad: Bool = false
  ) {
    super.init(
      learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon,
      weightDecay: weightDecay, isAMSGrad: isAMSGrad, isWeightDecayDecoupled: true)
  }
}

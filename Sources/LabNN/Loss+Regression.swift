import LabTensor

/// Mean absolute error, `torch.nn.functional.l1_loss`:
///
///     ℓᵢ = |predictedᵢ − expectedᵢ|
///
/// The gradient at a zero difference is 0, as PyTorch's `sign(0)`.
///
/// - Parameter reduction: `.mean` by default.
/// - Throws: `LossError` when the shapes differ; they are never broadcast.
public func l1Loss(
  predicted: Tensor, expected: Tensor, reduction: Reduction = .mean
) throws(LossError) -> Tensor {
  try requireSameShape(predicted, expected, loss: "l1")
  return elementwiseLoss(predicted: predicted, expected: expected, reduction: reduction) {
    difference in (abs(difference), sign(difference))
  }
}

/// Huber loss, `torch.nn.functional.huber_loss`:
///
///     ℓᵢ = ½ dᵢ²                 if |dᵢ| < delta
///     ℓᵢ = delta · (|dᵢ| − ½ delta)  otherwise,   dᵢ = predictedᵢ − expectedᵢ
///
/// - Parameters:
///   - delta: Where the quadratic part turns linear; 1 by default, must be > 0.
///   - reduction: `.mean` by default.
/// - Throws: `LossError` when the shapes differ or delta is not positive.
public func huberLoss(
  predicted: Tensor, expected: Tensor, delta: Float = 1, reduction: Reduction = .mean
) throws(LossError) -> Tensor {
  try requireSameShape(predicted, expected, loss: "huber")
  guard delta > 0, delta.isFinite else {
    throw LossError(message: "delta: huber needs a positive finite delta, got \(delta)")
  }
  return elementwiseLoss(predicted: predicted, expected: expected, reduction: reduction) {
    difference in
    if abs(difference) < delta { return (0.5 * difference * difference, difference) }
    return (delta * (abs(difference) - 0.5 * delta), delta * sign(difference))
  }
}

/// Smooth L1 loss, `torch.nn.functional.smooth_l1_loss`:
///
///     ℓᵢ = ½ dᵢ² / beta     if |dᵢ| < beta
///     ℓᵢ = |dᵢ| − ½ beta    otherwise
///
/// It equals the Huber loss divided by beta. With beta = 0 it is the L1 loss,
/// as in PyTorch, where the quadratic part would divide by zero.
///
/// - Parameters:
///   - beta: Where the quadratic part turns linear; 1 by default, must be ≥ 0.
///   - reduction: `.mean` by default.
/// - Throws: `LossError` when the shapes differ or beta is negative.
public func smoothL1Loss(
  predicted: Tensor, expected: Tensor, beta: Float = 1, reduction: Reduction = .mean
) throws(LossError) -> Tensor {
  try requireSameShape(predicted, expected, loss: "smooth_l1")
  guard beta >= 0, beta.isFinite else {
    throw LossError(message: "beta: smooth_l1 needs a finite beta ≥ 0, got \(beta)")
  }
  return elementwiseLoss(predicted: predicted, expected: expected, reduction: reduction) {
    difference in
    if abs(difference) < beta { return (0.5 * difference * difference / beta, difference / beta) }
    return (abs(difference) - 0.5 * beta, sign(difference))
  }
}

import LabTensor

/// The combination of per-element losses, as PyTorch's `reduction` argument.
public enum Reduction: String, Sendable, CaseIterable {
  case none, mean, sum
}

/// A user-facing loss error, such as prediction and target shapes that differ.
public struct LossError: Error, Equatable, CustomStringConvertible {
  public var message: String
  public var description: String { message }
}

/// Mean squared error, `torch.nn.functional.mse_loss`:
///
///     ℓᵢ = (predictedᵢ − expectedᵢ)²,  mean: Σℓᵢ / n,  sum: Σℓᵢ
///
/// Shapes must match exactly. PyTorch broadcasts [3, 1] against [3] into a
/// 3×3 comparison with only a warning. That silently trains on the wrong
/// loss, so here it is an error naming both shapes.
///
/// - Parameter reduction: `.mean` by default.
/// - Throws: `LossError` when the shapes differ.
public func meanSquaredError(
  predicted: Tensor, expected: Tensor, reduction: Reduction = .mean
) throws(LossError) -> Tensor {
  guard predicted.shape == expected.shape else {
    throw LossError(message:
      "mse: prediction has shape \(predicted.shape) but target has shape \(expected.shape); "
      + "reshape one of them so the shapes match")
  }
  let difference = predicted - expected
  let squared = difference * difference
  switch reduction {
  case .none: return squared
  case .mean: return squared.mean()
  case .sum: return squared.sum()
  }
}

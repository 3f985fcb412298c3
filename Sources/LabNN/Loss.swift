import LabTensor

/// The combination of per-element losses, as PyTorch's `reduction` argument.
public enum Reduction: String, Sendable, CaseIterable {
  case none, mean, sum
}

/// A user-facing loss error, such as prediction and target shapes that differ.
///
/// Messages start with the PyTorch argument name at fault (`input`, `target`,
/// `weight`, `anchor`, …), so a caller that reads tensors from named fields can
/// point at the field.
public struct LossError: Error, Equatable, CustomStringConvertible {
  public var message: String
  public var description: String { message }

  public init(message: String) {
    self.message = message
  }
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
  try requireSameShape(predicted, expected, loss: "mse")
  return elementwiseLoss(predicted: predicted, expected: expected, reduction: reduction) {
    difference in (difference * difference, 2 * difference)
  }
}

/// Throws unless `expected` has exactly the shape of `predicted`; never broadcasts.
func requireSameShape(
  _ predicted: Tensor, _ expected: Tensor, loss: String
) throws(LossError) {
  guard predicted.shape == expected.shape else {
    throw LossError(message:
      "target: \(loss) needs equal shapes, but the prediction has shape \(predicted.shape) "
      + "and the target has shape \(expected.shape); shapes are never broadcast, so reshape "
      + "one of them")
  }
}

/// Builds a loss that depends on each difference d = predicted − expected alone.
///
/// `lossAndSlope` returns ℓ(d) and dℓ/dd. The gradient is +dℓ/dd for the
/// prediction and −dℓ/dd for the target. Shapes must already match.
func elementwiseLoss(
  predicted: Tensor, expected: Tensor, reduction: Reduction,
  lossAndSlope: (Float) -> (Float, Float)
) -> Tensor {
  var losses = [Float](repeating: 0, count: predicted.count)
  var slopes = [Float](repeating: 0, count: predicted.count)
  for index in 0..<predicted.count {
    (losses[index], slopes[index]) = lossAndSlope(predicted.data[index] - expected.data[index])
  }
  return reducedLoss(
    losses, shape: predicted.shape, reduction: reduction, denominator: Double(predicted.count),
    inputs: [predicted, expected], elementwiseSlopes: [slopes, slopes.map { -$0 }]
  ) { upstream in
    let gradient = zip(upstream, slopes).map { $0 * $1 }
    return [gradient, gradient.map { -$0 }]
  }
}

/// Records a fused loss from its per-element values, applying `reduction`.
///
/// With `.mean` the sum is divided by `denominator`, which is the element count
/// for most losses and the sum of the target weights for weighted
/// classification losses. A zero denominator gives 0/0 = NaN, as in PyTorch.
/// Sums run in Double, so the result does not depend on the summation order
/// beyond Float32 rounding of the total.
///
/// `backward` receives the upstream gradient of every element (for `.sum` and
/// `.mean` the scalar's gradient, divided by the denominator for `.mean`) and
/// returns one gradient per input, in the order of `inputs`, or nil for an
/// input that receives none. A loss whose element i depends on element i of
/// each input alone also passes `elementwiseSlopes`, ∂ℓᵢ/∂inputᵢ for each
/// input, which records `.none` in linear time.
func reducedLoss(
  _ losses: [Float], shape: [Int], reduction: Reduction, denominator: Double,
  inputs: [Tensor], elementwiseSlopes: [[Float]]? = nil,
  backward: @escaping (_ upstream: [Float]) -> [[Float]?]
) -> Tensor {
  let count = losses.count
  let total = losses.reduce(0.0) { $0 + Double($1) }
  switch reduction {
  case .none:
    if let elementwiseSlopes {
      return recordElementwise(
        shape: shape, data: losses, inputs: inputs, slopes: elementwiseSlopes)
    }
    return recordOperation(shape: shape, data: losses, inputs: inputs, backward: backward)
  case .sum:
    return recordOperation(shape: [], data: [Float(total)], inputs: inputs) { upstream in
      backward([Float](repeating: upstream[0], count: count))
    }
  case .mean:
    return recordOperation(shape: [], data: [Float(total / denominator)], inputs: inputs) {
      upstream in
      backward([Float](repeating: Float(Double(upstream[0]) / denominator), count: count))
    }
  }
}

/// Sign as PyTorch's `sign`: 0 at 0, so |x| has gradient 0 at its kink.
func sign(_ value: Float) -> Float {
  value > 0 ? 1 : (value < 0 ? -1 : 0)
}

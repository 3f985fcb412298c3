import Foundation
import LabTensor

/// Binary cross-entropy on logits, `torch.nn.functional.binary_cross_entropy_with_logits`:
///
///     ℓᵢ = −wᵢ · [pᵢ · yᵢ · log σ(xᵢ) + (1 − yᵢ) · log(1 − σ(xᵢ))]
///
/// with w the weight and p the positive weight. It is evaluated in the stable
/// form PyTorch uses,
///
///     ℓᵢ = wᵢ · [(1 − yᵢ) · xᵢ + (1 + (pᵢ − 1) · yᵢ) · (log(1 + e^−|xᵢ|) + max(−xᵢ, 0))]
///
/// which never exponentiates a positive number, so logits of ±100 give exact
/// losses. Gradients: ∂ℓ/∂x = w · [(p·y + 1 − y) · σ(x) − p·y] and
/// ∂ℓ/∂y = w · [(p − 1) · (−log σ(x)) − x].
///
/// - Parameters:
///   - logits: Any shape.
///   - targets: The shape of `logits`, values usually in [0, 1]; not broadcast.
///   - weight: Broadcast to the shape of `logits` by NumPy rules, or nil for 1;
///     treated as a constant.
///   - positiveWeight: `pos_weight`, broadcast the same way (a shape [C]
///     weights the classes of the last dimension), or nil for 1; a constant.
///   - reduction: `.mean` by default, over all elements.
/// - Throws: `LossError` when the shapes differ or a weight does not broadcast.
public func binaryCrossEntropyWithLogits(
  logits: Tensor, targets: Tensor, weight: Tensor? = nil, positiveWeight: Tensor? = nil,
  reduction: Reduction = .mean
) throws(LossError) -> Tensor {
  try requireSameShape(logits, targets, loss: "bce_with_logits")
  let weights = try weight.map { weight throws(LossError) in
    try broadcast(weight, to: logits.shape, argument: "weight")
  }
  let positiveWeights = try positiveWeight.map { weight throws(LossError) in
    try broadcast(weight, to: logits.shape, argument: "pos_weight")
  }

  let count = logits.count
  var losses = [Float](repeating: 0, count: count)
  var logitSlopes = [Float](repeating: 0, count: count)
  var targetSlopes = [Float](repeating: 0, count: count)
  for i in 0..<count {
    let x = Double(logits.data[i])
    let y = Double(targets.data[i])
    let w = Double(weights?[i] ?? 1)
    let p = Double(positiveWeights?[i] ?? 1)
    // −log σ(x) = log(1 + e^−|x|) + max(−x, 0), exact for large |x| of either sign.
    let negativeLogSigmoid = log1p(exp(-abs(x))) + max(-x, 0)
    let sigmoid = x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x))
    losses[i] = Float(w * ((1 - y) * x + (1 + (p - 1) * y) * negativeLogSigmoid))
    logitSlopes[i] = Float(w * ((p * y + 1 - y) * sigmoid - p * y))
    targetSlopes[i] = Float(w * ((p - 1) * negativeLogSigmoid - x))
  }
  return reducedLoss(
    losses, shape: logits.shape, reduction: reduction, denominator: Double(count),
    inputs: [logits, targets], elementwiseSlopes: [logitSlopes, targetSlopes]
  ) { upstream in
    [zip(upstream, logitSlopes).map { $0 * $1 }, zip(upstream, targetSlopes).map { $0 * $1 }]
  }
}

/// Returns the values of `tensor` broadcast to `shape` by NumPy rules, in
/// row-major order of `shape`. Only `tensor` is expanded; `shape` is fixed.
func broadcast(_ tensor: Tensor, to shape: [Int], argument: String) throws(LossError) -> [Float] {
  let extra = shape.count - tensor.rank
  let aligned = [Int](repeating: 1, count: max(extra, 0)) + tensor.shape
  guard extra >= 0,
    zip(aligned, shape).allSatisfy({ $0 == $1 || $0 == 1 })
  else {
    throw LossError(message: "\(argument): shape \(tensor.shape) does not broadcast to the "
      + "input shape \(shape); give a shape whose dimensions are 1 or equal the input's, "
      + "counted from the last")
  }
  var sourceStrides = [Int](repeating: 0, count: shape.count)
  var step = 1
  for axis in stride(from: shape.count - 1, through: 0, by: -1) {
    sourceStrides[axis] = aligned[axis] == 1 ? 0 : step
    step *= aligned[axis]
  }
  let count = shape.reduce(1, *)
  var values = [Float](repeating: 0, count: count)
  for flat in 0..<count {
    var rest = flat
    var source = 0
    for axis in stride(from: shape.count - 1, through: 0, by: -1) {
      source += (rest % shape[axis]) * sourceStrides[axis]
      rest /= shape[axis]
    }
    values[flat] = tensor.data[source]
  }
  return values
}

import Foundation
import LabTensor

/// Integer class targets of a classification loss: one class index per
/// position, shaped as the input without its class dimension.
public struct ClassIndices: Sendable, Equatable {
  public var shape: [Int]
  public var values: [Int]

  public init(shape: [Int], values: [Int]) {
    precondition(shape.reduce(1, *) == values.count,
      "ClassIndices: shape \(shape) needs \(shape.reduce(1, *)) values, got \(values.count)")
    self.shape = shape
    self.values = values
  }
}

/// The layout of a classification input [N, C, d1, …] or an unbatched [C]:
/// class c of position (n, s) is at n·C·S + c·S + s, with S = d1·…·dk.
struct ClassLayout {
  var batchCount: Int
  var classCount: Int
  var spatialCount: Int
  /// The shape of one loss per position: the input shape without dimension 1.
  var positionShape: [Int]

  init(input: Tensor, loss: String) throws(LossError) {
    guard input.rank >= 1 else {
      throw LossError(message: "input: \(loss) needs shape [C], [N, C] or [N, C, d1, …], "
        + "got a scalar")
    }
    if input.rank == 1 {
      (batchCount, classCount, spatialCount, positionShape) = (1, input.shape[0], 1, [])
    } else {
      batchCount = input.shape[0]
      classCount = input.shape[1]
      spatialCount = input.shape.dropFirst(2).reduce(1, *)
      positionShape = [input.shape[0]] + input.shape.dropFirst(2)
    }
    guard classCount > 0 else {
      throw LossError(message: "input: \(loss) needs at least one class, got shape \(input.shape)")
    }
  }

  var positionCount: Int { batchCount * spatialCount }

  /// Flat index of class `c` at position `position` = n·S + s.
  func index(position: Int, classIndex: Int) -> Int {
    let (n, s) = position.quotientAndRemainder(dividingBy: spatialCount)
    return (n * classCount + classIndex) * spatialCount + s
  }

  func checkWeight(_ weight: [Float]?, loss: String) throws(LossError) {
    guard let weight, weight.count != classCount else { return }
    throw LossError(message: "weight: \(loss) needs one weight per class, shape "
      + "[\(classCount)], got shape [\(weight.count)]")
  }

  /// Checks that `target` has the position shape and indices in range, except `ignoreIndex`.
  func checkTarget(
    _ target: ClassIndices, input: Tensor, ignoreIndex: Int, loss: String
  ) throws(LossError) {
    guard target.shape == positionShape else {
      throw LossError(message: "target: \(loss) with input shape \(input.shape) needs class "
        + "indices of shape \(positionShape), got shape \(target.shape)")
    }
    for (position, value) in target.values.enumerated()
    where value != ignoreIndex && !(0..<classCount).contains(value) {
      throw LossError(message: "target: class index \(value) at flat position \(position) is "
        + "out of range for \(classCount) classes (0…\(classCount - 1)); "
        + "ignore_index is \(ignoreIndex)")
    }
  }
}

/// Cross-entropy with class-index targets, `torch.nn.functional.cross_entropy`:
///
///     qₖ = (1 − ε) · w_y · [k = y] + ε/C · wₖ
///     ℓ = Σₖ qₖ · (−log softmax(x)ₖ),   ∂ℓ/∂xₖ = (Σⱼ qⱼ) · softmax(x)ₖ − qₖ
///
/// with ε the label smoothing, C the class count and w the class weights (1
/// without `weight`). A position whose target is `ignoreIndex` has ℓ = 0 and
/// no gradient. The mean divides by Σ w_y over the positions not ignored, as
/// PyTorch does, so with weights it is not the plain mean of ℓ; a batch in
/// which every target is ignored has the mean 0/0 = NaN, as in PyTorch.
///
/// The log-softmax subtracts each position's maximum logit before
/// exponentiating, so logits of ±1000 neither overflow nor lose precision.
///
/// - Parameters:
///   - logits: [C], [N, C] or [N, C, d1, …].
///   - classIndices: [], [N] or [N, d1, …], each in 0..<C or `ignoreIndex`.
///   - weight: One weight per class, or nil for 1 each; treated as a constant.
///   - ignoreIndex: −100 by default.
///   - labelSmoothing: ε in [0, 1]; 0 by default.
///   - reduction: `.mean` by default.
/// - Throws: `LossError` for a shape that does not fit, an index out of range
///   or a label smoothing outside [0, 1].
public func crossEntropy(
  logits: Tensor, classIndices: ClassIndices, weight: [Float]? = nil, ignoreIndex: Int = -100,
  labelSmoothing: Float = 0, reduction: Reduction = .mean
) throws(LossError) -> Tensor {
  let layout = try ClassLayout(input: logits, loss: "cross_entropy")
  try layout.checkWeight(weight, loss: "cross_entropy")
  try layout.checkTarget(classIndices, input: logits, ignoreIndex: ignoreIndex,
    loss: "cross_entropy")
  try checkLabelSmoothing(labelSmoothing)

  let classCount = layout.classCount
  let classWeight = weight ?? [Float](repeating: 1, count: classCount)
  var masses = [[Double]](repeating: [], count: layout.positionCount)
  var denominator = 0.0
  for (position, target) in classIndices.values.enumerated() where target != ignoreIndex {
    let smoothing = Double(labelSmoothing)
    var mass = classWeight.map { smoothing / Double(classCount) * Double($0) }
    mass[target] += (1 - smoothing) * Double(classWeight[target])
    masses[position] = mass
    denominator += Double(classWeight[target])
  }
  return softmaxCrossEntropy(
    logits: logits, layout: layout, masses: masses, reduction: reduction,
    denominator: denominator, probabilities: nil)
}

/// Cross-entropy with probability targets, `torch.nn.functional.cross_entropy`
/// given a floating-point target of the input's shape:
///
///     t′ = (1 − ε) · t + ε/C,   qₖ = wₖ · t′ₖ,   ℓ = Σₖ qₖ · (−log softmax(x)ₖ)
///
/// The mean divides by the number of positions (N · d1 · …), with or without
/// weights, as PyTorch does for probability targets. The gradient with respect
/// to the target is ∂ℓ/∂tₖ = (1 − ε) · wₖ · (−log softmax(x)ₖ).
///
/// - Parameters:
///   - probabilities: The same shape as `logits`; not broadcast.
///   - weight: One weight per class, or nil for 1 each; treated as a constant.
///   - labelSmoothing: ε in [0, 1]; 0 by default.
///   - reduction: `.mean` by default.
/// - Throws: `LossError` for shapes that differ or a label smoothing outside [0, 1].
public func crossEntropy(
  logits: Tensor, probabilities: Tensor, weight: [Float]? = nil, labelSmoothing: Float = 0,
  reduction: Reduction = .mean
) throws(LossError) -> Tensor {
  let layout = try ClassLayout(input: logits, loss: "cross_entropy")
  try layout.checkWeight(weight, loss: "cross_entropy")
  try requireSameShape(logits, probabilities, loss: "cross_entropy")
  try checkLabelSmoothing(labelSmoothing)

  let classCount = layout.classCount
  let classWeight = weight ?? [Float](repeating: 1, count: classCount)
  let smoothing = Double(labelSmoothing)
  var masses = [[Double]](repeating: [], count: layout.positionCount)
  for position in 0..<layout.positionCount {
    masses[position] = (0..<classCount).map { k in
      let target = Double(probabilities.data[layout.index(position: position, classIndex: k)])
      return Double(classWeight[k]) * ((1 - smoothing) * target + smoothing / Double(classCount))
    }
  }
  return softmaxCrossEntropy(
    logits: logits, layout: layout, masses: masses, reduction: reduction,
    denominator: Double(layout.positionCount),
    probabilities: (probabilities, classWeight.map { Double($0) * (1 - smoothing) }))
}

/// Negative log-likelihood, `torch.nn.functional.nll_loss`:
///
///     ℓ = −w_y · x_y
///
/// for log-probabilities x, such as the output of a log-softmax. Ignored
/// positions and the weighted mean work as in `crossEntropy(logits:classIndices:)`.
///
/// - Parameters:
///   - logProbabilities: [C], [N, C] or [N, C, d1, …].
///   - weight: One weight per class, or nil for 1 each; treated as a constant.
///   - ignoreIndex: −100 by default.
///   - reduction: `.mean` by default.
/// - Throws: `LossError` for a shape that does not fit or an index out of range.
public func negativeLogLikelihood(
  logProbabilities: Tensor, classIndices: ClassIndices, weight: [Float]? = nil,
  ignoreIndex: Int = -100, reduction: Reduction = .mean
) throws(LossError) -> Tensor {
  let layout = try ClassLayout(input: logProbabilities, loss: "nll")
  try layout.checkWeight(weight, loss: "nll")
  try layout.checkTarget(classIndices, input: logProbabilities, ignoreIndex: ignoreIndex,
    loss: "nll")

  var losses = [Float](repeating: 0, count: layout.positionCount)
  var slopes = [Float](repeating: 0, count: layout.positionCount)
  var denominator = 0.0
  for (position, target) in classIndices.values.enumerated() where target != ignoreIndex {
    let classWeight = weight?[target] ?? 1
    losses[position] = -classWeight * logProbabilities.data[
      layout.index(position: position, classIndex: target)]
    slopes[position] = -classWeight
    denominator += Double(classWeight)
  }
  let count = logProbabilities.count
  return reducedLoss(
    losses, shape: layout.positionShape, reduction: reduction, denominator: denominator,
    inputs: [logProbabilities]
  ) { upstream in
    var gradient = [Float](repeating: 0, count: count)
    for (position, target) in classIndices.values.enumerated() where target != ignoreIndex {
      gradient[layout.index(position: position, classIndex: target)] =
        upstream[position] * slopes[position]
    }
    return [gradient]
  }
}

private func checkLabelSmoothing(_ labelSmoothing: Float) throws(LossError) {
  guard (0...1).contains(labelSmoothing) else {
    throw LossError(message: "label_smoothing: must be in [0, 1], got \(labelSmoothing)")
  }
}

/// Computes ℓ = Σₖ qₖ · (−log softmax(x)ₖ) at every position from the target
/// masses q, and records its gradient. A position with no masses (ignored)
/// has ℓ = 0. `probabilities` is the probability target, if any, with the
/// factor (1 − ε) · wₖ of its gradient.
private func softmaxCrossEntropy(
  logits: Tensor, layout: ClassLayout, masses: [[Double]], reduction: Reduction,
  denominator: Double, probabilities: (target: Tensor, factor: [Double])?
) -> Tensor {
  let classCount = layout.classCount
  var logSoftmax = [Double](repeating: 0, count: logits.count)
  var losses = [Float](repeating: 0, count: layout.positionCount)
  for position in 0..<layout.positionCount {
    let indices = (0..<classCount).map { layout.index(position: position, classIndex: $0) }
    let maximum = indices.map { Double(logits.data[$0]) }.max()!
    let logSum = log(indices.reduce(0.0) { $0 + exp(Double(logits.data[$1]) - maximum) })
    for index in indices { logSoftmax[index] = Double(logits.data[index]) - maximum - logSum }
    guard !masses[position].isEmpty else { continue }
    losses[position] = Float(zip(masses[position], indices).reduce(0.0) {
      $0 - $1.0 * logSoftmax[$1.1]
    })
  }

  var inputs = [logits]
  if let probabilities { inputs.append(probabilities.target) }
  return reducedLoss(
    losses, shape: layout.positionShape, reduction: reduction, denominator: denominator,
    inputs: inputs
  ) { upstream in
    var logitGradient = [Float](repeating: 0, count: logits.count)
    var targetGradient = [Float](repeating: 0, count: logits.count)
    for position in 0..<layout.positionCount where !masses[position].isEmpty {
      let mass = masses[position]
      let totalMass = mass.reduce(0, +)
      let seed = Double(upstream[position])
      for k in 0..<classCount {
        let index = layout.index(position: position, classIndex: k)
        logitGradient[index] = Float(seed * (totalMass * exp(logSoftmax[index]) - mass[k]))
        if let probabilities {
          targetGradient[index] = Float(-seed * probabilities.factor[k] * logSoftmax[index])
        }
      }
    }
    return [logitGradient, probabilities == nil ? nil : targetGradient]
  }
}

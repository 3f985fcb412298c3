import LabNN
import LabTensor

/// A loss and its gradient sampled along one input, for the explainer's plot.
public struct LossCurve: Sendable, Equatable {
  /// The x axis label, such as `prediction x (target y = 0)`.
  public var xLabel: String
  /// The name of the gradient series, such as `∂ℓ/∂x`.
  public var gradientName: String
  public var xs: [Double]
  public var losses: [Double]
  public var gradients: [Double]
}

extension ExplainedLoss {
  /// Evaluates the loss and its gradient at `sampleCount` points with the LabNN
  /// loss function of this page and the option values of `options`, or returns
  /// nil for the page without a plot.
  ///
  /// Each curve is one batched call with `reduction: .none` for the values and
  /// one with `.sum` and `backward()` for the gradients, so every point is what
  /// the library computes, not a formula written again here.
  public func curve(options: [LossOption], sampleCount: Int = 121) -> LossCurve? {
    let count = max(2, sampleCount)
    func option(_ name: String, _ fallback: Double) -> Float {
      Float(options.first { $0.name == name }?.value ?? fallback)
    }
    do {
      switch self {
      case .mse, .l1, .huber, .smoothL1:
        return try regressionCurve(count: count, delta: option("delta", 1),
          beta: option("beta", 1))
      case .crossEntropy:
        return try crossEntropyCurve(count: count, smoothing: option("label_smoothing", 0),
          classCount: Int(option("classes", 3)))
      case .bceWithLogits:
        return try binaryCurve(count: count, positiveWeight: option("pos_weight", 1),
          target: option("target", 1))
      case .tripletMargin:
        return try tripletCurve(count: count, margin: option("margin", 1))
      case .perceptual:
        return nil
      }
    } catch {
      // The options offered are all valid, so a LossError here is a programming error.
      preconditionFailure("explainer curve of \(rawValue): \(error)")
    }
  }

  /// Samples from `low` to `high`, both included.
  static func samples(_ count: Int, from low: Double, to high: Double) -> [Float] {
    (0..<count).map { Float(low + (high - low) * Double($0) / Double(count - 1)) }
  }

  /// Evaluates `loss` on a fresh copy of `input` twice: the per-element values
  /// with `.none`, and the gradient of the `.sum` with respect to the input.
  static func valuesAndGradient(
    shape: [Int], input: [Float],
    loss: (Tensor, Reduction) throws(LossError) -> Tensor
  ) throws(LossError) -> (values: [Float], gradient: [Float]) {
    let values = try loss(Tensor(shape: shape, data: input), .none).data
    let differentiated = Tensor(shape: shape, data: input, requiresGradient: true)
    try loss(differentiated, .sum).backward()
    return (values, differentiated.gradient ?? [Float](repeating: 0, count: input.count))
  }

  private func regressionCurve(count: Int, delta: Float, beta: Float) throws(LossError)
    -> LossCurve
  {
    let predictions = Self.samples(count, from: -3, to: 3)
    let target = Tensor(shape: [count], data: [Float](repeating: 0, count: count))
    let kind = self
    let (values, gradient) = try Self.valuesAndGradient(shape: [count], input: predictions) {
      (input, reduction) throws(LossError) in
      switch kind {
      case .l1: return try l1Loss(predicted: input, expected: target, reduction: reduction)
      case .huber:
        return try huberLoss(predicted: input, expected: target, delta: delta,
          reduction: reduction)
      case .smoothL1:
        return try smoothL1Loss(predicted: input, expected: target, beta: beta,
          reduction: reduction)
      default:
        return try meanSquaredError(predicted: input, expected: target, reduction: reduction)
      }
    }
    return LossCurve(xLabel: "prediction x (target y = 0)", gradientName: "∂ℓ/∂x",
      xs: predictions.map(Double.init), losses: values.map(Double.init),
      gradients: gradient.map(Double.init))
  }

  /// Cross-entropy of one sample whose true class 0 has logit z and whose other
  /// logits are 0, for z from −6 to 6.
  private func crossEntropyCurve(count: Int, smoothing: Float, classCount: Int)
    throws(LossError) -> LossCurve
  {
    let classes = max(2, classCount)
    let logits = Self.samples(count, from: -6, to: 6)
    var rows = [Float](repeating: 0, count: count * classes)
    for (row, logit) in logits.enumerated() { rows[row * classes] = logit }
    let targets = ClassIndices(shape: [count], values: [Int](repeating: 0, count: count))
    let (values, gradient) = try Self.valuesAndGradient(shape: [count, classes], input: rows) {
      (input, reduction) throws(LossError) in
      try LabNN.crossEntropy(logits: input, classIndices: targets, labelSmoothing: smoothing,
        reduction: reduction)
    }
    return LossCurve(xLabel: "logit z of the true class (others 0)", gradientName: "∂ℓ/∂z",
      xs: logits.map(Double.init), losses: values.map(Double.init),
      gradients: (0..<count).map { Double(gradient[$0 * classes]) })
  }

  private func binaryCurve(count: Int, positiveWeight: Float, target: Float) throws(LossError)
    -> LossCurve
  {
    let logits = Self.samples(count, from: -6, to: 6)
    let targets = Tensor(shape: [count], data: [Float](repeating: target, count: count))
    let weight = Tensor(shape: [1], data: [positiveWeight])
    let (values, gradient) = try Self.valuesAndGradient(shape: [count], input: logits) {
      (input, reduction) throws(LossError) in
      try binaryCrossEntropyWithLogits(logits: input, targets: targets, positiveWeight: weight,
        reduction: reduction)
    }
    return LossCurve(xLabel: "logit x", gradientName: "∂ℓ/∂x",
      xs: logits.map(Double.init), losses: values.map(Double.init),
      gradients: gradient.map(Double.init))
  }

  /// Triplets of one-dimensional embeddings: anchor 0, negative 3, and the
  /// positive p from 1 to 5, so d(a,p) − d(a,n) runs from about −2 to 2 and no
  /// distance comes near 0. There ∂d(a,p)/∂p = 1, so the gradient with respect
  /// to p equals ∂ℓ/∂d(a,p).
  private func tripletCurve(count: Int, margin: Float) throws(LossError) -> LossCurve {
    let positives = Self.samples(count, from: 1, to: 5)
    let anchor = Tensor(shape: [count, 1], data: [Float](repeating: 0, count: count))
    let negative = Tensor(shape: [count, 1], data: [Float](repeating: 3, count: count))
    let (values, gradient) = try Self.valuesAndGradient(shape: [count, 1], input: positives) {
      (input, reduction) throws(LossError) in
      try tripletMarginLoss(anchor: anchor, positive: input, negative: negative, margin: margin,
        reduction: reduction)
    }
    // PyTorch's pairwise distance adds ε = 1e-6 to the difference a − p.
    let epsilon: Float = 1e-6
    let gaps = positives.map { abs(0 - $0 + epsilon) - abs(0 - 3 + epsilon) }
    return LossCurve(xLabel: "d(a,p) − d(a,n)", gradientName: "∂ℓ/∂d(a,p)",
      xs: gaps.map(Double.init), losses: values.map(Double.init),
      gradients: gradient.map(Double.init))
  }
}

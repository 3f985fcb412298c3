import LabTensor

/// Batch normalisation of [N, C, H, W] batches per channel, `torch.nn.BatchNorm2d`.
///
/// In training (`isTraining`, the initial mode) it normalises with the batch
/// statistics and updates the running ones. In evaluation it uses the running
/// statistics. The running statistics are buffers, not parameters.
public final class BatchNorm2d: Layer {
  /// [C] scale γ, initially 1, or nil without affine parameters.
  public let weight: Tensor?
  /// [C] shift β, initially 0, or nil without affine parameters.
  public let bias: Tensor?
  /// [C], initially 0.
  public let runningMean: Tensor
  /// [C], initially 1.
  public let runningVariance: Tensor
  public let momentum: Float
  public let epsilon: Float
  /// Whether the layer uses and updates batch statistics; true after creation,
  /// as in PyTorch.
  public var isTraining = true

  /// - Parameters:
  ///   - featureCount: The channel count C.
  ///   - epsilon: Added to the variance; 1e-5 by default.
  ///   - momentum: Weight of each batch in the running statistics; 0.1 by
  ///     default.
  ///   - isAffine: Whether the layer has a weight and a bias; true by default.
  public init(
    featureCount: Int, epsilon: Float = 1e-5, momentum: Float = 0.1, isAffine: Bool = true
  ) {
    precondition(featureCount > 0, "BatchNorm2d: feature count \(featureCount) must be positive")
    if isAffine {
      weight = Tensor(
        shape: [featureCount], data: [Float](repeating: 1, count: featureCount),
        requiresGradient: true)
      bias = Tensor(zeros: [featureCount], requiresGradient: true)
    } else {
      weight = nil
      bias = nil
    }
    runningMean = Tensor(zeros: [featureCount])
    runningVariance = Tensor(
      shape: [featureCount], data: [Float](repeating: 1, count: featureCount))
    self.momentum = momentum
    self.epsilon = epsilon
  }

  public var parameters: [Tensor] { [weight, bias].compactMap { $0 } }

  /// The running statistics by PyTorch's names. The step counter
  /// `num_batches_tracked` is not kept, because the momentum is fixed.
  public var buffers: [(name: String, tensor: Tensor)] {
    [("running_mean", runningMean), ("running_var", runningVariance)]
  }

  public func setTraining(_ isTraining: Bool) {
    self.isTraining = isTraining
  }

  public func callAsFunction(_ input: Tensor) -> Tensor {
    precondition(input.rank == 4, "BatchNorm2d: input must be [N, C, H, W], got \(input.shape)")
    return input.batchNorm(
      runningMean: runningMean, runningVariance: runningVariance, weight: weight, bias: bias,
      isTraining: isTraining, momentum: momentum, epsilon: epsilon)
  }
}

/// Inverted dropout as a layer, `torch.nn.Dropout`: active in training
/// (`isTraining`, the initial mode), the identity in evaluation.
public final class Dropout: Layer {
  public let probability: Float
  /// Whether elements are dropped; true after creation, as in PyTorch.
  public var isTraining = true
  /// Draws the masks; each call advances it, so successive batches get new
  /// masks and a run with the same seed repeats them.
  public var generator: RandomGenerator

  /// Creates a layer whose generator is seeded from `generator`, so that a
  /// model built from one seed drops the same elements on every run.
  ///
  /// - Parameter probability: The probability of zeroing an element; 0.5 by
  ///   default, as in PyTorch.
  public init(probability: Float = 0.5, generator: inout RandomGenerator) {
    precondition(probability >= 0 && probability <= 1,
      "Dropout: probability \(probability) must be between 0 and 1")
    self.probability = probability
    self.generator = RandomGenerator(seed: generator.next())
  }

  public var parameters: [Tensor] { [] }

  public func setTraining(_ isTraining: Bool) {
    self.isTraining = isTraining
  }

  public func callAsFunction(_ input: Tensor) -> Tensor {
    input.dropout(probability: probability, isTraining: isTraining, generator: &generator)
  }
}

extension Tensor {
  /// Inverted dropout, as `torch.nn.functional.dropout`: in training each
  /// element is zeroed with probability `probability` and the others are
  /// scaled by 1 / (1 − probability), so that the expected value is unchanged.
  /// In evaluation the tensor is returned as it is.
  ///
  /// The mask comes from `generator`, one draw per element in row-major
  /// order, so the same seed gives the same mask. It does not match PyTorch's
  /// random stream. With probability 1 every element is zeroed.
  ///
  /// - Precondition: `probability` is in [0, 1].
  public func dropout(
    probability: Float, isTraining: Bool, generator: inout RandomGenerator
  ) -> Tensor {
    precondition(probability >= 0 && probability <= 1,
      "dropout: probability \(probability) must be between 0 and 1")
    guard isTraining && probability > 0 else { return self }
    let scale = probability < 1 ? 1 / (1 - probability) : 0
    let threshold = Double(probability)
    // The mask contains the factor of each element, 0 or the scale.
    var mask = [Float](repeating: 0, count: count)
    for i in 0..<count where generator.nextUnit() >= threshold { mask[i] = scale }
    var values = [Float](repeating: 0, count: count)
    for i in 0..<count { values[i] = data[i] * mask[i] }
    return Tensor(shape: shape, data: values, inputs: [self]) { [self] result in
      let upstream = result.gradient!
      var gradient = [Float](repeating: 0, count: count)
      for i in 0..<count { gradient[i] = upstream[i] * mask[i] }
      accumulateGradient(gradient)
    }
  }

  /// Inverted dropout with a mask drawn from a new generator seeded with
  /// `seed`.
  public func dropout(probability: Float, isTraining: Bool, seed: UInt64) -> Tensor {
    var generator = RandomGenerator(seed: seed)
    return dropout(probability: probability, isTraining: isTraining, generator: &generator)
  }
}

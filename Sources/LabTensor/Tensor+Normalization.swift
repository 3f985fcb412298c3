extension Tensor {
  /// Batch normalisation over channel 1, as `torch.nn.functional.batch_norm`:
  ///
  ///     y = (x − mean) / √(variance + ε) · weight + bias
  ///
  /// From "Batch Normalization: Accelerating Deep Network Training by Reducing
  /// Internal Covariate Shift" (Ioffe and Szegedy, 2015).
  ///
  /// In training, mean and variance are those of the batch per channel, over
  /// the batch and all positions, with the biased variance (divided by the
  /// count m). The running statistics, when given, are then updated in place
  /// with the unbiased variance, as PyTorch does:
  ///
  ///     running = (1 − momentum) · running + momentum · batch statistic
  ///
  /// In evaluation the running statistics are used. Without them the batch
  /// statistics are used in both modes, as PyTorch does. The running statistics
  /// are buffers, never differentiated.
  ///
  /// - Parameters:
  ///   - runningMean: [C], updated in training; nil to keep no statistics.
  ///   - runningVariance: [C], updated in training; nil with `runningMean`.
  ///   - weight: [C] scale γ, or nil for 1.
  ///   - bias: [C] shift β, or nil for 0.
  ///   - isTraining: Whether to use and update batch statistics.
  ///   - momentum: Weight of the batch statistic in the update; 0.1 by default.
  ///   - epsilon: Added to the variance; 1e-5 by default.
  /// - Precondition: `self` is [N, C, …]; in training each channel has more
  ///   than one value.
  public func batchNorm(
    runningMean: Tensor?, runningVariance: Tensor?, weight: Tensor? = nil, bias: Tensor? = nil,
    isTraining: Bool, momentum: Float = 0.1, epsilon: Float = 1e-5
  ) -> Tensor {
    let layout = ChannelLayout(self)
    for (name, tensor) in [
      ("running mean", runningMean), ("running variance", runningVariance),
      ("weight", weight), ("bias", bias),
    ] {
      if let tensor {
        precondition(tensor.shape == [layout.channels],
          "batch_norm: \(name) has shape \(tensor.shape), expected [\(layout.channels)]")
      }
    }
    precondition((runningMean == nil) == (runningVariance == nil),
      "batch_norm: give both running mean and running variance, or neither")
    let usesBatchStatistics = isTraining || runningMean == nil
    let valuesPerChannel = layout.batch * layout.positions
    precondition(!usesBatchStatistics || valuesPerChannel > 1,
      "batch_norm: expected more than 1 value per channel in training, got input \(shape)")

    let means: [Float]
    let inverseDeviations: [Float]
    if usesBatchStatistics {
      let statistics = layout.channelStatistics(data)
      means = statistics.means.map { Float($0) }
      inverseDeviations = statistics.variances.map { 1 / (Float($0) + epsilon).squareRoot() }
      if let runningMean, let runningVariance {
        let correction = Double(valuesPerChannel) / Double(valuesPerChannel - 1)
        for c in 0..<layout.channels {
          runningMean.data[c] = (1 - momentum) * runningMean.data[c] + momentum * means[c]
          runningVariance.data[c] = (1 - momentum) * runningVariance.data[c]
            + momentum * Float(statistics.variances[c] * correction)
        }
      }
    } else {
      means = runningMean!.data
      inverseDeviations = runningVariance!.data.map { 1 / ($0 + epsilon).squareRoot() }
    }

    let scales = weight?.data ?? [Float](repeating: 1, count: layout.channels)
    let shifts = bias?.data ?? [Float](repeating: 0, count: layout.channels)
    let values = layout.normalized(
      data, means: means, inverseDeviations: inverseDeviations, scales: scales, shifts: shifts)

    let inputs = [self] + [weight, bias].compactMap { $0 }
    return Tensor(shape: shape, data: values, inputs: inputs) { [self] result in
      // x̂ is recomputed here, so that inference keeps no copy of it.
      let normalized = layout.normalized(
        data, means: means, inverseDeviations: inverseDeviations,
        scales: [Float](repeating: 1, count: layout.channels),
        shifts: [Float](repeating: 0, count: layout.channels))
      let upstream = result.gradient!
      let sums = layout.channelSums(upstream, normalized: normalized)
      if let weight { weight.accumulateGradient(sums.weighted) }
      if let bias { bias.accumulateGradient(sums.plain) }
      guard requiresGradient else { return }

      var gradient = [Float](repeating: 0, count: count)
      let m = Float(valuesPerChannel)
      upstream.withUnsafeBufferPointer { upstream in
        normalized.withUnsafeBufferPointer { normalized in
          gradient.withUnsafeMutableBufferPointer { gradient in
            layout.forEachRun { channel, range in
              let factor = scales[channel] * inverseDeviations[channel]
              guard usesBatchStatistics else {
                for i in range { gradient[i] = factor * upstream[i] }
                return
              }
              // dx = γ/σ · (dy − mean(dy) − x̂ · mean(dy · x̂)), because the
              // batch mean and variance also depend on x.
              let meanUpstream = sums.plain[channel] / m
              let meanProduct = sums.weighted[channel] / m
              for i in range {
                gradient[i] = factor * (upstream[i] - meanUpstream - normalized[i] * meanProduct)
              }
            }
          }
        }
      }
      accumulateGradient(gradient)
    }
  }
}

/// The layout of an [N, C, …] tensor as runs of contiguous positions that
/// belong to one channel.
private struct ChannelLayout {
  let batch: Int
  let channels: Int
  /// Values per channel in one item of the batch: the product of the sizes
  /// after the channel dimension.
  let positions: Int

  init(_ tensor: Tensor) {
    precondition(tensor.rank >= 2, "batch_norm: input must be [N, C, …], got \(tensor.shape)")
    batch = tensor.shape[0]
    channels = tensor.shape[1]
    positions = tensor.shape.dropFirst(2).reduce(1, *)
  }

  /// Calls `body` with each run's channel and element range, in memory order.
  func forEachRun(_ body: (Int, Range<Int>) -> Void) {
    for item in 0..<batch {
      for channel in 0..<channels {
        let start = (item * channels + channel) * positions
        body(channel, start..<(start + positions))
      }
    }
  }

  /// Returns (x − mean) · inverseDeviation · scale + shift with each
  /// channel's own constants.
  func normalized(
    _ values: [Float], means: [Float], inverseDeviations: [Float], scales: [Float],
    shifts: [Float]
  ) -> [Float] {
    var output = [Float](repeating: 0, count: values.count)
    values.withUnsafeBufferPointer { input in
      output.withUnsafeMutableBufferPointer { output in
        forEachRun { channel, range in
          let (mean, inverse) = (means[channel], inverseDeviations[channel])
          let (scale, shift) = (scales[channel], shifts[channel])
          for i in range { output[i] = (input[i] - mean) * inverse * scale + shift }
        }
      }
    }
    return output
  }

  /// Returns each channel's mean and biased variance, in Float64 and by two
  /// passes, so that a large mean does not cancel the variance.
  func channelStatistics(_ values: [Float]) -> (means: [Double], variances: [Double]) {
    let count = Double(batch * positions)
    var sums = [Double](repeating: 0, count: channels)
    var squares = [Double](repeating: 0, count: channels)
    values.withUnsafeBufferPointer { values in
      forEachRun { channel, range in
        var total: Double = 0
        for i in range { total += Double(values[i]) }
        sums[channel] += total
      }
      let means = sums.map { $0 / count }
      forEachRun { channel, range in
        var total: Double = 0
        for i in range {
          let deviation = Double(values[i]) - means[channel]
          total += deviation * deviation
        }
        squares[channel] += total
      }
    }
    return (sums.map { $0 / count }, squares.map { $0 / count })
  }

  /// Returns Σ dy and Σ dy · x̂ per channel.
  func channelSums(
    _ upstream: [Float], normalized: [Float]
  ) -> (plain: [Float], weighted: [Float]) {
    var plain = [Double](repeating: 0, count: channels)
    var weighted = [Double](repeating: 0, count: channels)
    upstream.withUnsafeBufferPointer { upstream in
      normalized.withUnsafeBufferPointer { normalized in
        forEachRun { channel, range in
          var (plainTotal, weightedTotal): (Double, Double) = (0, 0)
          for i in range {
            plainTotal += Double(upstream[i])
            weightedTotal += Double(upstream[i]) * Double(normalized[i])
          }
          plain[channel] += plainTotal
          weighted[channel] += weightedTotal
        }
      }
    }
    return (plain.map { Float($0) }, weighted.map { Float($0) })
  }
}

extension Tensor {
  /// Matrix product of a [m, k] and a [k, n] tensor.
  public func matmul(_ other: Tensor) -> Tensor {
    precondition(rank == 2 && other.rank == 2,
      "matmul: needs two matrices, got shapes \(shape) and \(other.shape)")
    precondition(shape[1] == other.shape[0],
      "matmul: left has \(shape[1]) columns, right has \(other.shape[0]) rows")
    let (m, k, n) = (shape[0], shape[1], other.shape[1])
    let values = multiply(m: m, n: n, k: k, data, false, other.data, false)
    return Tensor(shape: [m, n], data: values, inputs: [self, other]) { [self] result in
      let upstream = result.gradient!
      if requiresGradient {
        // dA = dC · Bᵀ
        accumulateGradient(multiply(m: m, n: k, k: n, upstream, false, other.data, true))
      }
      if other.requiresGradient {
        // dB = Aᵀ · dC
        other.accumulateGradient(multiply(m: k, n: n, k: m, data, true, upstream, false))
      }
    }
  }

  /// The affine map of a batch, as `torch.nn.functional.linear`:
  ///
  ///     y = x · Wᵀ + b
  ///
  /// - Precondition: `self` is [batch, inputs], `weight` is [outputs, inputs]
  ///   and `bias`, when given, is [outputs].
  public func linear(weight: Tensor, bias: Tensor?) -> Tensor {
    precondition(rank == 2 && weight.rank == 2,
      "linear: input \(shape) and weight \(weight.shape) must both be matrices")
    precondition(shape[1] == weight.shape[1],
      "linear: input has \(shape[1]) features, weight expects \(weight.shape[1])")
    let (batch, inputCount, outputCount) = (shape[0], shape[1], weight.shape[0])
    if let bias {
      precondition(bias.shape == [outputCount],
        "linear: bias has shape \(bias.shape), expected [\(outputCount)]")
    }
    var values = multiply(m: batch, n: outputCount, k: inputCount, data, false, weight.data, true)
    if let bias {
      for row in 0..<batch {
        for j in 0..<outputCount { values[row * outputCount + j] += bias.data[j] }
      }
    }
    let inputs = [self, weight] + (bias.map { [$0] } ?? [])
    return Tensor(shape: [batch, outputCount], data: values, inputs: inputs) { [self] result in
      let upstream = result.gradient!
      if requiresGradient {
        // dx = dy · W
        accumulateGradient(
          multiply(m: batch, n: inputCount, k: outputCount, upstream, false, weight.data, false))
      }
      if weight.requiresGradient {
        // dW = dyᵀ · x
        weight.accumulateGradient(
          multiply(m: outputCount, n: inputCount, k: batch, upstream, true, data, false))
      }
      if let bias, bias.requiresGradient {
        var columnSums = [Float](repeating: 0, count: outputCount)
        for row in 0..<batch {
          for j in 0..<outputCount { columnSums[j] += upstream[row * outputCount + j] }
        }
        bias.accumulateGradient(columnSums)
      }
    }
  }
}

/// Runs `gemm` on arrays and returns the m×n product.
func multiply(
  m: Int, n: Int, k: Int, _ a: [Float], _ transposeA: Bool, _ b: [Float], _ transposeB: Bool
) -> [Float] {
  // Empty arrays have no base address; an empty sum is zero.
  if m * n == 0 || k == 0 { return [Float](repeating: 0, count: m * n) }
  return [Float](unsafeUninitializedCapacity: m * n) { result, initialized in
    a.withUnsafeBufferPointer { left in
      b.withUnsafeBufferPointer { right in
        gemm(
          m: m, n: n, k: k, a: left.baseAddress!, transposeA: transposeA,
          b: right.baseAddress!, transposeB: transposeB, c: result.baseAddress!,
          accumulate: false)
      }
    }
    initialized = m * n
  }
}

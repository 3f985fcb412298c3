extension Tensor {
  /// Matrix product with the rules of `torch.matmul`.
  ///
  /// Two matrices [m, k] · [k, n] give [m, n]. A vector on the left is read
  /// as a row [1, k] and on the right as a column [k, 1], and that axis is
  /// removed from the result. Tensors of higher rank are stacks of matrices
  /// in their last two axes, and their leading (batch) axes broadcast as in
  /// element-wise arithmetic: [2, 1, m, k] · [3, k, n] gives [2, 3, m, n].
  ///
  /// - Precondition: both tensors have at least one axis, and the columns of
  ///   the left match the rows of the right.
  public func matmul(_ other: Tensor) -> Tensor {
    guard rank == 2 && other.rank == 2 else { return batchedMatmul(other) }
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
      values.withUnsafeMutableBufferPointer { output in
        bias.data.withUnsafeBufferPointer { offsets in
          for row in 0..<batch {
            for j in 0..<outputCount { output[row * outputCount + j] += offsets[j] }
          }
        }
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
        columnSums.withUnsafeMutableBufferPointer { sums in
          upstream.withUnsafeBufferPointer { rows in
            for row in 0..<batch {
              for j in 0..<outputCount { sums[j] += rows[row * outputCount + j] }
            }
          }
        }
        bias.accumulateGradient(columnSums)
      }
    }
  }
}

/// Runs `gemm` on arrays and returns the m×n product.
///
/// For small products a transposed B is first copied into row-major k×n
/// order: `gemm` reads a row-major B in place on its small-product path but
/// gathers a transposed one element by element, about a third slower for the
/// layers of a small MLP. Large products pack B either way, and copying a
/// large weight (VGG's 25088×4096 classifier) would cost more than it saves.
func multiply(
  m: Int, n: Int, k: Int, _ a: [Float], _ transposeA: Bool, _ b: [Float], _ transposeB: Bool
) -> [Float] {
  // Empty arrays have no base address; an empty sum is zero.
  if m * n == 0 || k == 0 { return [Float](repeating: 0, count: m * n) }
  if transposeB && m > 1 && m * n * k <= 1 << 18 {
    let rowMajorB = transposedMatrix(b, rows: n, columns: k)
    return multiply(m: m, n: n, k: k, a, transposeA, rowMajorB, false)
  }
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

/// Returns the row-major transpose of a rows×columns matrix.
func transposedMatrix(_ values: [Float], rows: Int, columns: Int) -> [Float] {
  [Float](unsafeUninitializedCapacity: rows * columns) { output, initialized in
    values.withUnsafeBufferPointer { input in
      for row in 0..<rows {
        for column in 0..<columns { output[column * rows + row] = input[row * columns + column] }
      }
    }
    initialized = rows * columns
  }
}

extension Tensor {
  /// Computes `matmul` for operands that are not both matrices, one `gemm`
  /// call per matrix of the broadcast batch.
  fileprivate func batchedMatmul(_ other: Tensor) -> Tensor {
    precondition(rank >= 1 && other.rank >= 1,
      "matmul: needs tensors with at least one axis, got shapes \(shape) and \(other.shape)")
    let plan = BatchedMatmulPlan(left: shape, right: other.shape)
    var values = [Float](repeating: 0, count: plan.outputCount)
    if plan.m * plan.n * plan.k > 0 {
      values.withUnsafeMutableBufferPointer { output in
        data.withUnsafeBufferPointer { left in
          other.data.withUnsafeBufferPointer { right in
            for batch in 0..<plan.batchCount {
              gemm(
                m: plan.m, n: plan.n, k: plan.k,
                a: left.baseAddress! + plan.leftBatch[batch] * plan.m * plan.k, transposeA: false,
                b: right.baseAddress! + plan.rightBatch[batch] * plan.k * plan.n,
                transposeB: false, c: output.baseAddress! + batch * plan.m * plan.n,
                accumulate: false)
            }
          }
        }
      }
    }
    return Tensor(shape: plan.outputShape, data: values, inputs: [self, other]) { [self] result in
      let upstream = result.gradient!
      if requiresGradient {
        accumulateGradient(plan.leftGradient(upstream, right: other.data, leftCount: count))
      }
      if other.requiresGradient {
        other.accumulateGradient(plan.rightGradient(upstream, left: data, rightCount: other.count))
      }
    }
  }
}

/// The sizes and batch pairing of one `torch.matmul` of stacked matrices.
private struct BatchedMatmulPlan {
  let m: Int
  let n: Int
  let k: Int
  let batchCount: Int
  /// The matrix of the left operand that each output matrix uses.
  let leftBatch: [Int]
  /// The matrix of the right operand that each output matrix uses.
  let rightBatch: [Int]
  let outputShape: [Int]
  var outputCount: Int { batchCount * m * n }

  init(left: [Int], right: [Int]) {
    let leftMatrix = left.count == 1 ? [1, left[0]] : left
    let rightMatrix = right.count == 1 ? [right[0], 1] : right
    m = leftMatrix[leftMatrix.count - 2]
    k = leftMatrix[leftMatrix.count - 1]
    n = rightMatrix[rightMatrix.count - 1]
    precondition(rightMatrix[rightMatrix.count - 2] == k,
      "matmul: left \(left) has \(k) columns, right \(right) has "
        + "\(rightMatrix[rightMatrix.count - 2]) rows")
    let leftBatchShape = Array(leftMatrix.dropLast(2))
    let rightBatchShape = Array(rightMatrix.dropLast(2))
    let batchShape = Broadcast.shape("matmul", leftBatchShape, rightBatchShape)
    batchCount = batchShape.reduce(1, *)
    leftBatch = Self.batchIndices(of: leftBatchShape, in: batchShape)
    rightBatch = Self.batchIndices(of: rightBatchShape, in: batchShape)

    var shape = batchShape
    if left.count > 1 { shape.append(m) }
    if right.count > 1 { shape.append(n) }
    outputShape = shape
  }

  /// Returns, for every matrix of `batchShape` in row-major order, the index
  /// of the matrix of `shape` that broadcasts to it.
  private static func batchIndices(of shape: [Int], in batchShape: [Int]) -> [Int] {
    let strides = Broadcast.strides(of: shape, in: batchShape)
    var indices: [Int] = []
    indices.reserveCapacity(batchShape.reduce(1, *))
    Broadcast.forEachRun(shape: batchShape, leftStrides: strides, rightStrides: strides) {
      offset, _, _, length, step, _ in
      for j in 0..<length { indices.append(offset + j * step) }
    }
    return indices
  }

  /// Returns dA, summed over the batches that share a left matrix:
  /// dA = dC · Bᵀ.
  func leftGradient(_ upstream: [Float], right: [Float], leftCount: Int) -> [Float] {
    var gradient = [Float](repeating: 0, count: leftCount)
    guard m * n * k > 0 else { return gradient }
    gradient.withUnsafeMutableBufferPointer { target in
      upstream.withUnsafeBufferPointer { dC in
        right.withUnsafeBufferPointer { b in
          for batch in 0..<batchCount {
            gemm(
              m: m, n: k, k: n, a: dC.baseAddress! + batch * m * n, transposeA: false,
              b: b.baseAddress! + rightBatch[batch] * k * n, transposeB: true,
              c: target.baseAddress! + leftBatch[batch] * m * k, accumulate: true)
          }
        }
      }
    }
    return gradient
  }

  /// Returns dB, summed over the batches that share a right matrix:
  /// dB = Aᵀ · dC.
  func rightGradient(_ upstream: [Float], left: [Float], rightCount: Int) -> [Float] {
    var gradient = [Float](repeating: 0, count: rightCount)
    guard m * n * k > 0 else { return gradient }
    gradient.withUnsafeMutableBufferPointer { target in
      upstream.withUnsafeBufferPointer { dC in
        left.withUnsafeBufferPointer { a in
          for batch in 0..<batchCount {
            gemm(
              m: k, n: n, k: m, a: a.baseAddress! + leftBatch[batch] * m * k, transposeA: true,
              b: dC.baseAddress! + batch * m * n, transposeB: false,
              c: target.baseAddress! + rightBatch[batch] * k * n, accumulate: true)
          }
        }
      }
    }
    return gradient
  }
}

extension Tensor {
  /// Element-wise sum of two tensors of the same shape.
  public static func + (left: Tensor, right: Tensor) -> Tensor {
    requireSameShape("add", left, right)
    let values = zip(left.data, right.data).map { $0 + $1 }
    return Tensor(shape: left.shape, data: values, inputs: [left, right]) { result in
      left.accumulateGradient(result.gradient!)
      right.accumulateGradient(result.gradient!)
    }
  }

  /// Element-wise difference of two tensors of the same shape.
  public static func - (left: Tensor, right: Tensor) -> Tensor {
    requireSameShape("subtract", left, right)
    let values = zip(left.data, right.data).map { $0 - $1 }
    return Tensor(shape: left.shape, data: values, inputs: [left, right]) { result in
      left.accumulateGradient(result.gradient!)
      right.accumulateGradient(result.gradient!.map { -$0 })
    }
  }

  /// Element-wise product of two tensors of the same shape.
  public static func * (left: Tensor, right: Tensor) -> Tensor {
    requireSameShape("multiply", left, right)
    let values = zip(left.data, right.data).map { $0 * $1 }
    return Tensor(shape: left.shape, data: values, inputs: [left, right]) { result in
      let upstream = result.gradient!
      left.accumulateGradient(zip(upstream, right.data).map { $0 * $1 })
      right.accumulateGradient(zip(upstream, left.data).map { $0 * $1 })
    }
  }

  /// Every element multiplied by a constant.
  public static func * (tensor: Tensor, factor: Float) -> Tensor {
    Tensor(shape: tensor.shape, data: tensor.data.map { $0 * factor }, inputs: [tensor]) {
      result in
      tensor.accumulateGradient(result.gradient!.map { $0 * factor })
    }
  }

  /// Sum of all elements, as a tensor of shape [].
  public func sum() -> Tensor {
    var total: Float = 0
    for value in data { total += value }
    return Tensor(shape: [], data: [total], inputs: [self]) { [self] result in
      accumulateGradient(Array(repeating: result.gradient![0], count: count))
    }
  }

  /// Mean of all elements, as a tensor of shape []. The mean of no elements is
  /// NaN, as in PyTorch.
  public func mean() -> Tensor {
    sum() * (1 / Float(count))
  }

  /// The same values viewed with another shape of the same element count.
  public func reshaped(_ newShape: [Int]) -> Tensor {
    precondition(newShape.reduce(1, *) == count,
      "reshape: shape \(shape) has \(count) values, \(newShape) needs \(newShape.reduce(1, *))")
    return Tensor(shape: newShape, data: data, inputs: [self]) { [self] result in
      accumulateGradient(result.gradient!)
    }
  }
}

/// Traps with the operation and both shapes when they differ.
func requireSameShape(_ operation: String, _ left: Tensor, _ right: Tensor) {
  precondition(left.shape == right.shape,
    "\(operation): left has shape \(left.shape), right has shape \(right.shape)")
}

extension Tensor {
  /// Element-wise sum, broadcasting the shapes as PyTorch does.
  public static func + (left: Tensor, right: Tensor) -> Tensor {
    let shape = binaryShape("add", left, right)
    let values = combine(left, right, shape: shape) { $0 + $1 }
    return Tensor(shape: shape, data: values, inputs: [left, right]) { result in
      let upstream = result.gradient!
      if left.requiresGradient {
        left.accumulateGradient(Broadcast.reduce(upstream, from: shape, to: left.shape))
      }
      if right.requiresGradient {
        right.accumulateGradient(Broadcast.reduce(upstream, from: shape, to: right.shape))
      }
    }
  }

  /// Element-wise difference, broadcasting the shapes as PyTorch does.
  public static func - (left: Tensor, right: Tensor) -> Tensor {
    let shape = binaryShape("subtract", left, right)
    let values = combine(left, right, shape: shape) { $0 - $1 }
    return Tensor(shape: shape, data: values, inputs: [left, right]) { result in
      let upstream = result.gradient!
      if left.requiresGradient {
        left.accumulateGradient(Broadcast.reduce(upstream, from: shape, to: left.shape))
      }
      if right.requiresGradient {
        let negated = elementwise(upstream) { -$0 }
        right.accumulateGradient(Broadcast.reduce(negated, from: shape, to: right.shape))
      }
    }
  }

  /// Element-wise product, broadcasting the shapes as PyTorch does.
  public static func * (left: Tensor, right: Tensor) -> Tensor {
    let shape = binaryShape("multiply", left, right)
    let values = combine(left, right, shape: shape) { $0 * $1 }
    return Tensor(shape: shape, data: values, inputs: [left, right]) { result in
      let upstream = result.gradient!
      if left.requiresGradient {
        // ∂(l·r)/∂l = r
        let local = elementwise(upstream, right.expanded(to: shape)) { $0 * $1 }
        left.accumulateGradient(Broadcast.reduce(local, from: shape, to: left.shape))
      }
      if right.requiresGradient {
        let local = elementwise(upstream, left.expanded(to: shape)) { $0 * $1 }
        right.accumulateGradient(Broadcast.reduce(local, from: shape, to: right.shape))
      }
    }
  }

  /// Element-wise quotient, broadcasting the shapes as PyTorch does. Division
  /// by zero gives ±infinity or NaN, as in IEEE 754.
  public static func / (left: Tensor, right: Tensor) -> Tensor {
    let shape = binaryShape("divide", left, right)
    let values = combine(left, right, shape: shape) { $0 / $1 }
    return Tensor(shape: shape, data: values, inputs: [left, right]) { result in
      let upstream = result.gradient!
      let divisor = right.expanded(to: shape)
      if left.requiresGradient {
        // ∂(l/r)/∂l = 1/r
        let local = elementwise(upstream, divisor) { $0 / $1 }
        left.accumulateGradient(Broadcast.reduce(local, from: shape, to: left.shape))
      }
      if right.requiresGradient {
        // ∂(l/r)/∂r = −(l/r)/r, written with the quotient the forward pass kept
        let quotient = elementwise(result.data, divisor) { $0 / $1 }
        let local = elementwise(upstream, quotient) { -$0 * $1 }
        right.accumulateGradient(Broadcast.reduce(local, from: shape, to: right.shape))
      }
    }
  }

  /// Element-wise negation.
  public static prefix func - (tensor: Tensor) -> Tensor {
    tensor.mapElements({ -$0 }, gradient: { upstream, _, _ in -upstream })
  }

  /// Every element plus a constant.
  public static func + (tensor: Tensor, constant: Float) -> Tensor {
    tensor.mapElements({ $0 + constant }, gradient: { upstream, _, _ in upstream })
  }

  /// A constant plus every element.
  public static func + (constant: Float, tensor: Tensor) -> Tensor {
    tensor + constant
  }

  /// Every element minus a constant.
  public static func - (tensor: Tensor, constant: Float) -> Tensor {
    tensor.mapElements({ $0 - constant }, gradient: { upstream, _, _ in upstream })
  }

  /// A constant minus every element.
  public static func - (constant: Float, tensor: Tensor) -> Tensor {
    tensor.mapElements({ constant - $0 }, gradient: { upstream, _, _ in -upstream })
  }

  /// Every element multiplied by a constant.
  public static func * (tensor: Tensor, factor: Float) -> Tensor {
    tensor.mapElements({ $0 * factor }, gradient: { upstream, _, _ in upstream * factor })
  }

  /// A constant multiplied by every element.
  public static func * (factor: Float, tensor: Tensor) -> Tensor {
    tensor * factor
  }

  /// Every element divided by a constant.
  public static func / (tensor: Tensor, divisor: Float) -> Tensor {
    tensor.mapElements({ $0 / divisor }, gradient: { upstream, _, _ in upstream / divisor })
  }

  /// A constant divided by every element.
  public static func / (dividend: Float, tensor: Tensor) -> Tensor {
    // ∂(c/x)/∂x = −c/x² = −y/x
    tensor.mapElements({ dividend / $0 }, gradient: { upstream, x, y in -upstream * y / x })
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

  /// Returns the tensor's values spread to `shape`, which it broadcasts to.
  func expanded(to target: [Int]) -> [Float] {
    if shape == target { return data }
    return Broadcast.map(data, shape, [0], [], to: target) { value, _ in value }
  }

  /// Returns `forward(x)` for every element x, recording `gradient(upstream,
  /// x, y)` as the backward rule, where y is the forward result.
  ///
  /// Every element-wise operation of one input goes through here, so each
  /// contains one loop forward and one loop backward and no temporaries.
  @inline(__always)
  func mapElements(
    _ forward: (Float) -> Float,
    gradient: @escaping (_ upstream: Float, _ x: Float, _ y: Float) -> Float
  ) -> Tensor {
    let values = elementwise(data, forward)
    return Tensor(shape: shape, data: values, inputs: [self]) { [self] result in
      let local = elementwise(result.gradient!, data, result.data, gradient)
      accumulateGradient(local)
    }
  }
}

/// Returns the broadcast shape of two operands, or the shared shape without
/// work when they are equal.
@inline(__always)
func binaryShape(_ operation: String, _ left: Tensor, _ right: Tensor) -> [Int] {
  left.shape == right.shape ? left.shape : Broadcast.shape(operation, left.shape, right.shape)
}

/// Returns `operation` applied to the elements of two tensors broadcast to
/// `shape`, with a plain loop when the shapes are equal.
@inline(__always)
func combine(
  _ left: Tensor, _ right: Tensor, shape: [Int], _ operation: (Float, Float) -> Float
) -> [Float] {
  if left.shape == right.shape { return elementwise(left.data, right.data, operation) }
  return Broadcast.map(left.data, left.shape, right.data, right.shape, to: shape, operation)
}

/// Returns `operation(x)` for every element of `values`.
@inline(__always)
func elementwise(_ values: [Float], _ operation: (Float) -> Float) -> [Float] {
  let count = values.count
  return [Float](unsafeUninitializedCapacity: count) { output, initialized in
    values.withUnsafeBufferPointer { input in
      for i in 0..<count { output[i] = operation(input[i]) }
    }
    initialized = count
  }
}

/// Returns `operation(a, b)` for every pair of elements of two arrays of the
/// same count.
@inline(__always)
func elementwise(
  _ first: [Float], _ second: [Float], _ operation: (Float, Float) -> Float
) -> [Float] {
  let count = first.count
  precondition(second.count == count, "elementwise: \(count) and \(second.count) values")
  return [Float](unsafeUninitializedCapacity: count) { output, initialized in
    first.withUnsafeBufferPointer { a in
      second.withUnsafeBufferPointer { b in
        for i in 0..<count { output[i] = operation(a[i], b[i]) }
      }
    }
    initialized = count
  }
}

/// Returns `operation(a, b, c)` for every triple of elements of three arrays
/// of the same count.
@inline(__always)
func elementwise(
  _ first: [Float], _ second: [Float], _ third: [Float],
  _ operation: (Float, Float, Float) -> Float
) -> [Float] {
  let count = first.count
  precondition(second.count == count && third.count == count,
    "elementwise: \(count), \(second.count) and \(third.count) values")
  return [Float](unsafeUninitializedCapacity: count) { output, initialized in
    first.withUnsafeBufferPointer { a in
      second.withUnsafeBufferPointer { b in
        third.withUnsafeBufferPointer { c in
          for i in 0..<count { output[i] = operation(a[i], b[i], c[i]) }
        }
      }
    }
    initialized = count
  }
}

/// Traps with the operation and both shapes when they differ.
func requireSameShape(_ operation: String, _ left: Tensor, _ right: Tensor) {
  precondition(left.shape == right.shape,
    "\(operation): left has shape \(left.shape), right has shape \(right.shape)")
}

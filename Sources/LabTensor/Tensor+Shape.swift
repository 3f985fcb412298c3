/// Operations that rearrange elements without computing new values. Results
/// are copies in row-major order, since tensors have no strided views. A
/// negative axis counts from the end, as in PyTorch.
extension Tensor {
  /// The same values viewed with another shape of the same element count.
  public func reshaped(_ newShape: [Int]) -> Tensor {
    precondition(newShape.reduce(1, *) == count,
      "reshape: shape \(shape) has \(count) values, \(newShape) needs \(newShape.reduce(1, *))")
    return Tensor(shape: newShape, data: data, inputs: [self]) { [self] result in
      accumulateGradient(result.gradient!)
    }
  }

  /// Merges the axes from `axis` to the last into one, as
  /// `torch.flatten(x, start_dim=axis)`; [N, C, H, W] from 1 becomes
  /// [N, C·H·W]. A tensor of shape [] becomes [1].
  public func flattened(from axis: Int = 0) -> Tensor {
    if rank == 0 { return reshaped([1]) }
    let start = normalizedAxis(axis, "flatten")
    return reshaped(Array(shape[..<start]) + [shape[start...].reduce(1, *)])
  }

  /// Swaps two axes, as `torch.transpose(x, first, second)`.
  public func transposed(_ first: Int, _ second: Int) -> Tensor {
    var order = Array(0..<rank)
    order.swapAt(normalizedAxis(first, "transpose"), normalizedAxis(second, "transpose"))
    return permuted(order)
  }

  /// Reorders the axes so that output axis i is input axis `axes[i]`, as
  /// `torch.permute`.
  ///
  /// - Precondition: `axes` contains every axis exactly once.
  public func permuted(_ axes: [Int]) -> Tensor {
    let order = axes.map { normalizedAxis($0, "permute") }
    precondition(order.count == rank && Set(order).count == rank,
      "permute: \(axes) is not an ordering of the \(rank) axes of shape \(shape)")
    var inverse = [Int](repeating: 0, count: rank)
    for (position, axis) in order.enumerated() { inverse[axis] = position }
    let outputShape = order.map { shape[$0] }
    let values = permute(data, shape: shape, order: order)
    return Tensor(shape: outputShape, data: values, inputs: [self]) { [self] result in
      accumulateGradient(permute(result.gradient!, shape: outputShape, order: inverse))
    }
  }

  /// Takes every `step`-th index along `axis` from `start` up to, not
  /// including, `end`, as Python's `x[..., start:end:step]`.
  ///
  /// Negative `start` and `end` count from the end, and both are clamped to
  /// the axis, so `end` may be `Int.max` for "to the end".
  ///
  /// - Precondition: `step` is positive, as PyTorch requires.
  public func sliced(axis: Int, start: Int = 0, end: Int = .max, step: Int = 1) -> Tensor {
    let dimension = normalizedAxis(axis, "slice")
    precondition(step > 0, "slice: step must be positive, got \(step)")
    let size = shape[dimension]
    let first = clampedIndex(start, size)
    let last = clampedIndex(end, size)
    let indices = Array(stride(from: first, to: Swift.max(first, last), by: step))
    let layout = AxisLayout(shape: shape, axis: dimension)

    var outputShape = shape
    outputShape[dimension] = indices.count
    var values = [Float](repeating: 0, count: layout.outer * indices.count * layout.inner)
    layout.forEachLine(of: indices) { source, target in
      for j in 0..<layout.inner { values[target + j] = data[source + j] }
    }
    return Tensor(shape: outputShape, data: values, inputs: [self]) { [self] result in
      let upstream = result.gradient!
      var local = [Float](repeating: 0, count: count)
      layout.forEachLine(of: indices) { source, target in
        for j in 0..<layout.inner { local[source + j] += upstream[target + j] }
      }
      accumulateGradient(local)
    }
  }

  /// Joins tensors along an existing axis, as `torch.cat(tensors, dim=axis)`.
  ///
  /// - Precondition: at least one tensor; all have the same rank and the same
  ///   sizes on every other axis.
  public static func concatenate(_ tensors: [Tensor], axis: Int) -> Tensor {
    precondition(!tensors.isEmpty, "concatenate: needs at least one tensor")
    let first = tensors[0]
    let dimension = first.normalizedAxis(axis, "concatenate")
    for tensor in tensors {
      var expected = first.shape
      expected[dimension] = tensor.rank == first.rank ? tensor.shape[dimension] : -1
      precondition(tensor.shape == expected,
        "concatenate: shape \(tensor.shape) does not match \(first.shape) "
          + "outside axis \(dimension)")
    }
    let sizes = tensors.map { $0.shape[dimension] }
    let total = sizes.reduce(0, +)
    var outputShape = first.shape
    outputShape[dimension] = total
    let layout = AxisLayout(shape: outputShape, axis: dimension)

    var values = [Float](repeating: 0, count: layout.outer * total * layout.inner)
    var offset = 0
    for (tensor, size) in zip(tensors, sizes) {
      let block = size * layout.inner
      for line in 0..<layout.outer {
        let target = (line * total + offset) * layout.inner
        for j in 0..<block { values[target + j] = tensor.data[line * block + j] }
      }
      offset += size
    }
    return Tensor(shape: outputShape, data: values, inputs: tensors) { result in
      let upstream = result.gradient!
      var offset = 0
      for (tensor, size) in zip(tensors, sizes) {
        defer { offset += size }
        guard tensor.requiresGradient else { continue }
        let block = size * layout.inner
        var local = [Float](repeating: 0, count: layout.outer * block)
        for line in 0..<layout.outer {
          let source = (line * total + offset) * layout.inner
          for j in 0..<block { local[line * block + j] = upstream[source + j] }
        }
        tensor.accumulateGradient(local)
      }
    }
  }

  /// Joins tensors of one shape along a new axis, as `torch.stack`.
  ///
  /// - Precondition: at least one tensor, all of the same shape.
  public static func stack(_ tensors: [Tensor], axis: Int = 0) -> Tensor {
    precondition(!tensors.isEmpty, "stack: needs at least one tensor")
    for tensor in tensors {
      precondition(tensor.shape == tensors[0].shape,
        "stack: shape \(tensor.shape) differs from \(tensors[0].shape)")
    }
    return concatenate(tensors.map { $0.unsqueezed(axis: axis) }, axis: axis)
  }

  /// Removes `axis`, which must have size 1, as `torch.squeeze(x, dim)`.
  public func squeezed(axis: Int) -> Tensor {
    let dimension = normalizedAxis(axis, "squeeze")
    precondition(shape[dimension] == 1,
      "squeeze: axis \(dimension) of shape \(shape) has size \(shape[dimension]), not 1")
    var newShape = shape
    newShape.remove(at: dimension)
    return reshaped(newShape)
  }

  /// Removes every axis of size 1, as `torch.squeeze(x)`.
  public func squeezed() -> Tensor {
    reshaped(shape.filter { $0 != 1 })
  }

  /// Inserts an axis of size 1 at `axis`, as `torch.unsqueeze`; `axis` may
  /// be `rank` (or −1) to append one.
  public func unsqueezed(axis: Int) -> Tensor {
    precondition(axis >= -(rank + 1) && axis <= rank,
      "unsqueeze: axis \(axis) is out of range for shape \(shape)")
    var newShape = shape
    newShape.insert(1, at: axis < 0 ? axis + rank + 1 : axis)
    return reshaped(newShape)
  }

  /// Returns `axis` counted from 0, trapping when it is outside the shape.
  func normalizedAxis(_ axis: Int, _ operation: String) -> Int {
    precondition(axis >= -rank && axis < rank,
      "\(operation): axis \(axis) is out of range for shape \(shape)")
    return axis < 0 ? axis + rank : axis
  }
}

/// Returns Python's reading of a slice bound: negative counts from the end,
/// then clamped to 0...size.
private func clampedIndex(_ index: Int, _ size: Int) -> Int {
  let counted = index < 0 ? index + size : index
  return Swift.min(Swift.max(counted, 0), size)
}

/// Returns `values` of `shape` with its axes reordered so that output axis i
/// is input axis `order[i]`.
private func permute(_ values: [Float], shape: [Int], order: [Int]) -> [Float] {
  let outputShape = order.map { shape[$0] }
  if order == Array(order.indices) { return values }
  var inputStrides = [Int](repeating: 1, count: shape.count)
  for axis in shape.indices.dropLast().reversed() {
    inputStrides[axis] = inputStrides[axis + 1] * shape[axis + 1]
  }
  let sourceStrides = order.map { inputStrides[$0] }
  let count = values.count
  return [Float](unsafeUninitializedCapacity: count) { output, initialized in
    values.withUnsafeBufferPointer { input in
      Broadcast.forEachRun(
        shape: outputShape, leftStrides: sourceStrides, rightStrides: sourceStrides
      ) { sourceOffset, _, targetOffset, length, sourceStep, _ in
        for j in 0..<length { output[targetOffset + j] = input[sourceOffset + j * sourceStep] }
      }
    }
    initialized = count
  }
}

/// A shape read as [outer, axis, inner]: the axes before `axis` merged into
/// `outer` and those after it into `inner`.
struct AxisLayout {
  let outer: Int
  let size: Int
  let inner: Int

  init(shape: [Int], axis: Int) {
    outer = shape[..<axis].reduce(1, *)
    size = shape[axis]
    inner = shape[(axis + 1)...].reduce(1, *)
  }

  /// Calls `body(source, target)` with the offsets of each line of `inner`
  /// elements, where the source takes the given indices along the axis and
  /// the target packs them one after another.
  func forEachLine(of indices: [Int], _ body: (Int, Int) -> Void) {
    for line in 0..<outer {
      for (position, index) in indices.enumerated() {
        body((line * size + index) * inner, (line * indices.count + position) * inner)
      }
    }
  }
}

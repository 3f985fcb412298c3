/// Reductions over chosen axes. Axes count from 0, and a negative axis counts
/// from the end as in PyTorch (−1 is the last). An empty axis list reduces
/// nothing. With `keepingDimensions`, each reduced axis stays in the shape
/// with size 1, as PyTorch's `keepdim=True`.
extension Tensor {
  /// Sums over `axes`, as `torch.sum(x, dim=axes, keepdim=keepingDimensions)`.
  public func sum(axes: [Int], keepingDimensions: Bool = false) -> Tensor {
    let plan = ReductionPlan("sum", shape: shape, axes: axes)
    var totals = [Float](repeating: 0, count: plan.keptShape.reduce(1, *))
    totals.withUnsafeMutableBufferPointer { output in
      data.withUnsafeBufferPointer { input in
        plan.forEachRun { outputOffset, inputOffset, length, outputStep in
          for j in 0..<length { output[outputOffset + j * outputStep] += input[inputOffset + j] }
        }
      }
    }
    let outputShape = plan.outputShape(keepingDimensions: keepingDimensions)
    return Tensor(shape: outputShape, data: totals, inputs: [self]) { [self] result in
      // Every input element gets the upstream gradient of its sum.
      accumulateGradient(
        Broadcast.map(result.gradient!, plan.keptShape, [0], [], to: shape) { value, _ in value })
    }
  }

  /// Averages over `axes`, as `torch.mean(x, dim=axes,
  /// keepdim=keepingDimensions)`. The mean over an axis of size 0 is NaN.
  public func mean(axes: [Int], keepingDimensions: Bool = false) -> Tensor {
    let plan = ReductionPlan("mean", shape: shape, axes: axes)
    return sum(axes: axes, keepingDimensions: keepingDimensions) * (1 / Float(plan.reducedCount))
  }

  /// The maximum over `axes`.
  ///
  /// Over one axis this is `torch.max(x, dim=axis)`, whose gradient goes to
  /// the first maximal element along the axis. Over several axes it is
  /// `torch.amax`, whose gradient is split evenly between tied maxima. NaN is
  /// the maximum wherever it occurs, as in PyTorch.
  ///
  /// - Precondition: every reduced axis has at least one element.
  public func max(axes: [Int], keepingDimensions: Bool = false) -> Tensor {
    let plan = ReductionPlan("max", shape: shape, axes: axes)
    return reduceMaximum(plan, isSplitEvenly: plan.axes.count != 1, keepingDimensions)
  }

  /// The maximum of all elements, as a tensor of shape []. As in
  /// `torch.max(x)`, the gradient is split evenly between tied maxima.
  ///
  /// - Precondition: the tensor has at least one element.
  public func max() -> Tensor {
    let plan = ReductionPlan("max", shape: shape, axes: Array(0..<rank))
    return reduceMaximum(plan, isSplitEvenly: true, false)
  }

  /// Returns the index along `axis` of the first maximal element of every
  /// line along it, as `torch.argmax(x, dim=axis)`, in the row-major order
  /// of the shape without `axis`. NaN counts as the maximum. It records
  /// nothing, because indices have no gradient.
  public func argmax(axis: Int) -> [Int] {
    precondition(rank > 0, "argmax: a tensor of shape [] has no axis \(axis)")
    let plan = ReductionPlan("argmax", shape: shape, axes: [axis])
    let maxima = maximumValues(plan)
    let outputCount = maxima.count
    var indices = [Int](repeating: -1, count: outputCount)
    let axisStride = shape[(plan.axes[0] + 1)...].reduce(1, *)
    for index in 0..<count {
      let output = plan.outputIndex(of: index)
      if indices[output] < 0 && isMaximum(data[index], maxima[output]) {
        indices[output] = (index / axisStride) % shape[plan.axes[0]]
      }
    }
    return indices
  }

  /// Returns the row-major index of the first maximal element, as
  /// `torch.argmax(x)`.
  ///
  /// - Precondition: the tensor has at least one element.
  public func argmax() -> Int {
    precondition(count > 0, "argmax: tensor of shape \(shape) has no elements")
    let maximum = maximumValues(ReductionPlan("argmax", shape: shape, axes: Array(0..<rank)))[0]
    return data.firstIndex { isMaximum($0, maximum) }!
  }

  private func reduceMaximum(
    _ plan: ReductionPlan, isSplitEvenly: Bool, _ keepingDimensions: Bool
  ) -> Tensor {
    let maxima = maximumValues(plan)
    let outputShape = plan.outputShape(keepingDimensions: keepingDimensions)
    return Tensor(shape: outputShape, data: maxima, inputs: [self]) { [self] result in
      let upstream = result.gradient!
      var local = [Float](repeating: 0, count: count)
      if isSplitEvenly {
        var tieCounts = [Float](repeating: 0, count: maxima.count)
        for index in 0..<count where isMaximum(data[index], maxima[plan.outputIndex(of: index)]) {
          tieCounts[plan.outputIndex(of: index)] += 1
        }
        for index in 0..<count {
          let output = plan.outputIndex(of: index)
          if isMaximum(data[index], maxima[output]) {
            local[index] = upstream[output] / tieCounts[output]
          }
        }
      } else {
        // Row-major order meets the elements of one line in axis order, so the
        // first match is the first maximal element.
        var isTaken = [Bool](repeating: false, count: maxima.count)
        for index in 0..<count {
          let output = plan.outputIndex(of: index)
          if !isTaken[output] && isMaximum(data[index], maxima[output]) {
            local[index] = upstream[output]
            isTaken[output] = true
          }
        }
      }
      accumulateGradient(local)
    }
  }

  /// Returns the maximum of every group that `plan` reduces, NaN when a group
  /// contains NaN.
  private func maximumValues(_ plan: ReductionPlan) -> [Float] {
    precondition(plan.reducedCount > 0 || count == 0,
      "\(plan.operation): cannot reduce over an axis of size 0 in shape \(shape)")
    var maxima = [Float](repeating: -.infinity, count: plan.keptShape.reduce(1, *))
    maxima.withUnsafeMutableBufferPointer { output in
      data.withUnsafeBufferPointer { input in
        plan.forEachRun { outputOffset, inputOffset, length, outputStep in
          for j in 0..<length {
            let value = input[inputOffset + j]
            let target = outputOffset + j * outputStep
            if value > output[target] || value.isNaN { output[target] = value }
          }
        }
      }
    }
    return maxima
  }
}

/// Whether `value` is the group maximum `maximum`, with NaN matching NaN.
private func isMaximum(_ value: Float, _ maximum: Float) -> Bool {
  value == maximum || (value.isNaN && maximum.isNaN)
}

/// The shapes and index arithmetic of one reduction.
struct ReductionPlan {
  let operation: String
  let shape: [Int]
  /// The reduced axes, counted from 0, sorted and without repeats.
  let axes: [Int]
  /// The shape with every reduced axis set to size 1.
  let keptShape: [Int]
  /// The strides of the output inside the input's shape, 0 on reduced axes.
  let outputStrides: [Int]
  /// How many input elements make one output element.
  let reducedCount: Int

  init(_ operation: String, shape: [Int], axes: [Int]) {
    self.operation = operation
    self.shape = shape
    let normalized = axes.map { axis in
      precondition(axis >= -shape.count && axis < Swift.max(shape.count, 1),
        "\(operation): axis \(axis) is out of range for shape \(shape)")
      return axis < 0 ? axis + shape.count : axis
    }
    self.axes = Array(Set(normalized)).sorted().filter { $0 < shape.count }
    var kept = shape
    for axis in self.axes { kept[axis] = 1 }
    keptShape = kept
    outputStrides = Broadcast.strides(of: kept, in: shape)
    reducedCount = self.axes.reduce(1) { $0 * shape[$1] }
  }

  /// Returns the output shape, with or without the reduced axes.
  func outputShape(keepingDimensions: Bool) -> [Int] {
    if keepingDimensions { return keptShape }
    return shape.indices.filter { !axes.contains($0) }.map { shape[$0] }
  }

  /// Returns the output element that the input element `index` reduces into.
  func outputIndex(of index: Int) -> Int {
    var remainder = index
    var output = 0
    for axis in shape.indices.reversed() {
      output += (remainder % shape[axis]) * outputStrides[axis]
      remainder /= shape[axis]
    }
    return output
  }

  /// Calls `body(outputOffset, inputOffset, length, outputStep)` for every run
  /// of the input's last dimension, in row-major order.
  @inline(__always)
  func forEachRun(_ body: (Int, Int, Int, Int) -> Void) {
    Broadcast.forEachRun(shape: shape, leftStrides: outputStrides, rightStrides: outputStrides) {
      outputOffset, _, inputOffset, length, outputStep, _ in
      body(outputOffset, inputOffset, length, outputStep)
    }
  }
}

/// Broadcasting as NumPy and PyTorch define it: shapes are aligned at their
/// last dimension, and each pair of dimensions must be equal or contain a 1,
/// which is repeated to the other size. A missing leading dimension counts
/// as 1.
enum Broadcast {
  /// Returns the broadcast shape of `left` and `right`.
  ///
  /// - Precondition: the shapes are broadcastable; otherwise the operation
  ///   traps with both shapes in the message.
  static func shape(_ operation: String, _ left: [Int], _ right: [Int]) -> [Int] {
    let rank = max(left.count, right.count)
    var result = [Int](repeating: 1, count: rank)
    for position in 0..<rank {
      let leftSize = dimension(left, position, rank: rank)
      let rightSize = dimension(right, position, rank: rank)
      precondition(leftSize == rightSize || leftSize == 1 || rightSize == 1,
        "\(operation): shapes \(left) and \(right) cannot be broadcast together")
      result[position] = leftSize == 1 ? rightSize : leftSize
    }
    return result
  }

  /// Returns the size of `shape` at `position` of a shape of `rank`
  /// dimensions that it is aligned with at the end.
  private static func dimension(_ shape: [Int], _ position: Int, rank: Int) -> Int {
    let index = position - (rank - shape.count)
    return index < 0 ? 1 : shape[index]
  }

  /// Returns the element strides of `shape` read as a shape of `rank`
  /// dimensions of `target` sizes, with stride 0 where it is broadcast.
  static func strides(of shape: [Int], in target: [Int]) -> [Int] {
    let rank = target.count
    var result = [Int](repeating: 0, count: rank)
    var elementStride = 1
    for index in (0..<shape.count).reversed() {
      let position = index + rank - shape.count
      result[position] = shape[index] == 1 ? 0 : elementStride
      elementStride *= shape[index]
    }
    return result
  }

  /// Calls `body(leftOffset, rightOffset, outputOffset, length, leftStep,
  /// rightStep)` for every run of `length` output elements along the last
  /// dimension of `shape`, in row-major order.
  ///
  /// A run covers the last dimension, whose elements are `leftStep` apart
  /// in the left operand (0 when broadcast) and `rightStep` apart in the
  /// right one. The outer dimensions are walked with an odometer.
  @inline(__always)
  static func forEachRun(
    shape: [Int], leftStrides: [Int], rightStrides: [Int],
    _ body: (Int, Int, Int, Int, Int, Int) -> Void
  ) {
    let count = shape.reduce(1, *)
    guard count > 0 else { return }
    guard let length = shape.last else {
      body(0, 0, 0, 1, 0, 0)
      return
    }
    let outerRank = shape.count - 1
    let leftStep = leftStrides[outerRank]
    let rightStep = rightStrides[outerRank]
    var index = [Int](repeating: 0, count: outerRank)
    var leftOffset = 0
    var rightOffset = 0
    var outputOffset = 0
    while outputOffset < count {
      body(leftOffset, rightOffset, outputOffset, length, leftStep, rightStep)
      outputOffset += length
      var axis = outerRank - 1
      while axis >= 0 {
        index[axis] += 1
        leftOffset += leftStrides[axis]
        rightOffset += rightStrides[axis]
        if index[axis] < shape[axis] { break }
        leftOffset -= leftStrides[axis] * shape[axis]
        rightOffset -= rightStrides[axis] * shape[axis]
        index[axis] = 0
        axis -= 1
      }
    }
  }

  /// Returns `operation(left[i], right[i])` for every element of the
  /// broadcast shape `shape`.
  @inline(__always)
  static func map(
    _ left: [Float], _ leftShape: [Int], _ right: [Float], _ rightShape: [Int],
    to shape: [Int], _ operation: (Float, Float) -> Float
  ) -> [Float] {
    let count = shape.reduce(1, *)
    let leftStrides = strides(of: leftShape, in: shape)
    let rightStrides = strides(of: rightShape, in: shape)
    return [Float](unsafeUninitializedCapacity: count) { output, initialized in
      left.withUnsafeBufferPointer { l in
        right.withUnsafeBufferPointer { r in
          forEachRun(shape: shape, leftStrides: leftStrides, rightStrides: rightStrides) {
            leftOffset, rightOffset, outputOffset, length, leftStep, rightStep in
            for j in 0..<length {
              output[outputOffset + j] = operation(
                l[leftOffset + j * leftStep], r[rightOffset + j * rightStep])
            }
          }
        }
      }
      initialized = count
    }
  }

  /// Sums `gradient`, of the broadcast shape `shape`, over the dimensions
  /// that `target` was broadcast along, so that it has `target`'s size.
  static func reduce(_ gradient: [Float], from shape: [Int], to target: [Int]) -> [Float] {
    if shape == target { return gradient }
    let targetCount = target.reduce(1, *)
    let targetStrides = strides(of: target, in: shape)
    var result = [Float](repeating: 0, count: targetCount)
    result.withUnsafeMutableBufferPointer { output in
      gradient.withUnsafeBufferPointer { source in
        forEachRun(shape: shape, leftStrides: targetStrides, rightStrides: targetStrides) {
          targetOffset, _, sourceOffset, length, targetStep, _ in
          for j in 0..<length { output[targetOffset + j * targetStep] += source[sourceOffset + j] }
        }
      }
    }
    return result
  }
}

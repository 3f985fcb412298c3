/// A dense Float32 tensor in row-major order that records the operations that
/// produced it, so that `backward()` can compute gradients in reverse mode.
///
/// Tensors are reference types, as in PyTorch: a parameter is one object that
/// layers, optimizers and the recorded graph all share. Gradients accumulate
/// across `backward()` calls until `zeroGradient()` clears them.
public final class Tensor {
  public let shape: [Int]
  public var data: [Float]
  /// The gradient of the last differentiated output with respect to this
  /// tensor, the same size as `data`; nil until a backward pass reaches it.
  public var gradient: [Float]?
  /// Whether gradients flow to this tensor; true for parameters, false for
  /// data. A frozen parameter sets it to false and costs no gradient work.
  public var requiresGradient: Bool

  /// The tensors this one was computed from, when it was recorded. Only
  /// `deinit` changes it, to take the graph apart without recursion.
  private(set) var inputs: [Tensor]
  /// Adds this tensor's gradient, through the operation that made it, to the
  /// gradients of `inputs`.
  private(set) var propagate: ((Tensor) -> Void)?
  /// The number of the last backward pass that visited this tensor, so that
  /// a pass marks its visits without a hash set.
  var visitMark: UInt64 = 0

  public init(shape: [Int], data: [Float], requiresGradient: Bool = false) {
    precondition(shape.allSatisfy { $0 >= 0 }, "Tensor: negative dimension in shape \(shape)")
    precondition(shape.reduce(1, *) == data.count,
      "Tensor: shape \(shape) needs \(shape.reduce(1, *)) values, got \(data.count)")
    self.shape = shape
    self.data = data
    self.requiresGradient = requiresGradient
    self.inputs = []
    self.propagate = nil
  }

  /// Creates the result of an operation. It records `propagate` only when an
  /// input needs gradients, so inference builds no graph.
  package init(shape: [Int], data: [Float], inputs: [Tensor], propagate: @escaping (Tensor) -> Void) {
    self.shape = shape
    self.data = data
    let isRecorded = inputs.contains { $0.requiresGradient }
    self.requiresGradient = isRecorded
    self.inputs = isRecorded ? inputs : []
    self.propagate = isRecorded ? propagate : nil
  }

  /// Releases the recorded graph behind this tensor with a loop.
  ///
  /// Left to Swift, releasing a chain of n recorded operations nests n deinit
  /// calls, because each tensor's `inputs` and `propagate` reference the
  /// tensor before it, and a chain of 100,000 additions overflowed the stack.
  /// Here every input that nothing else references is detached from its own
  /// inputs before it is released, so each deinit runs on a tensor with no
  /// graph left and the depth stays constant.
  deinit {
    guard !inputs.isEmpty else { return }
    var pending = inputs
    inputs = []
    // The closure references the inputs too. Dropping it first leaves
    // `pending` as their last owner when nothing outside the graph does.
    propagate = nil
    while var tensor = pending.popLast() {
      guard isKnownUniquelyReferenced(&tensor), !tensor.inputs.isEmpty else { continue }
      pending.append(contentsOf: tensor.inputs)
      tensor.inputs = []
      tensor.propagate = nil
    }
  }

  public convenience init(zeros shape: [Int], requiresGradient: Bool = false) {
    self.init(
      shape: shape, data: Array(repeating: 0, count: shape.reduce(1, *)),
      requiresGradient: requiresGradient)
  }

  public convenience init(scalar: Float) {
    self.init(shape: [], data: [scalar])
  }

  public var count: Int { data.count }
  public var rank: Int { shape.count }

  /// The single value of a tensor with one element.
  public var scalar: Float {
    precondition(data.count == 1, "Tensor.scalar: shape \(shape) holds \(data.count) values")
    return data[0]
  }

  /// Clears the accumulated gradient, as `zero_grad(set_to_none=True)` does.
  public func zeroGradient() {
    gradient = nil
  }

  /// Adds `values` to the gradient, allocating it on first use.
  package func accumulateGradient(_ values: UnsafeBufferPointer<Float>) {
    guard requiresGradient else { return }
    precondition(values.count == data.count,
      "Tensor: gradient of \(values.count) values for shape \(shape)")
    if gradient == nil {
      gradient = Array(values)
      return
    }
    gradient!.withUnsafeMutableBufferPointer { target in
      for i in 0..<target.count { target[i] += values[i] }
    }
  }

  /// Adds `values` to the gradient. The first contribution is stored as it
  /// is, without a copy, because arrays share storage until one is changed.
  package func accumulateGradient(_ values: [Float]) {
    guard requiresGradient else { return }
    guard gradient != nil else {
      precondition(values.count == data.count,
        "Tensor: gradient of \(values.count) values for shape \(shape)")
      gradient = values
      return
    }
    values.withUnsafeBufferPointer { accumulateGradient($0) }
  }
}

extension Tensor: CustomStringConvertible {
  public var description: String {
    let preview = data.prefix(8).map { "\($0)" }.joined(separator: ", ")
    return "Tensor(shape: \(shape), data: [\(preview)\(data.count > 8 ? ", …" : "")])"
  }
}

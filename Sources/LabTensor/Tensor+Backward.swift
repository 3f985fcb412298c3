import Synchronization

extension Tensor {
  /// Computes the gradient of this tensor with respect to every tensor it was
  /// computed from, accumulating into their `gradient` as PyTorch does.
  ///
  /// The seed gradient is 1 for every element (for a scalar loss, dL/dL = 1).
  public func backward() {
    guard requiresGradient else { return }
    let order = topologicalOrder()
    for tensor in order where tensor.propagate != nil {
      // Recorded results, this one included, start each pass empty, so that a
      // gradient left by an earlier pass is not propagated again. Only leaves
      // accumulate across passes.
      tensor.gradient = nil
    }
    accumulateGradient(Array(repeating: 1, count: count))
    for tensor in order.reversed() {
      guard let propagate = tensor.propagate, tensor.gradient != nil else { continue }
      propagate(tensor)
    }
  }

  /// Returns the recorded tensors reachable from this one, every tensor after
  /// the tensors it was computed from. Iterative, so deep graphs cannot
  /// overflow the stack.
  ///
  /// Each call takes a new pass number and marks every tensor it reaches
  /// with it, which costs a store where a set of visited tensors would
  /// hash and allocate.
  ///
  /// NOTE: two passes on different threads through shared tensors overwrite
  /// each other's marks. Such passes already race on the shared gradients,
  /// so they must not run concurrently in any case.
  func topologicalOrder() -> [Tensor] {
    let pass = backwardPassCounter.add(1, ordering: .relaxed).newValue
    var order: [Tensor] = []
    var stack = [VisitFrame(tensor: self, isExpanded: false)]
    while let frame = stack.popLast() {
      let tensor = frame.tensor
      if frame.isExpanded {
        order.append(tensor)
        continue
      }
      guard tensor.visitMark != pass else { continue }
      tensor.visitMark = pass
      stack.append(VisitFrame(tensor: tensor, isExpanded: true))
      for input in tensor.inputs where input.requiresGradient && input.visitMark != pass {
        stack.append(VisitFrame(tensor: input, isExpanded: false))
      }
    }
    return order
  }
}

/// One entry of the depth-first walk in `topologicalOrder`: a tensor, and
/// whether its inputs have already been pushed.
private struct VisitFrame {
  let tensor: Tensor
  let isExpanded: Bool
}

/// The source of backward pass numbers; 0 is never handed out, so a new
/// tensor counts as unvisited.
private let backwardPassCounter = Atomic<UInt64>(0)

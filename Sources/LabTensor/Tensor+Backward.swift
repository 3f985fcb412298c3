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
  func topologicalOrder() -> [Tensor] {
    var order: [Tensor] = []
    var visited = Set<ObjectIdentifier>()
    var stack: [(tensor: Tensor, isExpanded: Bool)] = [(self, false)]
    while let (tensor, isExpanded) = stack.popLast() {
      if isExpanded {
        order.append(tensor)
        continue
      }
      guard visited.insert(ObjectIdentifier(tensor)).inserted else { continue }
      stack.append((tensor, true))
      for input in tensor.inputs where input.requiresGradient {
        if !visited.contains(ObjectIdentifier(input)) { stack.append((input, false)) }
      }
    }
    return order
  }
}

extension Tensor {
  /// Rectified linear unit, max(0, x). The gradient at exactly 0 is 0, as in
  /// PyTorch.
  public func relu() -> Tensor {
    let values = data.map { $0 > 0 ? $0 : 0 }
    return Tensor(shape: shape, data: values, inputs: [self]) { [self] result in
      let upstream = result.gradient!
      var local = [Float](repeating: 0, count: count)
      for i in 0..<count where data[i] > 0 { local[i] = upstream[i] }
      accumulateGradient(local)
    }
  }
}

import LabTensor

/// Records a fused operation with `data` as its values and a backward pass
/// that maps the upstream gradient of its elements to one gradient per input
/// (nil for an input that receives none).
///
/// The caller computes the forward values and the gradients on plain arrays,
/// so the graph only carries `backward`.
func recordOperation(
  shape: [Int], data: [Float], inputs: [Tensor],
  backward: @escaping (_ upstream: [Float]) -> [[Float]?]
) -> Tensor {
  Tensor(shape: shape, data: data, inputs: inputs) { result in
    let gradients = backward(result.gradient!)
    for (input, gradient) in zip(inputs, gradients) {
      if let gradient { input.accumulateGradient(gradient) }
    }
  }
}

/// Records an element-wise operation, whose output element i depends on
/// element i of each input alone, with ∂outputᵢ/∂inputᵢ = `slopes[input][i]`.
func recordElementwise(
  shape: [Int], data: [Float], inputs: [Tensor], slopes: [[Float]]
) -> Tensor {
  Tensor(shape: shape, data: data, inputs: inputs) { result in
    let upstream = result.gradient!
    for (input, inputSlopes) in zip(inputs, slopes) where input.requiresGradient {
      var gradient = [Float](repeating: 0, count: upstream.count)
      for index in gradient.indices { gradient[index] = upstream[index] * inputSlopes[index] }
      input.accumulateGradient(gradient)
    }
  }
}

import LabTensor

/// Records a fused operation with `data` as its values and a backward pass
/// that maps the upstream gradient of its elements linearly to one gradient
/// per input (nil for an input that receives none).
///
/// The caller computes the forward values and the gradients on plain arrays,
/// so the graph only has to carry `backward`. It does so through public
/// operations. Calling `backward` once per output element builds each input's
/// transposed Jacobian [n, K]. Each input that requires gradients, as a row
/// [1, n], is multiplied by it, and the terms are added. The result's values
/// are then replaced by `data`, so the value is exactly the caller's and the
/// gradient is exactly `backward` applied to the upstream gradient.
///
/// NOTE: LabTensor keeps `Tensor(shape:data:inputs:propagate:)` internal, so a
/// fused operation outside LabTensor cannot record a closure. The Jacobian
/// costs K backward evaluations and K·n memory. That is little for scalar
/// losses (K = 1) but quadratic for reduction `none` of a loss that is not
/// element-wise. Making that initializer and `accumulateGradient(_:)`
/// `package` in LabTensor lets this function record `backward` directly.
func recordOperation(
  shape: [Int], data: [Float], inputs: [Tensor],
  backward: @escaping (_ upstream: [Float]) -> [[Float]?]
) -> Tensor {
  let outputCount = data.count
  let recorded = inputs.indices.filter { inputs[$0].requiresGradient && inputs[$0].count > 0 }
  guard !recorded.isEmpty, outputCount > 0 else { return Tensor(shape: shape, data: data) }

  var transposedJacobians = recorded.map {
    [Float](repeating: 0, count: inputs[$0].count * outputCount)
  }
  var unit = [Float](repeating: 0, count: outputCount)
  for column in 0..<outputCount {
    unit[column] = 1
    let gradients = backward(unit)
    unit[column] = 0
    for (slot, index) in recorded.enumerated() {
      guard let gradient = gradients[index] else { continue }
      for (row, value) in gradient.enumerated() {
        transposedJacobians[slot][row * outputCount + column] = value
      }
    }
  }

  var total: Tensor?
  for (slot, index) in recorded.enumerated() {
    let input = inputs[index]
    let jacobian = Tensor(shape: [input.count, outputCount], data: transposedJacobians[slot])
    let term = input.reshaped([1, input.count]).matmul(jacobian)
    total = total.map { $0 + term } ?? term
  }
  let result = total!.reshaped(shape)
  result.data = data
  return result
}

/// Records an element-wise operation, whose output element i depends on
/// element i of each input alone, with ∂outputᵢ/∂inputᵢ = `slopes[input][i]`.
///
/// Each input is multiplied element by element by its constant slopes, so this
/// costs O(n), unlike the Jacobian of `recordOperation`. The values are then
/// replaced by `data`.
func recordElementwise(
  shape: [Int], data: [Float], inputs: [Tensor], slopes: [[Float]]
) -> Tensor {
  var total: Tensor?
  for (input, inputSlopes) in zip(inputs, slopes) where input.requiresGradient {
    let term = input * Tensor(shape: input.shape, data: inputSlopes)
    total = total.map { $0 + term } ?? term
  }
  guard let total else { return Tensor(shape: shape, data: data) }
  let result = total.reshaped(shape)
  result.data = data
  return result
}

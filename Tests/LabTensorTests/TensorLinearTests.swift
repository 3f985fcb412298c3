import LabTensor
import LabTestSupport
import Testing

@Suite("Tensor+Linear")
struct TensorLinearTests {
  @Test("matmul matches PyTorch", arguments: try TensorReference.load().matmul)
  func matmulMatchesPyTorch(reference: MatmulCase) {
    let left = reference.left.leaf()
    let right = reference.right.leaf()

    let output = left.matmul(right)
    (output * reference.upstream.constant()).sum().backward()

    expectValues(output, reference.output, "matmul \(reference.name) output")
    expectGradient(left, reference.leftGradient, "matmul \(reference.name) left gradient")
    expectGradient(right, reference.rightGradient, "matmul \(reference.name) right gradient")
  }

  @Test("linear matches PyTorch", arguments: try TensorReference.load().linear)
  func linearMatchesPyTorch(reference: LinearCase) {
    let input = reference.input.leaf()
    let weight = reference.weight.leaf()
    let bias = reference.bias?.leaf()

    let output = input.linear(weight: weight, bias: bias)
    (output * reference.upstream.constant()).sum().backward()

    expectValues(output, reference.output, "linear \(reference.name) output")
    expectGradient(input, reference.inputGradient, "linear \(reference.name) input gradient")
    expectGradient(weight, reference.weightGradient, "linear \(reference.name) weight gradient")
    #expect((bias == nil) == (reference.biasGradient == nil), "fixture and case disagree on bias")
    if let bias, let biasGradient = reference.biasGradient {
      expectGradient(bias, biasGradient, "linear \(reference.name) bias gradient")
    }
  }

  @Test("matmul gradient matches finite differences", arguments: try TensorReference.load().matmul)
  func matmulGradient(reference: MatmulCase) {
    checkGradient(
      "matmul \(reference.name)", inputs: [reference.left.leaf(), reference.right.leaf()]
    ) { inputs in
      weightedSum(inputs[0].matmul(inputs[1]))
    }
  }

  @Test("linear gradient matches finite differences", arguments: try TensorReference.load().linear)
  func linearGradient(reference: LinearCase) {
    var inputs = [reference.input.leaf(), reference.weight.leaf()]
    if let bias = reference.bias { inputs.append(bias.leaf()) }

    checkGradient("linear \(reference.name)", inputs: inputs) { inputs in
      let bias = inputs.count == 3 ? inputs[2] : nil
      return weightedSum(inputs[0].linear(weight: inputs[1], bias: bias))
    }
  }

  @Test("linear without bias is matmul by Wᵀ")
  func linearEqualsMatmul() {
    let input = Tensor(shape: [2, 3], data: [1, -2, 3, 0.5, 4, -1])
    let weight = Tensor(shape: [2, 3], data: [2, 0, -1, 1, 3, 0.25])
    let transposed = Tensor(shape: [3, 2], data: [2, 1, 0, 3, -1, 0.25])

    let output = input.linear(weight: weight, bias: nil)

    #expect(output.shape == [2, 2])
    #expect(output.data == input.matmul(transposed).data)
  }

  @Test("matmul of empty inner dimension is zeros")
  func matmulEmptyInnerDimension() {
    let left = Tensor(zeros: [2, 0])
    let right = Tensor(zeros: [0, 3])

    let output = left.matmul(right)

    #expect(output.shape == [2, 3])
    #expect(output.data == [Float](repeating: 0, count: 6))
  }

  @Test("matmul traps on mismatched inner dimensions")
  func matmulTrapsOnMismatch() async {
    await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor(zeros: [2, 3]).matmul(Tensor(zeros: [4, 2]))
    }
  }

  @Test("linear traps on a bias of the wrong size")
  func linearTrapsOnBiasSize() async {
    await #expect(processExitsWith: .failure) {
      _ = Tensor(zeros: [2, 3]).linear(weight: Tensor(zeros: [4, 3]), bias: Tensor(zeros: [3]))
    }
  }
}

import LabTensor
import LabTestSupport
import Testing

@Suite("Tensor batched matmul")
struct BatchedMatmulTests {
  @Test("matmul matches torch.matmul", arguments: try OpsReference.load().matmul)
  func matmulMatchesPyTorch(reference: OperationCase) {
    expectMatchesPyTorch(reference)
  }

  @Test(
    "matmul gradient matches finite differences", arguments: try OpsReference.load().matmul)
  func matmulFiniteDifferences(reference: OperationCase) {
    expectFiniteDifferences(reference)
  }

  @Test("batch of one equals the matrix product")
  func batchOfOneEqualsMatrixProduct() {
    var generator = RandomGenerator(seed: 4)
    let left = Tensor(shape: [2, 3], data: (0..<6).map { _ in generator.uniform(-1, 1) })
    let right = Tensor(shape: [3, 4], data: (0..<12).map { _ in generator.uniform(-1, 1) })

    let matrix = left.matmul(right)
    let batched = left.reshaped([1, 2, 3]).matmul(right)

    #expect(batched.shape == [1, 2, 4])
    #expect(batched.data == matrix.data)
  }

  @Test("matmul of empty inner dimension is zeros")
  func emptyInnerDimension() {
    let left = Tensor(zeros: [2, 2, 0], requiresGradient: true)
    let right = Tensor(zeros: [0, 3], requiresGradient: true)

    let product = left.matmul(right)
    product.sum().backward()

    #expect(product.shape == [2, 2, 3])
    #expect(product.data == [Float](repeating: 0, count: 12))
    #expect(left.gradient == [])
    #expect(right.gradient == [])
  }

  @Test("matmul traps on mismatched inner sizes")
  func matmulTrapsOnInnerSize() async {
    await #expect(processExitsWith: .failure) {
      _ = Tensor(zeros: [2, 2, 3]).matmul(Tensor(zeros: [4, 2]))
    }
  }

  @Test("matmul traps on batches that do not broadcast")
  func matmulTrapsOnBatches() async {
    await #expect(processExitsWith: .failure) {
      _ = Tensor(zeros: [2, 2, 3]).matmul(Tensor(zeros: [3, 3, 2]))
    }
  }
}

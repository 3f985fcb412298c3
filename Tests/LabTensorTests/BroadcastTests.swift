import LabTensor
import LabTestSupport
import Testing

@Suite("Tensor broadcasting arithmetic")
struct BroadcastTests {
  @Test("tensor arithmetic matches PyTorch", arguments: try OpsReference.load().broadcast)
  func tensorArithmeticMatchesPyTorch(reference: OperationCase) {
    expectMatchesPyTorch(reference)
  }

  @Test("scalar arithmetic matches PyTorch", arguments: try OpsReference.load().scalar)
  func scalarArithmeticMatchesPyTorch(reference: OperationCase) {
    expectMatchesPyTorch(reference)
  }

  @Test(
    "tensor arithmetic gradient matches finite differences",
    arguments: smoothCases(try OpsReference.load().broadcast))
  func tensorArithmeticFiniteDifferences(reference: OperationCase) {
    expectFiniteDifferences(reference)
  }

  @Test(
    "scalar arithmetic gradient matches finite differences",
    arguments: smoothCases(try OpsReference.load().scalar))
  func scalarArithmeticFiniteDifferences(reference: OperationCase) {
    expectFiniteDifferences(reference)
  }

  @Test("row vector broadcasts over every row")
  func rowBroadcast() {
    let matrix = Tensor(shape: [2, 3], data: [1, 2, 3, 4, 5, 6])
    let row = Tensor(shape: [3], data: [10, 20, 30])

    let sum = matrix + row

    #expect(sum.shape == [2, 3])
    #expect(sum.data == [11, 22, 33, 14, 25, 36])
  }

  @Test("column and row broadcast to a table")
  func outerBroadcast() {
    let column = Tensor(shape: [3, 1], data: [1, 2, 3])
    let row = Tensor(shape: [1, 2], data: [10, 100])

    let product = column * row

    #expect(product.shape == [3, 2])
    #expect(product.data == [10, 100, 20, 200, 30, 300])
  }

  @Test("broadcast gradient sums over repeated axes")
  func broadcastGradientSums() {
    let matrix = Tensor(shape: [2, 3], data: [1, 2, 3, 4, 5, 6], requiresGradient: true)
    let row = Tensor(shape: [3], data: [1, 1, 1], requiresGradient: true)

    (matrix * row).sum().backward()

    #expect(row.gradient == [5, 7, 9])
    #expect(matrix.gradient == [1, 1, 1, 1, 1, 1])
  }

  @Test("subtract traps on shapes that do not broadcast")
  func subtractTrapsOnShapes() async {
    await #expect(processExitsWith: .failure) {
      _ = Tensor(zeros: [2, 3]) - Tensor(zeros: [2])
    }
  }
}

import LabTensor
import LabTestSupport
import Testing

@Suite("Tensor+Shape")
struct ShapeTests {
  @Test("shape operations match PyTorch", arguments: try OpsReference.load().shape)
  func shapeOperationsMatchPyTorch(reference: OperationCase) {
    expectMatchesPyTorch(reference)
  }

  @Test(
    "shape operation gradient matches finite differences",
    arguments: smoothCases(try OpsReference.load().shape))
  func shapeOperationsFiniteDifferences(reference: OperationCase) {
    expectFiniteDifferences(reference)
  }

  @Test("transpose of a matrix")
  func transposeMatrix() {
    let x = Tensor(shape: [2, 3], data: [1, 2, 3, 4, 5, 6])

    let transposed = x.transposed(0, 1)

    #expect(transposed.shape == [3, 2])
    #expect(transposed.data == [1, 4, 2, 5, 3, 6])
  }

  @Test("permute and its inverse restore the tensor")
  func permuteRoundTrip() {
    let x = Tensor(shape: [2, 3, 4], data: (0..<24).map(Float.init))

    let restored = x.permuted([2, 0, 1]).permuted([1, 2, 0])

    #expect(restored.shape == x.shape)
    #expect(restored.data == x.data)
  }

  @Test("slice of an empty range has size 0")
  func emptySlice() {
    let x = Tensor(shape: [2, 5], data: (0..<10).map(Float.init), requiresGradient: true)

    let slice = x.sliced(axis: 1, start: 4, end: 2)
    slice.sum().backward()

    #expect(slice.shape == [2, 0])
    #expect(x.gradient == [Float](repeating: 0, count: 10))
  }

  @Test("slice with a step takes every other column")
  func steppedSlice() {
    let x = Tensor(shape: [2, 5], data: (0..<10).map(Float.init))

    let slice = x.sliced(axis: -1, start: 0, step: 2)

    #expect(slice.shape == [2, 3])
    #expect(slice.data == [0, 2, 4, 5, 7, 9])
  }

  @Test("flatten of a scalar has one element")
  func flattenScalar() {
    #expect(Tensor(scalar: 2).flattened().shape == [1])
  }

  @Test("concatenate traps on mismatched sizes")
  func concatenateTrapsOnShapes() async {
    await #expect(processExitsWith: .failure) {
      _ = Tensor.concatenate([Tensor(zeros: [2, 3]), Tensor(zeros: [3, 2])], axis: 0)
    }
  }

  @Test("squeeze traps on an axis of size 2")
  func squeezeTrapsOnSize() async {
    await #expect(processExitsWith: .failure) {
      _ = Tensor(zeros: [2, 3]).squeezed(axis: 0)
    }
  }
}

import LabTensor
import LabTestSupport
import Testing

@Suite("Tensor+Reduction")
struct ReductionTests {
  @Test("reductions match PyTorch", arguments: try OpsReference.load().reductions)
  func reductionsMatchPyTorch(reference: OperationCase) {
    expectMatchesPyTorch(reference)
  }

  @Test(
    "reduction gradient matches finite differences",
    arguments: smoothCases(try OpsReference.load().reductions))
  func reductionsFiniteDifferences(reference: OperationCase) {
    expectFiniteDifferences(reference)
  }

  @Test("argmax matches PyTorch", arguments: try OpsReference.load().argmax)
  func argmaxMatchesPyTorch(reference: ArgmaxCase) {
    let input = reference.input.constant()

    let indices = reference.axis.map { input.argmax(axis: $0) } ?? [input.argmax()]

    #expect(indices == reference.indices)
  }

  @Test("max along one axis sends the gradient to the first tie")
  func maxAlongAxisFirstTie() {
    let x = Tensor(shape: [2, 3], data: [4, 4, 1, 2, 7, 7], requiresGradient: true)

    x.max(axes: [1]).sum().backward()

    #expect(x.gradient == [1, 0, 0, 0, 1, 0])
  }

  @Test("max of all splits the gradient between ties")
  func maxOfAllSplitsTies() {
    let x = Tensor(shape: [4], data: [3, 1, 3, 3], requiresGradient: true)

    let maximum = x.max()
    maximum.backward()

    #expect(maximum.shape == [])
    #expect(maximum.scalar == 3)
    let third: Float = 1.0 / 3
    #expect(x.gradient == [third, 0, third, third])
  }

  @Test("max propagates NaN")
  func maxPropagatesNaN() {
    let x = Tensor(shape: [2, 2], data: [1, .nan, 3, 2])

    #expect(x.max(axes: [1]).data[0].isNaN)
    #expect(x.max(axes: [1]).data[1] == 3)
    #expect(x.max().scalar.isNaN)
    #expect(x.argmax(axis: 1) == [1, 0])
  }

  @Test("negative axes count from the end")
  func negativeAxes() {
    var generator = RandomGenerator(seed: 21)
    let x = Tensor(shape: [2, 3, 4], data: (0..<24).map { _ in generator.uniform(-1, 1) })

    #expect(x.sum(axes: [-1]).data == x.sum(axes: [2]).data)
    #expect(x.mean(axes: [-3, -1]).data == x.mean(axes: [0, 2]).data)
    #expect(x.max(axes: [-2], keepingDimensions: true).shape == [2, 1, 4])
  }

  @Test("empty axis list reduces nothing")
  func emptyAxesKeepValues() {
    let x = Tensor(shape: [2, 2], data: [1, 2, 3, 4])

    let total = x.sum(axes: [])

    #expect(total.shape == [2, 2])
    #expect(total.data == [1, 2, 3, 4])
  }

  @Test("mean over an empty axis is NaN")
  func meanOverEmptyAxis() {
    let x = Tensor(zeros: [2, 0])

    let mean = x.mean(axes: [1])

    #expect(mean.shape == [2])
    #expect(mean.data.count == 2)
    #expect(mean.data.allSatisfy { $0.isNaN })
  }

  @Test("sum traps on an axis out of range")
  func sumTrapsOnAxis() async {
    await #expect(processExitsWith: .failure) {
      _ = Tensor(zeros: [2, 3]).sum(axes: [2])
    }
  }
}

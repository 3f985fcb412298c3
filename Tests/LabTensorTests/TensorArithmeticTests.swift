import LabTensor
import LabTestSupport
import Testing

/// An element-wise or reducing operation under a finite-difference check.
enum ArithmeticOperation: String, CaseIterable, Sendable {
  case add, subtract, multiply, square, scale, sum, mean, reshaped

  /// The shapes of the inputs that `apply` expects.
  var inputShapes: [[Int]] {
    switch self {
    case .add, .subtract, .multiply: [[3, 4], [3, 4]]
    case .square, .scale, .sum, .mean: [[2, 3, 2]]
    case .reshaped: [[2, 6]]
    }
  }

  /// Returns the operation applied to `inputs`, before any reduction.
  func apply(_ inputs: [Tensor]) -> Tensor {
    switch self {
    case .add: inputs[0] + inputs[1]
    case .subtract: inputs[0] - inputs[1]
    case .multiply: inputs[0] * inputs[1]
    // One tensor on both sides, so both halves of the product rule land on it.
    case .square: inputs[0] * inputs[0]
    case .scale: inputs[0] * -2.5
    case .sum: inputs[0].sum()
    case .mean: inputs[0].mean()
    case .reshaped: inputs[0].reshaped([inputs[0].count])
    }
  }
}

@Suite("Tensor+Arithmetic")
struct TensorArithmeticTests {
  @Test("sum and mean match PyTorch", arguments: try TensorReference.load().reductions)
  func reductionsMatchPyTorch(reference: ReductionCase) {
    let summed = reference.input.leaf()
    let averaged = reference.input.leaf()

    let total = summed.sum()
    let mean = averaged.mean()
    total.backward()
    mean.backward()

    #expect(total.shape == [])
    #expect(mean.shape == [])
    expectClose(
      total.scalar, reference.sum, relative: ReferenceTolerance.value,
      absolute: ReferenceTolerance.absolute, "sum of \(reference.name)")
    expectClose(
      mean.scalar, reference.mean, relative: ReferenceTolerance.value,
      absolute: ReferenceTolerance.absolute, "mean of \(reference.name)")
    expectGradient(summed, reference.sumGradient, "sum gradient of \(reference.name)")
    expectGradient(averaged, reference.meanGradient, "mean gradient of \(reference.name)")
  }

  @Test("gradient matches finite differences", arguments: ArithmeticOperation.allCases)
  func gradientMatchesFiniteDifferences(operation: ArithmeticOperation) {
    var generator = RandomGenerator(seed: 11)
    let inputs = operation.inputShapes.map { shape in
      let count = shape.reduce(1, *)
      let values = (0..<count).map { _ in generator.uniform(-2, 2) }
      return Tensor(shape: shape, data: values, requiresGradient: true)
    }

    checkGradient(operation.rawValue, inputs: inputs) { inputs in
      weightedSum(operation.apply(inputs))
    }
  }

  @Test("element-wise forward values", arguments: ArithmeticOperation.allCases)
  func elementWiseForward(operation: ArithmeticOperation) {
    let left: [Float] = [1.5, -2, 0, 4]
    let right: [Float] = [0.5, 3, -1, -4]
    let inputs = [Tensor(shape: [2, 2], data: left), Tensor(shape: [2, 2], data: right)]

    let output = operation.apply(inputs)

    let expected: [Float] =
      switch operation {
      case .add: zip(left, right).map { $0 + $1 }
      case .subtract: zip(left, right).map { $0 - $1 }
      case .multiply: zip(left, right).map { $0 * $1 }
      case .square: left.map { $0 * $0 }
      case .scale: left.map { $0 * -2.5 }
      case .sum: [3.5]
      case .mean: [0.875]
      case .reshaped: left
      }
    #expect(output.data == expected)
  }

  @Test("reshaped keeps values and takes the new shape")
  func reshapedShape() {
    let tensor = Tensor(shape: [2, 6], data: (0..<12).map(Float.init))

    let reshaped = tensor.reshaped([3, 2, 2])

    #expect(reshaped.shape == [3, 2, 2])
    #expect(reshaped.data == tensor.data)
  }

  @Test("sum of no elements is zero and mean is NaN")
  func emptyReductions() {
    let empty = Tensor(zeros: [0])

    #expect(empty.sum().scalar == 0)
    #expect(empty.mean().scalar.isNaN)
  }

  @Test("add traps on shapes that do not broadcast")
  func addTrapsOnShapes() async {
    await #expect(processExitsWith: .failure) {
      _ = Tensor(zeros: [3, 2]) + Tensor(zeros: [3])
    }
  }
}

import LabTensor
import LabTestSupport
import Testing

/// Logits whose naive exponentials overflow or underflow in Float32, with a
/// target class and the cross-entropy computed in double precision.
struct ExtremeLogitsCase: Sendable, CustomTestStringConvertible {
  var logits: [Float]
  var target: Int
  var loss: Float

  var testDescription: String { "\(logits), target \(target)" }

  static let all = [
    ExtremeLogitsCase(logits: [1000, 0], target: 0, loss: 0),
    ExtremeLogitsCase(logits: [1000, 0], target: 1, loss: 1000),
    ExtremeLogitsCase(logits: [-1000, -1000], target: 0, loss: 0.693_147_2),
    ExtremeLogitsCase(logits: [100, 0], target: 1, loss: 100),
    ExtremeLogitsCase(logits: [-431, 279, 427], target: 0, loss: 858),
  ]
}

@Suite("Tensor activations")
struct ActivationTests {
  @Test("activations match PyTorch", arguments: try OpsReference.load().activations)
  func activationsMatchPyTorch(reference: OperationCase) {
    expectMatchesPyTorch(reference)
  }

  @Test(
    "activation gradient matches finite differences",
    arguments: smoothCases(try OpsReference.load().activations))
  func activationsFiniteDifferences(reference: OperationCase) {
    expectFiniteDifferences(reference)
  }

  @Test("cross-entropy from logSoftmax stays finite", arguments: ExtremeLogitsCase.all)
  func crossEntropyStaysFinite(reference: ExtremeLogitsCase) {
    let count = reference.logits.count
    let logits = Tensor(shape: [count], data: reference.logits, requiresGradient: true)
    var oneHot = [Float](repeating: 0, count: count)
    oneHot[reference.target] = 1

    let loss = -(logits.logSoftmax(axis: 0) * Tensor(shape: [count], data: oneHot)).sum()
    loss.backward()

    expectClose(loss.scalar, reference.loss, relative: 1e-5, absolute: 1e-6, "loss")
    // The gradient of cross-entropy is softmax(logits) − one-hot.
    let probabilities = Tensor(shape: [count], data: reference.logits).softmax(axis: 0).data
    let expected = zip(probabilities, oneHot).map { $0 - $1 }
    #expect(logits.gradient?.allSatisfy(\.isFinite) == true)
    expectClose(logits.gradient ?? [], expected, relative: 1e-5, absolute: 1e-6, "gradient")
  }

  @Test("softmax of widely spread logits")
  func softmaxOfLargeSpread() {
    let probabilities = Tensor(shape: [3], data: [-431, 279, 427]).softmax(axis: 0)

    // exp(−148) ≈ 5.3e-65 is below the smallest Float32 subnormal.
    #expect(probabilities.data == [0, 0, 1])
  }

  @Test("softmax rows sum to one")
  func softmaxRowsSumToOne() {
    var generator = RandomGenerator(seed: 30)
    let x = Tensor(shape: [4, 5], data: (0..<20).map { _ in generator.uniform(-50, 50) })

    let totals = x.softmax(axis: 1).sum(axes: [1])

    expectClose(totals.data, [1, 1, 1, 1], relative: 1e-6, absolute: 0, "row sums")
  }

  @Test("leaky ReLU slope defaults to 0.01")
  func leakyReLUDefaultSlope() {
    let x = Tensor(shape: [2], data: [-2, 3])

    #expect(x.leakyReLU().data == [-0.02, 3])
  }
}

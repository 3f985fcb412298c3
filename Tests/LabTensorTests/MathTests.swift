import LabTensor
import LabTestSupport
import Testing

@Suite("Tensor+Math")
struct MathTests {
  @Test("element-wise functions match PyTorch", arguments: try OpsReference.load().unary)
  func functionsMatchPyTorch(reference: OperationCase) {
    expectMatchesPyTorch(reference)
  }

  @Test(
    "element-wise gradient matches finite differences",
    arguments: smoothCases(try OpsReference.load().unary))
  func functionsFiniteDifferences(reference: OperationCase) {
    expectFiniteDifferences(reference)
  }

  @Test("log and sqrt at zero follow IEEE 754")
  func logAndSqrtAtZero() {
    let x = Tensor(shape: [1], data: [0], requiresGradient: true)
    let y = Tensor(shape: [1], data: [0], requiresGradient: true)

    let logarithm = x.log()
    let root = y.sqrt()
    logarithm.sum().backward()
    root.sum().backward()

    #expect(logarithm.data == [-.infinity])
    #expect(x.gradient == [.infinity])
    #expect(root.data == [0])
    #expect(y.gradient == [.infinity])
  }

  @Test("clamp without bounds changes nothing")
  func clampWithoutBounds() {
    let x = Tensor(shape: [3], data: [-5, 0, 5], requiresGradient: true)

    let clamped = x.clamp()
    clamped.sum().backward()

    #expect(clamped.data == [-5, 0, 5])
    #expect(x.gradient == [1, 1, 1])
  }
}

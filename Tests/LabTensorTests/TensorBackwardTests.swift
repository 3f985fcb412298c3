import LabTensor
import LabTestSupport
import Testing

@Suite("Tensor+Backward")
struct TensorBackwardTests {
  /// Returns Σ (x ⊙ x ⊙ w) for the fixed weights w = [1, 2, 3]; its gradient
  /// is 2·x ⊙ w.
  private func loss(_ x: Tensor) -> Tensor {
    (x * x * Tensor(shape: [3], data: [1, 2, 3])).sum()
  }

  @Test("gradients accumulate across backward calls")
  func gradientsAccumulate() {
    let x = Tensor(shape: [3], data: [0.5, -1, 2], requiresGradient: true)

    loss(x).backward()
    loss(x).backward()

    #expect(x.gradient == [2, -8, 24])
  }

  @Test("backward twice on one output accumulates twice")
  func backwardTwiceOnOneOutput() {
    // PyTorch's loss.backward(retain_graph=True) twice doubles the gradient.
    let x = Tensor(shape: [3], data: [0.5, -1, 2], requiresGradient: true)
    let output = loss(x)

    output.backward()
    output.backward()

    #expect(x.gradient == [2, -8, 24])
  }

  @Test("backward from an intermediate ignores earlier passes")
  func backwardFromIntermediate() {
    let x = Tensor(shape: [2], data: [1, 2], requiresGradient: true)
    let total = (x * 3).sum()
    let doubled = total * 2

    doubled.backward()
    #expect(x.gradient == [6, 6])
    x.zeroGradient()
    total.backward()

    #expect(x.gradient == [3, 3])
  }

  @Test("zeroGradient clears the accumulated gradient")
  func zeroGradientClears() {
    let x = Tensor(shape: [3], data: [0.5, -1, 2], requiresGradient: true)
    loss(x).backward()
    loss(x).backward()

    x.zeroGradient()
    #expect(x.gradient == nil)
    loss(x).backward()

    #expect(x.gradient == [1, -4, 12])
  }

  @Test("frozen tensor gets no gradient")
  func frozenTensorHasNoGradient() {
    let x = Tensor(shape: [2], data: [1, 2], requiresGradient: true)
    let frozen = Tensor(shape: [2], data: [3, 4], requiresGradient: true)
    frozen.requiresGradient = false

    (x * frozen).sum().backward()

    #expect(frozen.gradient == nil)
    #expect(x.gradient == [3, 4])
  }

  @Test("result of constants records nothing")
  func constantsRecordNothing() {
    let a = Tensor(shape: [2], data: [1, 2])
    let b = Tensor(shape: [2], data: [3, 4])

    let output = (a * b).sum()
    output.backward()

    #expect(!output.requiresGradient)
    #expect(output.gradient == nil)
    #expect(a.gradient == nil)
  }

  @Test("two paths add their gradients")
  func twoPathsAddUp() {
    // d/dx Σ (x·x + x) = 2x + 1, with x reaching the sum on two paths.
    let x = Tensor(shape: [3], data: [0.5, -1, 2], requiresGradient: true)

    (x * x + x).sum().backward()

    #expect(x.gradient == [2, -1, 5])
  }
}

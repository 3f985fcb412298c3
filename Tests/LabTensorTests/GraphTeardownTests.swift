import LabTensor
import Testing

@Suite("Tensor graph teardown")
struct GraphTeardownTests {
  /// Far beyond the roughly 40,000 chained operations whose recursive
  /// release overflowed the stack.
  private let chainLength = 100_000

  /// Returns x after `length` additions of 1, each a recorded operation.
  private func chain(from x: Tensor, length: Int) -> Tensor {
    var output = x
    for _ in 0..<length { output = output + 1 }
    return output
  }

  @Test("long chain is released after backward")
  func releaseAfterBackward() {
    let x = Tensor(shape: [1], data: [0.5], requiresGradient: true)
    var output: Tensor? = chain(from: x, length: chainLength)

    output!.backward()
    #expect(output!.scalar == 0.5 + Float(chainLength))
    output = nil

    #expect(x.gradient == [1])
  }

  @Test("long chain is released without backward")
  func releaseWithoutBackward() {
    let x = Tensor(shape: [1], data: [0.5], requiresGradient: true)
    var output: Tensor? = chain(from: x, length: chainLength)

    output = nil

    #expect(output == nil)
    #expect(x.gradient == nil)
  }

  @Test("releasing the end keeps a referenced middle intact")
  func releaseKeepsSharedTensor() {
    let x = Tensor(shape: [1], data: [2], requiresGradient: true)
    let middle = chain(from: x, length: 1_000) * 3
    var output: Tensor? = chain(from: middle, length: 1_000)

    output = nil
    middle.backward()

    #expect(output == nil)
    #expect(middle.scalar == (2 + 1_000) * 3)
    #expect(x.gradient == [3])
  }
}

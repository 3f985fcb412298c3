import LabTensor
import LabTestSupport
import Testing

@Suite("Tensor+Activation")
struct TensorActivationTests {
  @Test("relu matches PyTorch", arguments: try TensorReference.load().relu)
  func reluMatchesPyTorch(reference: ReLUCase) {
    let input = reference.input.leaf()

    let output = input.relu()
    (output * reference.upstream.constant()).sum().backward()

    #expect(reference.input.data.contains(0), "the fixture must contain exact zeros")
    expectValues(output, reference.output, "relu \(reference.name) output")
    expectGradient(input, reference.gradient, "relu \(reference.name) gradient")
  }

  @Test("relu gradient is zero at zero")
  func reluGradientAtZero() {
    let input = Tensor(shape: [3], data: [0, -0.0, 1], requiresGradient: true)

    input.relu().sum().backward()

    #expect(input.gradient == [0, 0, 1])
  }

  @Test("relu gradient matches finite differences")
  func reluGradientMatchesFiniteDifferences() {
    // Magnitudes of at least 0.1 keep x ± ε, with ε = 1e-2, on one side of
    // the kink at 0.
    var generator = RandomGenerator(seed: 5)
    let values = (0..<12).map { _ in
      let magnitude = generator.uniform(0.1, 2)
      return generator.next() % 2 == 0 ? magnitude : -magnitude
    }
    let input = Tensor(shape: [3, 4], data: values, requiresGradient: true)

    checkGradient("relu", inputs: [input]) { inputs in
      weightedSum(inputs[0].relu())
    }
  }
}

import LabModels
import LabNN
import LabTensor
import LabTestSupport
import Testing

@Suite("Layer")
struct LayerTests {
  @Test("Linear weights stay within ±1/√fan_in", arguments: [(1, 1), (3, 5), (16, 8), (256, 64)])
  func linearInitialisationBounds(sizes: (inputCount: Int, outputCount: Int)) {
    var generator = RandomGenerator(seed: 31)
    let layer = Linear(
      inputCount: sizes.inputCount, outputCount: sizes.outputCount, generator: &generator)
    let bound = 1 / Float(sizes.inputCount).squareRoot()
    let bias = layer.bias!

    #expect(layer.weight.shape == [sizes.outputCount, sizes.inputCount])
    #expect(bias.shape == [sizes.outputCount])
    #expect(layer.weight.data.allSatisfy { abs($0) <= bound })
    #expect(bias.data.allSatisfy { abs($0) <= bound })
    #expect(layer.weight.requiresGradient)
    #expect(bias.requiresGradient)
  }

  @Test("Linear weights are not all equal")
  func linearInitialisationVaries() {
    var generator = RandomGenerator(seed: 32)
    let layer = Linear(inputCount: 16, outputCount: 8, generator: &generator)
    let weights = layer.weight.data
    let bound: Float = 1 / 4

    #expect(Set(weights).count == weights.count)
    #expect(weights.min()! < -0.8 * bound)
    #expect(weights.max()! > 0.8 * bound)
  }

  @Test("Linear weights have the uniform variance")
  func linearInitialisationVariance() {
    // U(−b, b) has variance b²/3. Over n = 65,536 uniform samples the relative
    // standard error of the variance is √(0.8/n) ≈ 0.35%, and that of the
    // mean is 0.0023·b, so both bounds are over 4 standard errors.
    var generator = RandomGenerator(seed: 33)
    let layer = Linear(inputCount: 256, outputCount: 256, generator: &generator)
    let weights = layer.weight.data.map(Double.init)
    let bound = 1 / 16.0

    let mean = weights.reduce(0, +) / Double(weights.count)
    let variance = weights.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(weights.count)

    #expect(abs(mean) < 0.01 * bound)
    #expect(abs(variance / (bound * bound / 3) - 1) < 0.02)
  }

  @Test("Linear without bias has one parameter")
  func linearWithoutBias() {
    var generator = RandomGenerator(seed: 34)
    let layer = Linear(inputCount: 3, outputCount: 2, hasBias: false, generator: &generator)
    let input = Tensor(shape: [1, 3], data: [1, 2, 3])

    let output = layer(input)

    #expect(layer.bias == nil)
    #expect(layer.parameters.count == 1)
    #expect(layer.parameterCount == 6)
    #expect(output.data == input.linear(weight: layer.weight, bias: nil).data)
  }

  @Test("same seed gives the same Linear layer")
  func linearDeterministic() {
    var first = RandomGenerator(seed: 35)
    var second = RandomGenerator(seed: 35)

    let a = Linear(inputCount: 4, outputCount: 3, generator: &first)
    let b = Linear(inputCount: 4, outputCount: 3, generator: &second)

    #expect(a.weight.data == b.weight.data)
    #expect(a.bias?.data == b.bias?.data)
  }

  @Test("Sequential lists parameters layer by layer")
  func sequentialParameters() {
    var generator = RandomGenerator(seed: 36)
    let first = Linear(inputCount: 3, outputCount: 4, generator: &generator)
    let second = Linear(inputCount: 4, outputCount: 2, generator: &generator)
    let model = Sequential([first, ReLU(), second])

    let parameters = model.parameters

    #expect(parameters.count == 4)
    #expect(parameters[0] === first.weight)
    #expect(parameters[1] === first.bias)
    #expect(parameters[2] === second.weight)
    #expect(parameters[3] === second.bias)
    #expect(model.parameterCount == 3 * 4 + 4 + 4 * 2 + 2)
  }

  @Test("zeroGradients clears every parameter")
  func zeroGradientsClears() throws {
    var generator = RandomGenerator(seed: 37)
    let model = MLP.make(inputCount: 2, hidden: [3], outputCount: 1, generator: &generator)
    let input = Tensor(shape: [2, 2], data: [0.5, -1, 1, 2])
    model(input).sum().backward()
    #expect(model.parameters.allSatisfy { $0.gradient != nil })

    model.zeroGradients()

    #expect(model.parameters.allSatisfy { $0.gradient == nil })
  }

  @Test("frozen Linear weight gets no gradient")
  func frozenWeight() {
    var generator = RandomGenerator(seed: 38)
    let layer = Linear(inputCount: 3, outputCount: 2, generator: &generator)
    layer.weight.requiresGradient = false
    let input = Tensor(shape: [2, 3], data: [1, 2, 3, -1, 0.5, 2])

    layer(input).sum().backward()

    #expect(layer.weight.gradient == nil)
    #expect(layer.bias?.gradient == [2, 2])
  }
}

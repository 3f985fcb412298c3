import LabNN
import LabTensor
import LabTestSupport
import Testing

/// Returns a tensor of `shape` with values uniform in [low, high) from a
/// generator seeded with `seed`.
private func randomTensor(
  _ shape: [Int], seed: UInt64, low: Float = -1, high: Float = 1, requiresGradient: Bool = false
) -> Tensor {
  var generator = RandomGenerator(seed: seed)
  let values = (0..<shape.reduce(1, *)).map { _ in generator.uniform(low, high) }
  return Tensor(shape: shape, data: values, requiresGradient: requiresGradient)
}

@Suite("ConvolutionLayers")
struct ConvolutionLayerTests {
  @Test("Conv2d weights stay within ±1/√fan_in", arguments: [(1, 1, 1), (3, 8, 3), (64, 16, 3)])
  func conv2dInitialisationBounds(sizes: (inputChannels: Int, outputChannels: Int, kernel: Int)) {
    var generator = RandomGenerator(seed: 60)
    let layer = Conv2d(
      inputChannels: sizes.inputChannels, outputChannels: sizes.outputChannels,
      kernelSize: Size2D(sizes.kernel, sizes.kernel), generator: &generator)
    let bound = 1 / Float(sizes.inputChannels * sizes.kernel * sizes.kernel).squareRoot()
    let bias = layer.bias!

    #expect(layer.weight.shape
      == [sizes.outputChannels, sizes.inputChannels, sizes.kernel, sizes.kernel])
    #expect(bias.shape == [sizes.outputChannels])
    #expect(layer.weight.data.allSatisfy { abs($0) <= bound })
    #expect(bias.data.allSatisfy { abs($0) <= bound })
    #expect(layer.parameters.count == 2)
    #expect(layer.parameters.allSatisfy { $0.requiresGradient })
  }

  @Test("Conv2d weights have the uniform variance")
  func conv2dInitialisationVariance() {
    // U(−b, b) has variance b²/3; over 36,864 samples the relative standard
    // error of the variance is √(0.8/n) ≈ 0.5%, so 3% is six errors.
    var generator = RandomGenerator(seed: 61)
    let layer = Conv2d(
      inputChannels: 64, outputChannels: 64, kernelSize: 3, generator: &generator)
    let weights = layer.weight.data.map { Double($0) }
    let bound = 1 / (64.0 * 9).squareRoot()

    let variance = weights.map { $0 * $0 }.reduce(0, +) / Double(weights.count)

    #expect(abs(variance / (bound * bound / 3) - 1) < 0.03, "variance \(variance)")
  }

  @Test("Conv2d takes He initialisation on request")
  func conv2dHeInitialisation() {
    // He (Kaiming) normal with ReLU gain: standard deviation √(2 / fan_in),
    // here √(2/576); 36,864 samples put the variance within about 1% (√(2/n)).
    var generator = RandomGenerator(seed: 62)
    let layer = Conv2d(
      inputChannels: 64, outputChannels: 64, kernelSize: 3,
      initializer: .kaimingNormal(mode: .fanIn, nonlinearity: .relu), generator: &generator)
    let weights = layer.weight.data.map { Double($0) }
    let variance = weights.map { $0 * $0 }.reduce(0, +) / Double(weights.count)

    #expect(abs(variance / (2.0 / 576) - 1) < 0.05, "variance \(variance)")
    #expect(layer.bias!.data.allSatisfy { abs($0) <= 1 / Float(576).squareRoot() })
  }

  @Test("Conv2d applies conv2d with its settings")
  func conv2dForward() {
    var generator = RandomGenerator(seed: 62)
    let layer = Conv2d(
      inputChannels: 2, outputChannels: 3, kernelSize: Size2D(3, 2), stride: 2, padding: 1,
      dilation: Size2D(1, 2), generator: &generator)
    let input = randomTensor([2, 2, 7, 8], seed: 63)

    let output = layer(input)
    let expected = input.conv2d(
      weight: layer.weight, bias: layer.bias, stride: 2, padding: 1, dilation: Size2D(1, 2))

    #expect(output.shape == [2, 3, 4, 4])
    #expect(output.data == expected.data)
  }

  @Test("Conv2d without bias has one parameter")
  func conv2dWithoutBias() {
    var generator = RandomGenerator(seed: 64)
    let layer = Conv2d(
      inputChannels: 3, outputChannels: 4, kernelSize: 1, hasBias: false, generator: &generator)

    #expect(layer.bias == nil)
    #expect(layer.parameterCount == 12)
  }

  @Test("BatchNorm2d starts at weight 1, bias 0, mean 0, variance 1")
  func batchNormInitialState() {
    let layer = BatchNorm2d(featureCount: 3)

    #expect(layer.weight?.data == [1, 1, 1])
    #expect(layer.bias?.data == [0, 0, 0])
    #expect(layer.runningMean.data == [0, 0, 0])
    #expect(layer.runningVariance.data == [1, 1, 1])
    #expect(layer.isTraining)
    #expect(layer.parameterCount == 6)
  }

  @Test("BatchNorm2d updates running statistics only in training")
  func batchNormModes() {
    let layer = BatchNorm2d(featureCount: 1)
    // One channel with values 1…4: mean 2.5, unbiased variance 5/3.
    let input = Tensor(shape: [2, 1, 1, 2], data: [1, 2, 3, 4])

    let trained = layer(input)
    let meanAfterTraining = layer.runningMean.data[0]
    let varianceAfterTraining = layer.runningVariance.data[0]
    layer.isTraining = false
    let evaluated = layer(input)

    expectClose(meanAfterTraining, 0.25, relative: 1e-6, absolute: 0, "running mean")
    expectClose(
      varianceAfterTraining, 0.9 + 0.1 * 5 / 3, relative: 1e-6, absolute: 0, "running variance")
    #expect(layer.runningMean.data[0] == meanAfterTraining)
    #expect(layer.runningVariance.data[0] == varianceAfterTraining)
    // Training normalises by the batch: −1.5 / √(1.25 + ε).
    expectClose(trained.data[0], -1.5 / (1.25 + 1e-5).squareRoot(), relative: 1e-5,
      absolute: 0, "training output")
    // Evaluation uses the running statistics.
    let expected = (1 - meanAfterTraining) / (varianceAfterTraining + 1e-5).squareRoot()
    expectClose(evaluated.data[0], expected, relative: 1e-5, absolute: 0, "evaluation output")
  }

  @Test("Dropout drops in training and passes through in evaluation")
  func dropoutModes() {
    var generator = RandomGenerator(seed: 65)
    let layer = Dropout(probability: 0.5, generator: &generator)
    let input = Tensor(shape: [1000], data: [Float](repeating: 1, count: 1000))

    let first = layer(input)
    let second = layer(input)
    layer.isTraining = false
    let evaluated = layer(input)

    #expect(first.data.contains(0))
    #expect(first.data.allSatisfy { $0 == 0 || $0 == 2 })
    #expect(first.data != second.data, "successive batches should get new masks")
    #expect(evaluated.data == input.data)
  }

  @Test("Dropout repeats its masks for the same seed")
  func dropoutSeeded() {
    var firstGenerator = RandomGenerator(seed: 66)
    var secondGenerator = RandomGenerator(seed: 66)
    let input = Tensor(shape: [100], data: [Float](repeating: 1, count: 100))

    let first = Dropout(probability: 0.3, generator: &firstGenerator)(input)
    let second = Dropout(probability: 0.3, generator: &secondGenerator)(input)

    #expect(first.data == second.data)
  }

  @Test("pooling, upsampling and flatten layers give PyTorch's shapes")
  func layerShapes() {
    let input = randomTensor([2, 3, 9, 8], seed: 67)
    let cases: [(name: String, layer: any Layer, shape: [Int])] = [
      ("MaxPool2d 2", MaxPool2d(kernelSize: 2), [2, 3, 4, 4]),
      ("MaxPool2d 3, stride 2, padding 1", MaxPool2d(kernelSize: 3, stride: 2, padding: 1),
       [2, 3, 5, 4]),
      ("AvgPool2d 3, stride 1, padding 1", AvgPool2d(kernelSize: 3, stride: 1, padding: 1),
       [2, 3, 9, 8]),
      ("AdaptiveAvgPool2d 7", AdaptiveAvgPool2d(outputSize: 7), [2, 3, 7, 7]),
      ("Upsample ×2", Upsample(scaleFactor: 2), [2, 3, 18, 16]),
      ("Upsample to 4×5", Upsample(size: Size2D(4, 5), mode: .bilinear(alignCorners: false)),
       [2, 3, 4, 5]),
      ("Flatten", Flatten(), [2, 216]),
    ]

    for (name, layer, shape) in cases {
      let output = layer(input)
      #expect(output.shape == shape, "\(name)")
    }
    let flattened = Flatten()(input)
    #expect(flattened.data == input.data)
  }

  @Test("small CNN trains and lowers its loss")
  func smallNetworkTrains() throws {
    var generator = RandomGenerator(seed: 68)
    let network = Sequential([
      Conv2d(inputChannels: 1, outputChannels: 4, kernelSize: 3, padding: 1, generator: &generator),
      BatchNorm2d(featureCount: 4),
      ReLU(),
      MaxPool2d(kernelSize: 2),
      Flatten(),
      Linear(inputCount: 16, outputCount: 1, generator: &generator),
    ])
    let input = randomTensor([4, 1, 4, 4], seed: 69)
    let target = Tensor(shape: [4, 1], data: [1, -1, 0.5, 0])
    let optimizer = SGD(learningRate: 0.05)

    var losses: [Float] = []
    for _ in 0..<20 {
      network.zeroGradients()
      let loss = try meanSquaredError(predicted: network(input), expected: target)
      loss.backward()
      #expect(network.parameters.allSatisfy { $0.gradient != nil })
      optimizer.step(network.parameters)
      losses.append(loss.scalar)
    }

    #expect(losses.last! < 0.5 * losses.first!, "losses \(losses)")
  }
}

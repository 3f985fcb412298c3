import LabModels
import LabNN
import LabTensor
import LabTestSupport
import Testing

/// An optimizer setting for fitting y = 2x + 1.
enum FitOptimizer: String, CaseIterable, Sendable {
  case adam = "Adam"
  case sgdMomentum = "SGD with momentum"

  /// Returns a new optimizer with this setting.
  func make() -> any Optimizer {
    switch self {
    case .adam: Adam(learningRate: 0.01)
    case .sgdMomentum: SGD(learningRate: 0.05, momentum: 0.9)
    }
  }
}

@Suite("MLP")
struct MLPTests {
  /// Returns the fixture's MLP, built by `MLP.make` and given the fixture's
  /// weights and biases.
  private func makeReferenceModel(_ reference: MLPCase) throws -> Sequential {
    let first = try #require(reference.layers.first).weight.shape
    let last = try #require(reference.layers.last).weight.shape
    var generator = RandomGenerator(seed: 0)
    let model = MLP.make(
      inputCount: first[1], hidden: [first[0]], outputCount: last[0], generator: &generator)

    let values = reference.layers.flatMap { [$0.weight, $0.bias] }
    try #require(model.parameters.count == values.count)
    for (parameter, value) in zip(model.parameters, values) {
      try #require(parameter.shape == value.shape)
      parameter.data = value.data
    }
    return model
  }

  @Test("make puts ReLU between linear layers")
  func makeStructure() {
    var generator = RandomGenerator(seed: 41)

    let model = MLP.make(inputCount: 3, hidden: [5, 4], outputCount: 2, generator: &generator)

    #expect(model.layers.count == 5)
    #expect(model.layers[1] is ReLU)
    #expect(model.layers[3] is ReLU)
    #expect(model.parameters.map(\.shape) == [[5, 3], [5], [4, 5], [4], [2, 4], [2]])
  }

  @Test("make without hidden layers is one linear layer")
  func makeLinearModel() {
    var generator = RandomGenerator(seed: 42)

    let model = MLP.make(inputCount: 3, hidden: [], outputCount: 1, generator: &generator)

    #expect(model.layers.count == 1)
    #expect(model.layers[0] is Linear)
  }

  @Test("forward and backward match PyTorch")
  func forwardBackwardMatchPyTorch() throws {
    let reference = try EngineReference.load().mlp
    let model = try makeReferenceModel(reference)
    let input = reference.input.leaf()

    let output = model(input)
    let loss = try meanSquaredError(predicted: output, expected: reference.target.constant())
    loss.backward()

    expectValues(output, reference.output, "MLP output")
    expectClose(
      loss.scalar, reference.loss, relative: ReferenceTolerance.value,
      absolute: ReferenceTolerance.absolute, "MLP loss")
    expectGradient(input, reference.inputGradient, "MLP input gradient")
    try #require(model.parameters.count == reference.parameterGradients.count)
    for (index, (parameter, gradient)) in
      zip(model.parameters, reference.parameterGradients).enumerated()
    {
      expectGradient(parameter, gradient, "MLP parameter \(index) gradient")
    }
  }

  @Test("gradient matches finite differences")
  func gradientMatchesFiniteDifferences() throws {
    let reference = try EngineReference.load().mlp
    let model = try makeReferenceModel(reference)
    let input = reference.input.leaf()
    let target = reference.target.constant()
    let firstLayer = try #require(model.layers.first as? Linear)

    // ε = 1e-2 moves a hidden pre-activation by at most 1e-2 times an input,
    // weight or 1, all below 1 here, so a margin of 0.1 keeps ReLU off its kink.
    let hidden = input.linear(weight: firstLayer.weight, bias: firstLayer.bias)
    let margin = hidden.data.map(abs).min() ?? 0
    try #require(margin >= 0.1, "a hidden pre-activation is within \(margin) of 0")
    try #require(input.data.allSatisfy { abs($0) <= 1 })

    checkGradient("MLP", inputs: model.parameters + [input]) { _ in
      try! meanSquaredError(predicted: model(input), expected: target)
    }
  }

  @Test("training steps match PyTorch", arguments: try EngineReference.load().training)
  func trainingMatchesPyTorch(reference: TrainingCase) throws {
    let mlp = try EngineReference.load().mlp
    let model = try makeReferenceModel(mlp)
    let input = mlp.input.constant()
    let target = mlp.target.constant()
    let optimizer: any Optimizer =
      reference.optimizer == "adam"
      ? Adam(learningRate: reference.learningRate)
      : SGD(learningRate: reference.learningRate, momentum: reference.momentum)

    for (step, (expectedLoss, expectedParameters)) in
      zip(reference.losses, reference.afterStep).enumerated()
    {
      model.zeroGradients()
      let loss = try meanSquaredError(predicted: model(input), expected: target)
      loss.backward()
      optimizer.step(model.parameters)

      expectClose(
        loss.scalar, expectedLoss, relative: ReferenceTolerance.value,
        absolute: ReferenceTolerance.absolute, "\(reference.optimizer) loss at step \(step + 1)")
      for (index, (parameter, values)) in
        zip(model.parameters, expectedParameters).enumerated()
      {
        expectValues(
          parameter, values,
          "\(reference.optimizer) parameter \(index) after step \(step + 1)")
      }
    }
  }

  @Test("fits y = 2x + 1", arguments: FitOptimizer.allCases)
  func fitsLine(setting: FitOptimizer) throws {
    let count = 64
    let xs = (0..<count).map { Float($0) / Float(count - 1) * 2 - 1 }
    let input = Tensor(shape: [count, 1], data: xs)
    let target = Tensor(shape: [count, 1], data: xs.map { 2 * $0 + 1 })
    var generator = RandomGenerator(seed: 51)
    let model = MLP.make(inputCount: 1, hidden: [16], outputCount: 1, generator: &generator)
    let optimizer = setting.make()
    let initialLoss = try meanSquaredError(predicted: model(input), expected: target).scalar

    // With this seed Adam passes 1e-3 after 114 steps and SGD after 66.
    for _ in 0..<500 {
      model.zeroGradients()
      let loss = try meanSquaredError(predicted: model(input), expected: target)
      loss.backward()
      optimizer.step(model.parameters)
    }
    let finalLoss = try meanSquaredError(predicted: model(input), expected: target).scalar

    #expect(initialLoss > 0.5, "the untrained model already fits, so the test shows nothing")
    #expect(finalLoss < 1e-3, "\(setting.rawValue) reached MSE \(finalLoss) after 500 steps")
  }
}

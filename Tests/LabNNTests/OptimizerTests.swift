import LabNN
import LabTensor
import LabTestSupport
import Testing

@Suite("Optimizer")
struct OptimizerTests {
  /// Applies each step's fixture gradients with `optimizer` and compares the
  /// parameters after every step with PyTorch's.
  private func expectSteps(
    _ optimizer: any Optimizer, initial: [ReferenceTensor], gradients: [[ReferenceTensor]],
    afterStep: [[ReferenceTensor]], _ label: String,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let parameters = initial.map { $0.leaf() }
    #expect(gradients.count == afterStep.count, sourceLocation: sourceLocation)

    for (step, (stepGradients, expected)) in zip(gradients, afterStep).enumerated() {
      for (parameter, gradient) in zip(parameters, stepGradients) {
        parameter.gradient = gradient.data
      }
      optimizer.step(parameters)
      for (index, (parameter, values)) in zip(parameters, expected).enumerated() {
        expectValues(
          parameter, values, "\(label), parameter \(index) after step \(step + 1)",
          sourceLocation: sourceLocation)
      }
    }
  }

  @Test("SGD matches PyTorch", arguments: try EngineReference.load().sgd)
  func sgdMatchesPyTorch(reference: SGDCase) {
    let optimizer = SGD(
      learningRate: reference.learningRate, momentum: reference.momentum,
      dampening: reference.dampening, weightDecay: reference.weightDecay,
      isNesterov: reference.nesterov)

    expectSteps(
      optimizer, initial: reference.initial, gradients: reference.gradients,
      afterStep: reference.afterStep, "SGD \(reference.name)")
  }

  @Test("Adam matches PyTorch", arguments: try EngineReference.load().adam)
  func adamMatchesPyTorch(reference: AdamCase) {
    let optimizer = Adam(
      learningRate: reference.learningRate, beta1: reference.beta1, beta2: reference.beta2,
      epsilon: reference.epsilon, weightDecay: reference.weightDecay)

    expectSteps(
      optimizer, initial: reference.initial, gradients: reference.gradients,
      afterStep: reference.afterStep, "Adam \(reference.name)")
  }

  @Test("SGD dampening matches hand values")
  func sgdDampeningByHand() {
    // θ₀ = 1 and g = 1 on every step. The first step copies g into the
    // buffer undamped; later steps use b = 0.9·b + 0.9·g:
    //   b = 1,    θ = 1 − 0.1·1       = 0.9
    //   b = 1.8,  θ = 0.9 − 0.1·1.8   = 0.72
    //   b = 2.52, θ = 0.72 − 0.1·2.52 = 0.468
    let parameter = Tensor(shape: [1], data: [1], requiresGradient: true)
    let optimizer = SGD(learningRate: 0.1, momentum: 0.9, dampening: 0.1)

    var values: [Float] = []
    for _ in 0..<3 {
      parameter.gradient = [1]
      optimizer.step([parameter])
      values.append(parameter.data[0])
    }

    expectClose(values, [0.9, 0.72, 0.468], relative: 1e-6, absolute: 0, "SGD by hand")
  }

  @Test("Adam first step moves by learning rate")
  func adamFirstStep() {
    // After bias correction m̂ = g and v̂ = g², so the first update is
    // learningRate · g / (|g| + ε), the learning rate against the gradient's sign.
    let parameter = Tensor(shape: [3], data: [1, 2, 3], requiresGradient: true)
    let optimizer = Adam(learningRate: 0.01)

    parameter.gradient = [4, -0.5, 1e-3]
    optimizer.step([parameter])

    expectClose(parameter.data, [0.99, 2.01, 2.99], relative: 1e-5, absolute: 0, "Adam step 1")
  }

  @Test("optimizers skip parameters without a gradient")
  func skipWithoutGradient() {
    let optimizers: [any Optimizer] = [
      SGD(learningRate: 0.1, momentum: 0.9), Adam(learningRate: 0.1),
    ]
    for optimizer in optimizers {
      let updated = Tensor(shape: [2], data: [1, 2], requiresGradient: true)
      let skipped = Tensor(shape: [2], data: [3, 4], requiresGradient: true)
      updated.gradient = [1, 1]

      optimizer.step([updated, skipped])

      #expect(skipped.data == [3, 4], "\(type(of: optimizer)) changed a parameter without gradient")
      #expect(updated.data != [1, 2], "\(type(of: optimizer)) left a parameter unchanged")
    }
  }

  @Test("SGD traps on Nesterov without momentum")
  func nesterovNeedsMomentum() async {
    await #expect(processExitsWith: .failure) {
      _ = SGD(learningRate: 0.1, momentum: 0, isNesterov: true)
    }
  }
}

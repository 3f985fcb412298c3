import LabNN
import LabTensor
import LabTestSupport
import Testing

@Suite("Optimizer")
struct OptimizerTests {
  /// Applies each step's fixture gradients with `optimizer` and compares the
  /// parameters after every step with PyTorch's. A nil gradient leaves the
  /// parameter without one for that step.
  private func expectSteps(
    _ optimizer: any Optimizer, initial: [ReferenceTensor], gradients: [[ReferenceTensor?]],
    afterStep: [[ReferenceTensor]], _ label: String,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let parameters = initial.map { $0.leaf() }
    #expect(gradients.count == afterStep.count, sourceLocation: sourceLocation)

    for (step, (stepGradients, expected)) in zip(gradients, afterStep).enumerated() {
      for (parameter, gradient) in zip(parameters, stepGradients) {
        parameter.gradient = gradient?.data
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

  /// Returns one optimizer of each kind, with momentum where it has one.
  private static func everyOptimizer(learningRate: Float = 0.1) -> [any Optimizer] {
    [
      SGD(learningRate: learningRate, momentum: 0.9), Adam(learningRate: learningRate),
      AdamW(learningRate: learningRate), RMSprop(learningRate: learningRate, momentum: 0.5),
    ]
  }

  @Test(
    "optimizers match PyTorch over several steps",
    arguments: try OptimReference.load().optimizers)
  func optimizersMatchPyTorch(reference: OptimizerCase) {
    expectSteps(
      reference.makeOptimizer(), initial: reference.initial, gradients: reference.gradients,
      afterStep: reference.afterStep, reference.name)
  }

  @Test("SGD Nesterov step with weight decay by hand")
  func sgdNesterovByHand() {
    // θ = 2, ∇ = 0.5, learning rate 0.1, momentum 0.9, weight decay 0.1:
    //   g = 0.5 + 0.1·2     = 0.7
    //   b = g (first step)  = 0.7
    //   d = g + 0.9·b       = 0.7 + 0.63 = 1.33
    //   θ = 2 − 0.1·1.33    = 1.867
    let parameter = Tensor(shape: [1], data: [2], requiresGradient: true)
    let optimizer = SGD(learningRate: 0.1, momentum: 0.9, weightDecay: 0.1, isNesterov: true)

    parameter.gradient = [0.5]
    optimizer.step([parameter])

    expectClose(parameter.data, [1.867], relative: 1e-6, absolute: 0, "SGD Nesterov step 1")
  }

  @Test("Adam bias corrections by hand")
  func adamBiasCorrectionsByHand() {
    // θ = 0, learning rate 0.1, β₁ 0.9, β₂ 0.999, ε 1e-8, gradients 1 then 3.
    // Step 1: m = 0.1, v = 0.001, m̂ = 0.1/0.1 = 1, v̂ = 0.001/0.001 = 1,
    //         θ = 0 − 0.1·1/(1 + 1e-8) = −0.099999999.
    // Step 2: m = 0.9·0.1 + 0.1·3 = 0.39, v = 0.999·0.001 + 0.001·9 = 0.009999,
    //         m̂ = 0.39/(1 − 0.81) = 2.0526316, v̂ = 0.009999/(1 − 0.998001) = 5.0020010,
    //         θ = −0.1 − 0.1·2.0526316/(√5.0020010 + 1e-8) = −0.1 − 0.0917781 = −0.1917781.
    // Without the corrections step 1 alone would move θ by 0.1·0.1/√0.001 = 0.316.
    let parameter = Tensor(shape: [1], data: [0], requiresGradient: true)
    let optimizer = Adam(learningRate: 0.1)

    parameter.gradient = [1]
    optimizer.step([parameter])
    expectClose(
      parameter.data, [-0.099999999], relative: 1e-6, absolute: 0, "Adam step 1")

    parameter.gradient = [3]
    optimizer.step([parameter])
    expectClose(parameter.data, [-0.19177811], relative: 1e-6, absolute: 0, "Adam step 2")
  }

  @Test("AdamW decays weights outside the moments")
  func adamWByHand() {
    // θ = 1, ∇ = 0.5, learning rate 0.1, weight decay 0.1.
    // AdamW: θ = 1·(1 − 0.1·0.1) = 0.99, then m̂ = 0.5 and v̂ = 0.25 give
    //        θ = 0.99 − 0.1·0.5/(0.5 + 1e-8) = 0.89.
    // Adam:  g = 0.5 + 0.1·1 = 0.6, m̂/√v̂ = 1, θ = 1 − 0.1 = 0.9.
    let decoupled = Tensor(shape: [1], data: [1], requiresGradient: true)
    let coupled = Tensor(shape: [1], data: [1], requiresGradient: true)
    decoupled.gradient = [0.5]
    coupled.gradient = [0.5]

    AdamW(learningRate: 0.1, weightDecay: 0.1).step([decoupled])
    Adam(learningRate: 0.1, weightDecay: 0.1).step([coupled])

    expectClose(decoupled.data, [0.89], relative: 1e-6, absolute: 0, "AdamW step 1")
    expectClose(coupled.data, [0.9], relative: 1e-6, absolute: 0, "Adam step 1")
  }

  @Test("AdamW defaults are PyTorch's")
  func adamWDefaults() {
    let optimizer = AdamW()

    #expect(optimizer.learningRate == 0.001)
    #expect(optimizer.beta1 == 0.9)
    #expect(optimizer.beta2 == 0.999)
    #expect(optimizer.epsilon == 1e-8)
    #expect(optimizer.weightDecay == 0.01)
    #expect(!optimizer.isAMSGrad)
  }

  @Test("RMSprop steps by hand")
  func rmspropByHand() {
    // θ = 1, ∇ = 0.5 on every step, learning rate 0.01, α 0.99, ε 1e-8.
    // Plain:    s = 0.01·0.25 = 0.0025, θ = 1 − 0.01·0.5/(0.05 + 1e-8) = 0.90000002.
    // Centered: ḡ = 0.01·0.5 = 0.005, √(s − ḡ²) = √0.002475 = 0.049749372,
    //           θ = 1 − 0.01·0.5/0.049749372 = 0.89949624.
    // Momentum 0.9, two steps:
    //   b = 0.5/0.05 = 9.999998, θ = 1 − 0.01·9.999998 = 0.90000002;
    //   s = 0.99·0.0025 + 0.0025 = 0.004975, √s = 0.070533680,
    //   b = 0.9·9.999998 + 0.5/0.070533680 = 16.088809, θ = 0.9 − 0.16088809 = 0.73911193.
    let plain = Tensor(shape: [1], data: [1], requiresGradient: true)
    let centered = Tensor(shape: [1], data: [1], requiresGradient: true)
    let withMomentum = Tensor(shape: [1], data: [1], requiresGradient: true)
    let momentumOptimizer = RMSprop(momentum: 0.9)

    for parameter in [plain, centered, withMomentum] { parameter.gradient = [0.5] }
    RMSprop().step([plain])
    RMSprop(isCentered: true).step([centered])
    momentumOptimizer.step([withMomentum])
    momentumOptimizer.step([withMomentum])

    expectClose(plain.data, [0.90000002], relative: 1e-6, absolute: 0, "RMSprop")
    expectClose(centered.data, [0.89949624], relative: 1e-6, absolute: 0, "centered RMSprop")
    expectClose(withMomentum.data, [0.73911193], relative: 1e-6, absolute: 0, "RMSprop momentum")
  }

  @Test("optimizers skip parameters without a gradient")
  func skipWithoutGradient() {
    for optimizer in Self.everyOptimizer() {
      let updated = Tensor(shape: [2], data: [1, 2], requiresGradient: true)
      let skipped = Tensor(shape: [2], data: [3, 4], requiresGradient: true)
      updated.gradient = [1, 1]

      optimizer.step([updated, skipped])

      #expect(skipped.data == [3, 4], "\(type(of: optimizer)) changed a parameter without gradient")
      #expect(updated.data != [1, 2], "\(type(of: optimizer)) left a parameter unchanged")
    }
  }

  @Test("optimizers skip frozen parameters")
  func skipFrozen() {
    for optimizer in Self.everyOptimizer() {
      let frozen = Tensor(shape: [2], data: [3, 4], requiresGradient: false)
      frozen.gradient = [1, 1]

      optimizer.step([frozen])

      #expect(frozen.data == [3, 4], "\(type(of: optimizer)) changed a frozen parameter")
    }
  }

  @Test("Adam counts steps per parameter")
  func adamStepCountPerParameter() {
    // A parameter first stepped on the optimizer's third step still gets the
    // bias corrections of t = 1, so it moves by the learning rate, as the
    // first step of a fresh optimizer does.
    let optimizer = Adam(learningRate: 0.01)
    let early = Tensor(shape: [1], data: [0], requiresGradient: true)
    let late = Tensor(shape: [1], data: [1], requiresGradient: true)
    early.gradient = [1]

    optimizer.step([early, late])
    optimizer.step([early, late])
    late.gradient = [-0.25]
    optimizer.step([early, late])

    expectClose(late.data, [1.01], relative: 1e-6, absolute: 0, "late parameter")
  }

  @Test("optimizer state follows the parameter, not its position")
  func stateFollowsParameter() {
    for (forward, reversed) in zip(Self.everyOptimizer(), Self.everyOptimizer()) {
      let inOrder = [
        Tensor(shape: [2], data: [1, -1], requiresGradient: true),
        Tensor(shape: [3], data: [0.5, 2, -3], requiresGradient: true),
      ]
      let swapped = inOrder.map { Tensor(shape: $0.shape, data: $0.data, requiresGradient: true) }

      for step in 0..<3 {
        for (a, b) in zip(inOrder, swapped) {
          a.gradient = a.data.map { $0 * Float(step + 1) - 0.25 }
          b.gradient = a.gradient
        }
        forward.step(inOrder)
        reversed.step(step.isMultiple(of: 2) ? swapped : swapped.reversed())
      }

      for (a, b) in zip(inOrder, swapped) {
        #expect(a.data == b.data, "\(type(of: forward)) state depends on parameter order")
      }
    }
  }

  @Test("large parameters update like small ones")
  func largeParameterMatchesSmall() {
    // 70,000 elements span three pieces of the parallel update. Each element
    // must get the same value as a one-element parameter with its inputs.
    for (large, small) in zip(Self.everyOptimizer(), Self.everyOptimizer()) {
      let count = 70_000
      let values = (0..<count).map { Float($0 % 97) / 50 - 1 }
      let gradient = (0..<count).map { Float($0 % 89) / 40 - 1 }
      let parameter = Tensor(shape: [count], data: values, requiresGradient: true)
      let probes = [0, 32_767, 32_768, 65_536, count - 1]
      let singles = probes.map { Tensor(shape: [1], data: [values[$0]], requiresGradient: true) }

      for _ in 0..<2 {
        parameter.gradient = gradient
        for (single, index) in zip(singles, probes) { single.gradient = [gradient[index]] }
        large.step([parameter])
        small.step(singles)
      }

      for (single, index) in zip(singles, probes) {
        #expect(parameter.data[index] == single.data[0],
          "\(type(of: large)) element \(index) differs from a one-element parameter")
      }
    }
  }

  @Test("optimizers converge on a quadratic", arguments: [
    "SGD", "SGD momentum", "SGD Nesterov", "Adam", "AdamW", "RMSprop", "RMSprop centered",
  ])
  func convergeOnQuadratic(name: String) throws {
    // f(θ) = Σ aᵢ·(θᵢ − cᵢ)², curvatures 2aᵢ from 0.5 to 8, minimum at c. The
    // learning rate anneals to 0 by cosine over the run, so the adaptive
    // methods settle instead of circling the minimum at the scale of the rate.
    let optimizers: [String: (any Optimizer, Float)] = [
      "SGD": (SGD(learningRate: 0.1), 1e-4),
      "SGD momentum": (SGD(learningRate: 0.05, momentum: 0.9), 1e-4),
      "SGD Nesterov": (SGD(learningRate: 0.05, momentum: 0.9, isNesterov: true), 1e-4),
      "Adam": (Adam(learningRate: 0.1), 1e-3),
      // Decoupled decay moves the point where the update vanishes off the
      // minimum towards 0, by about 0.01 here.
      "AdamW": (AdamW(learningRate: 0.1, weightDecay: 0.01), 3e-2),
      "RMSprop": (RMSprop(learningRate: 0.05), 1e-3),
      "RMSprop centered": (RMSprop(learningRate: 0.05, isCentered: true), 1e-3),
    ]
    let (optimizer, tolerance) = try #require(optimizers[name])
    let target: [Float] = [1.5, -2, 0.25, 3]
    let curvature = Tensor(shape: [4], data: [0.25, 1, 2, 4])
    let minimum = Tensor(shape: [4], data: target)
    let theta = Tensor(shape: [4], data: [-1, 1, 2, 0], requiresGradient: true)
    let stepCount = 600
    let schedule = CosineAnnealingSchedule(maximumStep: stepCount)
    let baseRate = optimizer.learningRate

    for step in 0..<stepCount {
      let difference = theta - minimum
      let loss = (curvature * difference * difference).sum()
      [theta].zeroGradients()
      loss.backward()
      schedule.apply(to: optimizer, atStep: step, baseRate: baseRate)
      optimizer.step([theta])
    }

    for (value, expected) in zip(theta.data, target) {
      #expect(abs(value - expected) < tolerance, "\(name): θ = \(theta.data), minimum \(target)")
    }
    if optimizer is AdamW {
      #expect(zip(theta.data, target).allSatisfy { abs($0) < abs($1) }, "AdamW θ = \(theta.data)")
    }
  }

  @Test("gradients accumulate until zeroed")
  func gradientsAccumulate() {
    // d(Σ 3·θ²)/dθ = 6θ per backward pass, so two passes give 12θ, and a pass
    // after zeroing gives 6θ again, as in PyTorch without zero_grad between.
    let theta = Tensor(shape: [2], data: [1, -2], requiresGradient: true)
    let three = Tensor(shape: [2], data: [3, 3])
    func loss() -> Tensor { (three * theta * theta).sum() }

    loss().backward()
    #expect(theta.gradient == [6, -12])

    loss().backward()
    #expect(theta.gradient == [12, -24])

    [theta].zeroGradients()
    #expect(theta.gradient == nil)

    loss().backward()
    #expect(theta.gradient == [6, -12])
  }

  @Test("a schedule sets the learning rate")
  func scheduleSetsLearningRate() {
    let optimizer = SGD(learningRate: 0.1)
    let schedule = StepSchedule(stepSize: 2, gamma: 0.5)

    schedule.apply(to: optimizer, atStep: 5, baseRate: 0.1)

    #expect(optimizer.learningRate == 0.025)
  }

  @Test("AdamW traps on a negative weight decay")
  func adamWRejectsNegativeDecay() async {
    await #expect(processExitsWith: .failure) {
      _ = AdamW(weightDecay: -0.01)
    }
  }

  @Test("SGD traps on Nesterov without momentum")
  func nesterovNeedsMomentum() async {
    await #expect(processExitsWith: .failure) {
      _ = SGD(learningRate: 0.1, momentum: 0, isNesterov: true)
    }
  }
}

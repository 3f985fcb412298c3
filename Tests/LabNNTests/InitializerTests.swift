import Foundation
import LabNN
import LabTensor
import LabTestSupport
import Testing

/// An initialiser for a [256, 128] weight (fanIn 128, fanOut 256) and its
/// expected bound (uniform) or standard deviation (normal).
struct SpreadCase: Sendable, CustomTestStringConvertible {
  var name: String
  var initializer: WeightInitializer
  var scale: Double

  var testDescription: String { name }
}

/// The cases of the uniform and normal statistics tests, with the bound
/// gain·√(3/fan) or √(6/(fanIn + fanOut))·gain and the standard deviation
/// gain/√fan or √(2/(fanIn + fanOut))·gain.
private let spreadCases: (uniform: [SpreadCase], normal: [SpreadCase]) = {
  let relu = 2.0.squareRoot()
  let tanh = 5.0 / 3
  let glorotBound = (6.0 / 384).squareRoot()
  let glorotDeviation = (2.0 / 384).squareRoot()
  let uniform: [SpreadCase] = [
    SpreadCase(
      name: "Kaiming uniform, fan in", initializer: .kaimingUniform(),
      scale: relu * (3.0 / 128).squareRoot()),
    SpreadCase(
      name: "Kaiming uniform, fan out", initializer: .kaimingUniform(mode: .fanOut),
      scale: relu * (3.0 / 256).squareRoot()),
    SpreadCase(
      name: "Kaiming uniform, tanh", initializer: .kaimingUniform(nonlinearity: .tanh),
      scale: tanh * (3.0 / 128).squareRoot()),
    SpreadCase(name: "Xavier uniform", initializer: .xavierUniform(), scale: glorotBound),
    SpreadCase(
      name: "Xavier uniform, gain 2", initializer: .xavierUniform(gain: 2),
      scale: 2 * glorotBound),
  ]
  let normal: [SpreadCase] = [
    SpreadCase(
      name: "Kaiming normal, fan in", initializer: .kaimingNormal(),
      scale: relu / 128.0.squareRoot()),
    SpreadCase(
      name: "Kaiming normal, fan out", initializer: .kaimingNormal(mode: .fanOut),
      scale: relu / 256.0.squareRoot()),
    SpreadCase(
      name: "Kaiming normal, linear", initializer: .kaimingNormal(nonlinearity: .linear),
      scale: 1 / 128.0.squareRoot()),
    SpreadCase(name: "Xavier normal", initializer: .xavierNormal(), scale: glorotDeviation),
    SpreadCase(
      name: "Xavier normal, gain 3/4", initializer: .xavierNormal(gain: 0.75),
      scale: 0.75 * glorotDeviation),
  ]
  return (uniform, normal)
}()

@Suite("Initializer")
struct InitializerTests {
  /// Sample mean and variance, in Double.
  private func moments(_ values: [Float]) -> (mean: Double, variance: Double) {
    let samples = values.map(Double.init)
    let mean = samples.reduce(0, +) / Double(samples.count)
    let variance = samples.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(samples.count)
    return (mean, variance)
  }

  @Test("fans match PyTorch", arguments: try OptimReference.load().fans)
  func fansMatchPyTorch(reference: FanCase) {
    let fans = Fans(shape: reference.shape)

    #expect(fans.fanIn == reference.fanIn)
    #expect(fans.fanOut == reference.fanOut)
  }

  @Test("gains match PyTorch", arguments: try OptimReference.load().gains)
  func gainsMatchPyTorch(reference: GainCase) {
    #expect(abs(reference.labNonlinearity.gain - reference.gain) <= 1e-15 * reference.gain)
  }

  @Test("Conv2d fan-in is channels times kernel area")
  func convolutionFans() {
    // [out 16, in 8, 3, 3]: fanIn = 8·3·3 = 72, fanOut = 16·3·3 = 144.
    #expect(Fans(shape: [16, 8, 3, 3]) == Fans(fanIn: 72, fanOut: 144))
  }

  @Test("Fans traps on a vector")
  func fansRejectVector() async {
    await #expect(processExitsWith: .failure) {
      _ = Fans(shape: [5])
    }
  }

  @Test("PyTorch default keeps within ±1/√fan_in", arguments: [1, 3, 27, 256])
  func pytorchDefaultBounds(fanIn: Int) {
    var generator = RandomGenerator(seed: 41)
    let weight = Tensor(zeros: [64, fanIn])
    let bound = 1 / Float(fanIn).squareRoot()

    WeightInitializer.pytorchDefault.fill(weight, generator: &generator)

    #expect(weight.data.allSatisfy { abs($0) <= bound })
    #expect(weight.data.max()! > 0.9 * bound)
    #expect(weight.data.min()! < -0.9 * bound)
  }

  @Test("PyTorch default is Kaiming uniform with a = √5")
  func pytorchDefaultIsKaimingUniform() {
    // gain = √(2/(1 + 5)) = 1/√3, so the bound gain·√(3/fan) is 1/√fan. The
    // same draws give the same weights up to the rounding of the bound.
    var first = RandomGenerator(seed: 42)
    var second = RandomGenerator(seed: 42)
    let fans = Fans(fanIn: 27, fanOut: 8)
    let kaiming = WeightInitializer.kaimingUniform(
      mode: .fanIn, nonlinearity: .leakyReLU(negativeSlope: 5.0.squareRoot()))

    let expected = WeightInitializer.pytorchDefault.values(
      count: 216, fans: fans, generator: &first)
    let actual = kaiming.values(count: 216, fans: fans, generator: &second)

    expectClose(actual, expected, relative: 1e-6, absolute: 0, "Kaiming uniform, a = √5")
  }

  @Test("Linear with default initialiser keeps its seeded weights")
  func linearDefaultUnchanged() {
    // The weights and then the biases come from U(−1/√3, 1/√3) in order, as
    // Linear drew them before the initialiser became selectable.
    var generator = RandomGenerator(seed: 43)
    var replay = RandomGenerator(seed: 43)
    let bound = 1 / Float(3).squareRoot()

    let layer = Linear(inputCount: 3, outputCount: 4, generator: &generator)
    let weights = (0..<12).map { _ in replay.uniform(-bound, bound) }
    let biases = (0..<4).map { _ in replay.uniform(-bound, bound) }

    #expect(layer.weight.data == weights)
    #expect(layer.bias?.data == biases)
  }

  @Test("uniform initialisers have their bounds and variance", arguments: spreadCases.uniform)
  func uniformStatistics(spread: SpreadCase) {
    let (name, initializer, bound) = (spread.name, spread.initializer, spread.scale)
    // A [256, 128] weight: fanIn 128, fanOut 256. U(−b, b) has variance b²/3.
    // Over n = 32,768 samples the relative standard error of the variance is
    // √(0.8/n) ≈ 0.5% and that of the mean is b/√(3n) ≈ 0.0032·b, so the
    // limits of 3% and 0.02·b are over 6 standard errors.
    var generator = RandomGenerator(seed: 44)
    let weight = Tensor(zeros: [256, 128])

    initializer.fill(weight, generator: &generator)
    let (mean, variance) = moments(weight.data)

    #expect(weight.data.allSatisfy { Double(abs($0)) <= bound * (1 + 1e-6) }, "\(name) bound")
    #expect(Double(weight.data.map(abs).max()!) > 0.99 * bound, "\(name) reaches its bound")
    #expect(abs(mean) < 0.02 * bound, "\(name) mean \(mean)")
    #expect(abs(variance / (bound * bound / 3) - 1) < 0.03, "\(name) variance \(variance)")
  }

  @Test("normal initialisers have their standard deviation", arguments: spreadCases.normal)
  func normalStatistics(spread: SpreadCase) {
    let (name, initializer, deviation) = (spread.name, spread.initializer, spread.scale)
    // A [256, 128] weight: fanIn 128, fanOut 256. For n = 32,768 normal
    // samples the relative standard error of the variance is √(2/n) ≈ 0.8% and
    // that of the mean σ/√n ≈ 0.0055·σ, so the limits are over 5 standard
    // errors. About 0.27% of normal samples lie beyond 3σ; none beyond 6σ.
    var generator = RandomGenerator(seed: 45)
    let weight = Tensor(zeros: [256, 128])

    initializer.fill(weight, generator: &generator)
    let (mean, variance) = moments(weight.data)
    let beyondThree = weight.data.filter { Double(abs($0)) > 3 * deviation }.count

    #expect(abs(mean) < 0.03 * deviation, "\(name) mean \(mean)")
    #expect(abs(variance / (deviation * deviation) - 1) < 0.05, "\(name) variance \(variance)")
    #expect((30...150).contains(beyondThree), "\(name): \(beyondThree) samples beyond 3σ")
    #expect(weight.data.allSatisfy { Double(abs($0)) < 6 * deviation }, "\(name) beyond 6σ")
  }

  @Test("Conv2d weights use fan-in C·kh·kw")
  func convolutionWeightBound() {
    // [32, 3, 5, 5]: fanIn = 75, so the default bound is 1/√75.
    var generator = RandomGenerator(seed: 46)
    let weight = Tensor(zeros: [32, 3, 5, 5])
    let bound = 1 / Float(75).squareRoot()

    WeightInitializer.pytorchDefault.fill(weight, generator: &generator)

    #expect(weight.data.allSatisfy { abs($0) <= bound })
    #expect(weight.data.map(abs).max()! > 0.95 * bound)
  }

  @Test("explicit fans override the shape")
  func explicitFans() {
    var generator = RandomGenerator(seed: 47)
    let weight = Tensor(zeros: [8, 300])
    let bound = 1 / Float(4).squareRoot()

    WeightInitializer.pytorchDefault.fill(
      weight, fans: Fans(fanIn: 4, fanOut: 8), generator: &generator)

    #expect(weight.data.map(abs).max()! > 0.9 * bound)
    #expect(weight.data.allSatisfy { abs($0) <= bound })
  }

  @Test("default bias is uniform in ±1/√fan_in, or zero without inputs")
  func defaultBias() {
    var generator = RandomGenerator(seed: 48)

    let bias = WeightInitializer.defaultBias(count: 500, fanIn: 16, generator: &generator)
    let empty = WeightInitializer.defaultBias(count: 3, fanIn: 0, generator: &generator)

    #expect(bias.allSatisfy { abs($0) <= 0.25 })
    #expect(bias.map(abs).max()! > 0.24)
    #expect(empty == [0, 0, 0])
  }

  @Test("Linear takes an initialiser for its weight only")
  func linearWithInitializer() {
    // The weight follows Kaiming normal (σ = √2/√64); the bias keeps PyTorch's
    // default U(−1/8, 1/8).
    var generator = RandomGenerator(seed: 49)
    let layer = Linear(
      inputCount: 64, outputCount: 512, initializer: .kaimingNormal(), generator: &generator)
    let deviation = 2.0.squareRoot() / 8
    let (_, variance) = moments(layer.weight.data)

    #expect(abs(variance / (deviation * deviation) - 1) < 0.05)
    #expect(layer.bias!.data.allSatisfy { abs($0) <= 0.125 })
    #expect(layer.weight.requiresGradient)
  }
}

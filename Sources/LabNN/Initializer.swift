import LabTensor

/// The fan-in and fan-out of a weight tensor, as
/// `torch.nn.init._calculate_fan_in_and_fan_out` computes them:
///
///     [out, in]          → fanIn = in,         fanOut = out
///     [out, in, k₁, …]   → fanIn = in · ∏ kᵢ,  fanOut = out · ∏ kᵢ
///
/// A Conv2d weight [out, C, kh, kw] has fanIn = C·kh·kw.
public struct Fans: Equatable, Sendable {
  public var fanIn: Int
  public var fanOut: Int

  public init(fanIn: Int, fanOut: Int) {
    self.fanIn = fanIn
    self.fanOut = fanOut
  }

  /// - Precondition: `shape` has at least two dimensions, as in PyTorch.
  public init(shape: [Int]) {
    precondition(shape.count >= 2,
      "Fans: fan-in and fan-out need at least 2 dimensions, got shape \(shape)")
    let receptiveField = shape.dropFirst(2).reduce(1, *)
    fanIn = shape[1] * receptiveField
    fanOut = shape[0] * receptiveField
  }
}

/// The fan that scales a He initialisation. Fan-in keeps the variance of the
/// forward pass, fan-out that of the backward pass.
public enum FanMode: Sendable, Equatable {
  case fanIn, fanOut
}

/// The activation that follows a layer, for the gain of its initialisation.
public enum Nonlinearity: Sendable, Equatable {
  case linear, sigmoid, tanh, relu, selu
  /// Leaky ReLU with the slope for negative inputs; 0.01 by default, as PyTorch.
  case leakyReLU(negativeSlope: Double = 0.01)

  /// The gain of `torch.nn.init.calculate_gain`: 1 for linear and sigmoid,
  /// 5/3 for tanh, √2 for ReLU, √(2 / (1 + slope²)) for leaky ReLU and 3/4 for
  /// SELU.
  public var gain: Double {
    switch self {
    case .linear, .sigmoid: return 1
    case .tanh: return 5.0 / 3
    case .relu: return 2.0.squareRoot()
    case .selu: return 3.0 / 4
    case .leakyReLU(let slope): return (2 / (1 + slope * slope)).squareRoot()
    }
  }
}

/// A distribution for the initial weights of a layer, as in `torch.nn.init`.
public enum WeightInitializer: Sendable, Equatable {
  /// PyTorch's default for Linear and Conv2d, `kaiming_uniform_(a=√5)`, which
  /// reduces to U(−1/√fanIn, 1/√fanIn).
  case pytorchDefault
  /// He uniform, U(−b, b) with b = gain · √(3 / fan). From "Delving Deep into
  /// Rectifiers" (He et al., 2015). Defaults: fan-in, ReLU.
  case kaimingUniform(mode: FanMode = .fanIn, nonlinearity: Nonlinearity = .relu)
  /// He normal, N(0, σ²) with σ = gain / √fan. Defaults: fan-in, ReLU.
  case kaimingNormal(mode: FanMode = .fanIn, nonlinearity: Nonlinearity = .relu)
  /// Glorot uniform, U(−b, b) with b = gain · √(6 / (fanIn + fanOut)). From
  /// "Understanding the difficulty of training deep feedforward neural
  /// networks" (Glorot and Bengio, 2010). Default gain 1.
  case xavierUniform(gain: Double = 1)
  /// Glorot normal, N(0, σ²) with σ = gain · √(2 / (fanIn + fanOut)).
  case xavierNormal(gain: Double = 1)

  /// Draws `count` weights for a tensor with `fans`, in row-major order.
  ///
  /// - Precondition: the fan that the distribution divides by is positive,
  ///   unless `count` is 0.
  public func values(count: Int, fans: Fans, generator: inout RandomGenerator) -> [Float] {
    // PyTorch leaves a tensor without elements alone, whatever its fans.
    guard count > 0 else { return [] }
    switch self {
    case .pytorchDefault:
      // Computed in Float as 1/√fanIn, not through the Kaiming gain, so that
      // a seed gives the same weights as before initialisers were selectable.
      let bound = 1 / Float(positive(fans.fanIn, "pytorchDefault")).squareRoot()
      return (0..<count).map { _ in generator.uniform(-bound, bound) }
    case .kaimingUniform(let mode, let nonlinearity):
      let fan = Double(positive(mode == .fanIn ? fans.fanIn : fans.fanOut, "kaimingUniform"))
      let bound = Float(nonlinearity.gain * (3 / fan).squareRoot())
      return (0..<count).map { _ in generator.uniform(-bound, bound) }
    case .kaimingNormal(let mode, let nonlinearity):
      let fan = Double(positive(mode == .fanIn ? fans.fanIn : fans.fanOut, "kaimingNormal"))
      let deviation = nonlinearity.gain / fan.squareRoot()
      return (0..<count).map { _ in Float(generator.normal(standardDeviation: deviation)) }
    case .xavierUniform(let gain):
      let fanSum = Double(positive(fans.fanIn + fans.fanOut, "xavierUniform"))
      let bound = Float(gain * (6 / fanSum).squareRoot())
      return (0..<count).map { _ in generator.uniform(-bound, bound) }
    case .xavierNormal(let gain):
      let fanSum = Double(positive(fans.fanIn + fans.fanOut, "xavierNormal"))
      let deviation = gain * (2 / fanSum).squareRoot()
      return (0..<count).map { _ in Float(generator.normal(standardDeviation: deviation)) }
    }
  }

  /// Replaces the values of `weight`, with fans from its shape unless `fans`
  /// is given.
  ///
  /// - Precondition: without `fans`, `weight` has at least two dimensions.
  public func fill(_ weight: Tensor, fans: Fans? = nil, generator: inout RandomGenerator) {
    let fans = fans ?? Fans(shape: weight.shape)
    weight.data = values(count: weight.count, fans: fans, generator: &generator)
  }

  /// Draws PyTorch's default bias for Linear and Conv2d: U(−1/√fanIn, 1/√fanIn),
  /// or zeros when `fanIn` is 0. PyTorch initialises the bias this way whatever
  /// initialiser the weight later gets.
  public static func defaultBias(
    count: Int, fanIn: Int, generator: inout RandomGenerator
  ) -> [Float] {
    guard fanIn > 0 else { return [Float](repeating: 0, count: count) }
    let bound = 1 / Float(fanIn).squareRoot()
    return (0..<count).map { _ in generator.uniform(-bound, bound) }
  }
}

private func positive(_ fan: Int, _ name: String) -> Int {
  precondition(fan > 0, "\(name): fan must be positive, got \(fan)")
  return fan
}

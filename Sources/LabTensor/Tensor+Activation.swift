import Foundation

/// How GELU evaluates the normal distribution function, as the `approximate`
/// argument of `torch.nn.functional.gelu`.
public enum GELUApproximation: String, Sendable, CaseIterable {
  /// x·Φ(x) with Φ written through erf.
  case none
  /// The tanh form of "Gaussian Error Linear Units (GELUs)" (Hendrycks and
  /// Gimpel, 2016).
  case tanh
}

extension Tensor {
  /// Rectified linear unit, max(0, x). The gradient at exactly 0 is 0, as in
  /// PyTorch.
  ///
  /// Written out instead of through `mapElements`, because every hidden layer
  /// of an MLP runs it and the shared path calls its gradient rule through a
  /// closure per element.
  public func relu() -> Tensor {
    let values = elementwise(data) { $0 > 0 ? $0 : 0 }
    return Tensor(shape: shape, data: values, inputs: [self]) { [self] result in
      accumulateGradient(elementwise(result.gradient!, data) { upstream, x in
        x > 0 ? upstream : 0
      })
    }
  }

  /// Leaky ReLU, x for x > 0 and slope·x otherwise, as
  /// `torch.nn.functional.leaky_relu`. The gradient at 0 is `slope`.
  ///
  /// - Parameter slope: the factor for inputs at or below 0; 0.01 by default.
  public func leakyReLU(slope: Float = 0.01) -> Tensor {
    mapElements({ $0 > 0 ? $0 : slope * $0 }, gradient: { upstream, x, _ in
      x > 0 ? upstream : slope * upstream
    })
  }

  /// The logistic function 1 / (1 + e⁻ˣ), with the gradient y·(1 − y).
  ///
  /// For x < 0 it is computed as eˣ / (1 + eˣ), so that e⁻ˣ never overflows.
  public func sigmoid() -> Tensor {
    mapElements({ x in
      if x >= 0 { return 1 / (1 + Foundation.exp(-x)) }
      let power = Foundation.exp(x)
      return power / (1 + power)
    }, gradient: { upstream, _, y in upstream * y * (1 - y) })
  }

  /// The hyperbolic tangent, with the gradient 1 − y².
  public func tanh() -> Tensor {
    mapElements({ Foundation.tanh($0) }, gradient: { upstream, _, y in upstream * (1 - y * y) })
  }

  /// Gaussian error linear unit, as `torch.nn.functional.gelu`:
  ///
  ///     none:  x·Φ(x) = x/2 · (1 + erf(x/√2))
  ///     tanh:  x/2 · (1 + tanh(√(2/π) · (x + 0.044715·x³)))
  ///
  /// - Parameter approximation: `.none` (the exact form) by default.
  public func gelu(approximation: GELUApproximation = .none) -> Tensor {
    switch approximation {
    case .none:
      return mapElements({ x in 0.5 * x * (1 + erf(x * geluInverseRootTwo)) }, gradient: {
        upstream, x, _ in
        // Φ(x) + x·φ(x)
        let cumulative = 0.5 * (1 + erf(x * geluInverseRootTwo))
        let density = geluInverseRootTwoPi * Foundation.exp(-0.5 * x * x)
        return upstream * (cumulative + x * density)
      })
    case .tanh:
      return mapElements({ x in
        0.5 * x * (1 + Foundation.tanh(geluRootTwoOverPi * (x + 0.044715 * x * x * x)))
      }, gradient: { upstream, x, _ in
        let inner = geluRootTwoOverPi * (x + 0.044715 * x * x * x)
        let t = Foundation.tanh(inner)
        let innerDerivative = geluRootTwoOverPi * (1 + 3 * 0.044715 * x * x)
        return upstream * (0.5 * (1 + t) + 0.5 * x * (1 - t * t) * innerDerivative)
      })
    }
  }

  /// Softmax along `axis`, as `torch.softmax(x, dim=axis)`:
  ///
  ///     yᵢ = exp(xᵢ − m) / Σⱼ exp(xⱼ − m),  m = maxⱼ xⱼ
  ///
  /// Subtracting the maximum keeps every exponent at or below 0, so logits
  /// such as 1000 do not overflow. The gradient is y ⊙ (g − Σ g·y).
  public func softmax(axis: Int) -> Tensor {
    let layout = AxisLayout(shape: shape, axis: normalizedAxis(axis, "softmax"))
    let values = softmaxValues(layout, isLogarithmic: false)
    return Tensor(shape: shape, data: values, inputs: [self]) { [self] result in
      let upstream = result.gradient!
      var local = [Float](repeating: 0, count: count)
      layout.forEachLane { offsets in
        var dot: Float = 0
        for index in offsets { dot += upstream[index] * values[index] }
        for index in offsets { local[index] = values[index] * (upstream[index] - dot) }
      }
      accumulateGradient(local)
    }
  }

  /// The logarithm of softmax along `axis`, as `torch.log_softmax`:
  ///
  ///     yᵢ = xᵢ − m − log Σⱼ exp(xⱼ − m),  m = maxⱼ xⱼ
  ///
  /// This stays finite where log(softmax(x)) gives −infinity, for example
  /// [−431, 279, 427] along the axis gives [−858, −148, 0]. The gradient is
  /// g − softmax(x) · Σ g.
  public func logSoftmax(axis: Int) -> Tensor {
    let layout = AxisLayout(shape: shape, axis: normalizedAxis(axis, "logSoftmax"))
    let values = softmaxValues(layout, isLogarithmic: true)
    return Tensor(shape: shape, data: values, inputs: [self]) { [self] result in
      let upstream = result.gradient!
      var local = [Float](repeating: 0, count: count)
      layout.forEachLane { offsets in
        var total: Float = 0
        for index in offsets { total += upstream[index] }
        for index in offsets {
          local[index] = upstream[index] - Foundation.exp(values[index]) * total
        }
      }
      accumulateGradient(local)
    }
  }

  /// Returns softmax, or log-softmax when `isLogarithmic`, of every lane
  /// along the layout's axis, with the lane maximum subtracted first.
  private func softmaxValues(_ layout: AxisLayout, isLogarithmic: Bool) -> [Float] {
    var values = [Float](repeating: 0, count: count)
    layout.forEachLane { offsets in
      var maximum = -Float.infinity
      for index in offsets { maximum = Swift.max(maximum, data[index]) }
      // A lane of −infinity only: shifting by 0 keeps exp(−∞) = 0 out of NaN.
      if maximum == -.infinity { maximum = 0 }
      var total: Float = 0
      for index in offsets { total += Foundation.exp(data[index] - maximum) }
      let logTotal = Foundation.log(total)
      for index in offsets {
        let shifted = data[index] - maximum
        values[index] = isLogarithmic ? shifted - logTotal : Foundation.exp(shifted) / total
      }
    }
    return values
  }
}

/// 1/√2, the scale of erf in Φ(x).
private let geluInverseRootTwo: Float = 0.707_106_781_186_547_5
/// 1/√(2π), the peak of the standard normal density φ.
private let geluInverseRootTwoPi: Float = 0.398_942_280_401_432_7
/// √(2/π), the scale inside the tanh form of GELU.
private let geluRootTwoOverPi: Float = 0.797_884_560_802_865_4

extension AxisLayout {
  /// Calls `body` with the offsets of every lane, the `size` elements that
  /// differ only in the layout's axis.
  func forEachLane(_ body: (StrideTo<Int>) -> Void) {
    for line in 0..<outer {
      for position in 0..<inner {
        let start = line * size * inner + position
        body(stride(from: start, to: start + size * inner, by: inner))
      }
    }
  }
}

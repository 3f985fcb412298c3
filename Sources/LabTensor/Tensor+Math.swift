import Foundation

/// Element-wise functions of one tensor, with the gradients PyTorch uses at
/// the points where the function is not differentiable.
extension Tensor {
  /// eˣ for every element.
  public func exp() -> Tensor {
    mapElements({ Foundation.exp($0) }, gradient: { upstream, _, y in upstream * y })
  }

  /// The natural logarithm of every element: −infinity at 0 and NaN below 0,
  /// with the gradient 1/x (infinity at 0).
  public func log() -> Tensor {
    mapElements({ Foundation.log($0) }, gradient: { upstream, x, _ in upstream / x })
  }

  /// The square root of every element, with the gradient 1/(2√x), which is
  /// infinity at 0.
  public func sqrt() -> Tensor {
    mapElements({ $0.squareRoot() }, gradient: { upstream, _, y in upstream / (2 * y) })
  }

  /// |x| for every element. The gradient is sign(x), which is 0 at 0 as in
  /// PyTorch.
  public func abs() -> Tensor {
    mapElements({ Swift.abs($0) }, gradient: { upstream, x, _ in
      x > 0 ? upstream : (x < 0 ? -upstream : 0)
    })
  }

  /// x² for every element.
  public func square() -> Tensor {
    mapElements({ $0 * $0 }, gradient: { upstream, x, _ in 2 * x * upstream })
  }

  /// xᵖ for every element, with the gradient p·xᵖ⁻¹.
  ///
  /// As in PyTorch, the exponent 0 gives 1 everywhere with gradient 0, even at
  /// x = 0, and a negative x with a fractional exponent gives NaN.
  public func pow(_ exponent: Float) -> Tensor {
    if exponent == 0 {
      return mapElements({ _ in 1 }, gradient: { _, _, _ in 0 })
    }
    return mapElements({ Foundation.pow($0, exponent) }, gradient: { upstream, x, _ in
      upstream * exponent * Foundation.pow(x, exponent - 1)
    })
  }

  /// Every element limited to [minimum, maximum], as `torch.clamp`; a nil
  /// bound does not limit.
  ///
  /// The gradient passes where minimum < x < maximum and is 0 elsewhere,
  /// bounds included, as PyTorch 2.15 computes it for constant bounds. When
  /// minimum > maximum every element becomes maximum, again as in PyTorch.
  public func clamp(min minimum: Float? = nil, max maximum: Float? = nil) -> Tensor {
    let low = minimum ?? -.infinity
    let high = maximum ?? .infinity
    return mapElements({ Swift.min(Swift.max($0, low), high) }, gradient: { upstream, x, _ in
      x > low && x < high ? upstream : 0
    })
  }
}

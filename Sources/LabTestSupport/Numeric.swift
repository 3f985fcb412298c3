import Foundation
import LabTensor
import Testing

/// Tolerances for comparisons with the PyTorch reference fixtures.
///
/// Both sides evaluate the same float32 formulas but differ in the order of
/// additions and in where constants are rounded to float32, which moves a
/// result by a few units in the last place, about 1e-7 relative each. Values
/// must agree to 1e-5. Gradients chain more operations and get 1e-4. The
/// absolute floor of 1e-6 is for results near zero, where a relative
/// tolerance alone would demand identical bits.
public enum ReferenceTolerance {
  /// Relative tolerance of forward values.
  public static let value: Float = 1e-5
  /// Relative tolerance of gradients.
  public static let gradient: Float = 1e-4
  /// Absolute floor added to either relative tolerance.
  public static let absolute: Float = 1e-6
}

/// Records an issue unless each element of `actual` is close to the element of
/// `expected` at the same index.
///
/// An element passes when
///
///     |actual − expected| ≤ absolute + relative · |expected|
///
/// which is the closeness test of `torch.testing.assert_close` and
/// `numpy.isclose`. The absolute term is the floor for expected values near
/// zero, where any relative tolerance shrinks to nothing. Two NaNs count as
/// close, because PyTorch returns NaN for some results (the mean of no
/// elements); infinities pass only when they are equal.
///
/// The issue names the first element out of tolerance, both values, the
/// tolerance at that element and how many elements failed in all.
public func expectClose(
  _ actual: [Float], _ expected: [Float], relative: Float, absolute: Float, _ label: String,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  guard actual.count == expected.count else {
    Issue.record(
      "\(label): \(actual.count) values, expected \(expected.count)",
      sourceLocation: sourceLocation)
    return
  }
  var firstFailure: Int?
  var failureCount = 0
  for index in actual.indices
  where !isClose(actual[index], expected[index], relative: relative, absolute: absolute) {
    failureCount += 1
    if firstFailure == nil { firstFailure = index }
  }
  guard let index = firstFailure else { return }

  let allowed = absolute + relative * abs(expected[index])
  Issue.record(
    """
    \(label): element \(index) is \(actual[index]), expected \(expected[index]); \
    difference \(abs(actual[index] - expected[index])) exceeds \(allowed) \
    (absolute \(absolute) + relative \(relative) × |expected|); \
    \(failureCount) of \(actual.count) elements out of tolerance
    """,
    sourceLocation: sourceLocation)
}

/// Records an issue unless `actual` is close to `expected`, with the test of
/// the array form of `expectClose`.
public func expectClose(
  _ actual: Float, _ expected: Float, relative: Float, absolute: Float, _ label: String,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  expectClose(
    [actual], [expected], relative: relative, absolute: absolute, label,
    sourceLocation: sourceLocation)
}

private func isClose(_ actual: Float, _ expected: Float, relative: Float, absolute: Float) -> Bool {
  if actual.isNaN || expected.isNaN { return actual.isNaN && expected.isNaN }
  if actual.isInfinite || expected.isInfinite { return actual == expected }
  return abs(actual - expected) <= absolute + relative * abs(expected)
}

/// A tensor as scripts/torch_reference.py writes it: a shape and row-major
/// values.
public struct ReferenceTensor: Decodable, Sendable {
  public var shape: [Int]
  public var data: [Float]

  /// Returns a new leaf tensor with these values that requires gradients.
  public func leaf() -> Tensor {
    Tensor(shape: shape, data: data, requiresGradient: true)
  }

  /// Returns a new tensor with these values that does not require gradients.
  public func constant() -> Tensor {
    Tensor(shape: shape, data: data)
  }
}

/// Records an issue unless `tensor` has the shape of `expected` and values
/// within `ReferenceTolerance.value` of it.
public func expectValues(
  _ tensor: Tensor, _ expected: ReferenceTensor, _ label: String,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  #expect(tensor.shape == expected.shape, "\(label): shape", sourceLocation: sourceLocation)
  expectClose(
    tensor.data, expected.data, relative: ReferenceTolerance.value,
    absolute: ReferenceTolerance.absolute, label, sourceLocation: sourceLocation)
}

/// Records an issue unless `tensor` has a gradient within
/// `ReferenceTolerance.gradient` of `expected`.
public func expectGradient(
  _ tensor: Tensor, _ expected: ReferenceTensor, _ label: String,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  guard let gradient = tensor.gradient else {
    Issue.record("\(label): no gradient", sourceLocation: sourceLocation)
    return
  }
  expectClose(
    gradient, expected.data, relative: ReferenceTolerance.gradient,
    absolute: ReferenceTolerance.absolute, label, sourceLocation: sourceLocation)
}

/// Reads `Fixtures/NAME.json` from a test bundle and decodes it, with keys
/// converted from the script's snake case.
///
/// - Throws: `ReferenceFixtureError` when the file is missing, or the
///   decoder's error when the file does not match `type`.
public func loadReference<Reference: Decodable>(
  _ type: Reference.Type, named name: String, from bundle: Bundle
) throws -> Reference {
  guard let url = bundle.url(forResource: name, withExtension: "json", subdirectory: "Fixtures")
  else {
    throw ReferenceFixtureError(
      message: "Fixtures/\(name).json is missing from the test bundle; "
        + "run scripts/torch_reference.sh to write it")
  }
  let decoder = JSONDecoder()
  decoder.keyDecodingStrategy = .convertFromSnakeCase
  return try decoder.decode(type, from: Data(contentsOf: url))
}

/// A reference fixture that is missing from a test bundle.
public struct ReferenceFixtureError: Error, CustomStringConvertible {
  public var message: String
  public var description: String { message }
}

/// The largest disagreement that `checkGradient` found between the autodiff
/// gradient and the finite-difference estimate, and where it is.
public struct GradientCheckResult: Sendable, CustomStringConvertible {
  /// |analytic − numeric| / max(1, |analytic|, |numeric|) at the worst element,
  /// or infinity when either value there is not finite.
  public var worstError: Double
  /// Index of the worst element's tensor in the inputs given to `checkGradient`.
  public var inputIndex: Int
  /// Row-major index of the worst element within its tensor.
  public var elementIndex: Int
  /// The autodiff gradient at the worst element.
  public var analytic: Double
  /// The central-difference estimate at the worst element.
  public var numeric: Double

  public var description: String {
    "input \(inputIndex), element \(elementIndex): autodiff gradient \(analytic), "
      + "finite difference \(numeric), error \(worstError)"
  }
}

/// Compares the autodiff gradient of a scalar function with central finite
/// differences, element by element, and records an issue when they disagree.
///
/// Each element x of each input is moved to x + ε and x − ε in turn, and the
/// estimate is
///
///     (f(x + ε) − f(x − ε)) / ((x + ε) − (x − ε))
///
/// in Float64, where the denominator is the exact difference of the two Float
/// values, because x ± ε is rounded to Float32 before f is evaluated.
///
/// Why ε = 1e-2 and a tolerance of 1e-3: the truncation error of a central
/// difference is ε²/6 · f‴, which is zero when f is at most quadratic in each
/// single element, as sums, products, matrix products, ReLU away from 0 and
/// squared errors are. What remains is rounding. f runs in Float32, whose unit
/// roundoff u = 2⁻²⁴ ≈ 6e-8, so an evaluation chaining k operations is off by
/// roughly k·u·|f|, and the quotient by roughly k·u·|f| / ε ≈ 6e-6 · k · |f|
/// (an estimate that ignores cancelling errors).
/// That stays below 1e-3 for |f| ≤ 10 and k ≤ 10. A smaller ε raises that
/// error, and a larger one risks stepping across a ReLU kink, so choose inputs
/// whose ReLU inputs stay farther than ε times their weights from 0. A wrong
/// gradient rule is usually off by a factor (a missing 2, a transposed matrix),
/// far beyond 1e-3.
///
/// The error divides by max(1, |analytic|, |numeric|) because the rounding
/// error scales with |f|, not with the gradient: an element whose gradient is
/// near 0 is judged by its absolute error.
///
/// - Parameters:
///   - label: Names the check in the issue.
///   - inputs: The tensors to differentiate by; each must require gradients.
///     Their data are restored after every evaluation, and their gradients are
///     cleared before and after the check.
///   - epsilon: The step ε; 1e-2 by default.
///   - tolerance: The largest error that passes; 1e-3 by default.
///   - function: Computes a one-element tensor from `inputs`, building a new
///     graph on each call.
/// - Returns: The worst error and its position, whether or not it passed.
@discardableResult
public func checkGradient(
  _ label: String, inputs: [Tensor], epsilon: Float = 1e-2, tolerance: Double = 1e-3,
  sourceLocation: SourceLocation = #_sourceLocation,
  of function: ([Tensor]) -> Tensor
) -> GradientCheckResult {
  let analytic = autodiffGradients(of: function, at: inputs)

  var worst = GradientCheckResult(
    worstError: 0, inputIndex: 0, elementIndex: 0, analytic: 0, numeric: 0)
  for (inputIndex, input) in inputs.enumerated() {
    for elementIndex in 0..<input.count {
      let numeric = centralDifference(
        of: function, at: inputs, inputIndex: inputIndex, elementIndex: elementIndex,
        epsilon: epsilon)
      let exact = Double(analytic[inputIndex][elementIndex])
      let error = gradientError(analytic: exact, numeric: numeric)
      if error > worst.worstError {
        worst = GradientCheckResult(
          worstError: error, inputIndex: inputIndex, elementIndex: elementIndex,
          analytic: exact, numeric: numeric)
      }
    }
  }

  if worst.worstError > tolerance {
    Issue.record(
      "\(label): gradient check failed at \(worst), tolerance \(tolerance), ε \(epsilon)",
      sourceLocation: sourceLocation)
  }
  return worst
}

/// Reduces `tensor` to a one-element tensor as Σᵢ wᵢ·xᵢ with fixed weights wᵢ
/// that differ from element to element.
///
/// A gradient check through a plain `sum()` gives every element the upstream
/// gradient 1, which hides mistakes such as a transposed matrix. The weights
/// come from a `RandomGenerator` with a fixed seed, uniform in [−1.5, 1.5), so
/// the same shape always gets the same weights.
public func weightedSum(_ tensor: Tensor) -> Tensor {
  var generator = RandomGenerator(seed: 0x5EED)
  let weights = (0..<tensor.count).map { _ in generator.uniform(-1.5, 1.5) }
  return (tensor * Tensor(shape: tensor.shape, data: weights)).sum()
}

/// Returns the gradient of `function` with respect to each input, with zeros
/// for an input that the backward pass did not reach.
private func autodiffGradients(
  of function: ([Tensor]) -> Tensor, at inputs: [Tensor]
) -> [[Float]] {
  for input in inputs {
    precondition(input.requiresGradient,
      "checkGradient: input with shape \(input.shape) does not require gradients")
    input.zeroGradient()
  }
  let output = function(inputs)
  precondition(output.count == 1,
    "checkGradient: the function must return one value, got shape \(output.shape)")
  output.backward()

  let gradients = inputs.map { $0.gradient ?? [Float](repeating: 0, count: $0.count) }
  for input in inputs { input.zeroGradient() }
  return gradients
}

/// Returns the central-difference estimate of ∂f/∂x for one element x.
private func centralDifference(
  of function: ([Tensor]) -> Tensor, at inputs: [Tensor], inputIndex: Int, elementIndex: Int,
  epsilon: Float
) -> Double {
  let input = inputs[inputIndex]
  let original = input.data[elementIndex]
  let above = original + epsilon
  let below = original - epsilon

  input.data[elementIndex] = above
  let valueAbove = Double(function(inputs).scalar)
  input.data[elementIndex] = below
  let valueBelow = Double(function(inputs).scalar)
  input.data[elementIndex] = original

  return (valueAbove - valueBelow) / (Double(above) - Double(below))
}

/// Returns |analytic − numeric| / max(1, |analytic|, |numeric|), or infinity
/// when either value is not finite.
private func gradientError(analytic: Double, numeric: Double) -> Double {
  guard analytic.isFinite && numeric.isFinite else { return .infinity }
  return abs(analytic - numeric) / max(1, abs(analytic), abs(numeric))
}

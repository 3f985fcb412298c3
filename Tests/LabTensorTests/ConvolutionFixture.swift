import Foundation
import LabTensor
import LabTestSupport
import Testing

/// One `torch.nn.functional.conv2d` case, differentiated through
/// Σ (output ⊙ upstream); `bias` and `biasGradient` are nil without a bias.
struct Conv2dCase: Decodable, Sendable, CustomTestStringConvertible {
  var name: String
  var input: ReferenceTensor
  var weight: ReferenceTensor
  var bias: ReferenceTensor?
  var stride: [Int]
  var padding: [Int]
  var dilation: [Int]
  var upstream: ReferenceTensor
  var output: ReferenceTensor
  var inputGradient: ReferenceTensor
  var weightGradient: ReferenceTensor
  var biasGradient: ReferenceTensor?

  var testDescription: String { name }
}

/// One `max_pool2d` case, differentiated through Σ (output ⊙ upstream).
struct MaxPoolCase: Decodable, Sendable, CustomTestStringConvertible {
  var name: String
  var input: ReferenceTensor
  var kernel: [Int]
  var stride: [Int]
  var padding: [Int]
  var dilation: [Int]
  var upstream: ReferenceTensor
  var output: ReferenceTensor
  var inputGradient: ReferenceTensor

  var testDescription: String { name }
}

/// One `avg_pool2d` case, differentiated through Σ (output ⊙ upstream).
struct AvgPoolCase: Decodable, Sendable, CustomTestStringConvertible {
  var name: String
  var input: ReferenceTensor
  var kernel: [Int]
  var stride: [Int]
  var padding: [Int]
  var countIncludePad: Bool
  var upstream: ReferenceTensor
  var output: ReferenceTensor
  var inputGradient: ReferenceTensor

  var testDescription: String { name }
}

/// One `adaptive_avg_pool2d` case, differentiated through Σ (output ⊙ upstream).
struct AdaptiveAvgPoolCase: Decodable, Sendable, CustomTestStringConvertible {
  var name: String
  var input: ReferenceTensor
  var outputSize: [Int]
  var upstream: ReferenceTensor
  var output: ReferenceTensor
  var inputGradient: ReferenceTensor

  var testDescription: String { name }
}

/// One `batch_norm` case with the running statistics before and after the
/// call; the affine fields are nil without weight and bias.
struct BatchNormCase: Decodable, Sendable, CustomTestStringConvertible {
  var name: String
  var input: ReferenceTensor
  var weight: ReferenceTensor?
  var bias: ReferenceTensor?
  var runningMean: ReferenceTensor
  var runningVar: ReferenceTensor
  var training: Bool
  var momentum: Float
  var eps: Float
  var upstream: ReferenceTensor
  var output: ReferenceTensor
  var inputGradient: ReferenceTensor
  var weightGradient: ReferenceTensor?
  var biasGradient: ReferenceTensor?
  var runningMeanAfter: ReferenceTensor
  var runningVarAfter: ReferenceTensor

  var testDescription: String { name }
}

/// One `interpolate` case, by `size` or by `scaleFactor`.
struct InterpolateCase: Decodable, Sendable, CustomTestStringConvertible {
  var name: String
  var input: ReferenceTensor
  var mode: String
  var alignCorners: Bool
  var size: [Int]?
  var scaleFactor: Double?
  var upstream: ReferenceTensor
  var output: ReferenceTensor
  var inputGradient: ReferenceTensor

  var testDescription: String { name }

  var interpolationMode: InterpolationMode {
    mode == "nearest" ? .nearest : .bilinear(alignCorners: alignCorners)
  }
}

/// The contents of Fixtures/conv_reference.json, written by
/// scripts/references/conv.py from PyTorch.
struct ConvolutionReference: Decodable, Sendable {
  var conv2d: [Conv2dCase]
  var maxPool: [MaxPoolCase]
  var avgPool: [AvgPoolCase]
  var adaptiveAvgPool: [AdaptiveAvgPoolCase]
  var batchNorm: [BatchNormCase]
  var interpolate: [InterpolateCase]

  /// Returns the fixture, decoded once for all tests because it contains a
  /// few hundred thousand values.
  static func load() throws -> ConvolutionReference {
    try cached.get()
  }

  private static let cached: Result<ConvolutionReference, FixtureLoadError> = {
    do {
      return .success(
        try loadReference(ConvolutionReference.self, named: "conv_reference", from: .module))
    } catch {
      return .failure(FixtureLoadError(message: "conv_reference.json: \(error)"))
    }
  }()
}

/// A fixture that could not be read or decoded.
struct FixtureLoadError: Error, Sendable, CustomStringConvertible {
  var message: String
  var description: String { message }
}

extension [Int] {
  /// The pair [height, width] as a `Size2D`.
  var size2D: Size2D { Size2D(self[0], self[1]) }
}

/// Returns a leaf tensor that requires gradients, with values uniform in
/// [low, high) from a generator seeded with `seed`.
func randomLeaf(_ shape: [Int], seed: UInt64, low: Float = -1, high: Float = 1) -> Tensor {
  var generator = RandomGenerator(seed: seed)
  let values = (0..<shape.reduce(1, *)).map { _ in generator.uniform(low, high) }
  return Tensor(shape: shape, data: values, requiresGradient: true)
}

/// Records an issue unless `actual` matches `expected` within `relative` of
/// each element, with an absolute floor of `relative` times the largest
/// |expected| in the tensor.
///
/// The floor is for sums of many products that cancel, such as weight and bias
/// gradients of a convolution. Their rounding error in Float32 scales with the
/// size of the terms, not with the small sum, so a per-element tolerance alone
/// would fail on correct results from either side.
func expectCloseToScale(
  _ actual: [Float]?, _ expected: ReferenceTensor, relative: Float, _ label: String,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  guard let actual else {
    Issue.record("\(label): missing", sourceLocation: sourceLocation)
    return
  }
  let scale = expected.data.reduce(0) { max($0, abs($1)) }
  expectClose(
    actual, expected.data, relative: relative,
    absolute: max(ReferenceTolerance.absolute, relative * scale), label,
    sourceLocation: sourceLocation)
}

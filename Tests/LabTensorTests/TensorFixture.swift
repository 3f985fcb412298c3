import Foundation
import LabTensor
import LabTestSupport
import Testing

/// A tensor as scripts/torch_reference.py writes it: a shape and row-major values.
struct TensorRecord: Decodable, Sendable {
  var shape: [Int]
  var data: [Float]

  /// Returns a new leaf tensor with these values that requires gradients.
  func leaf() -> Tensor {
    Tensor(shape: shape, data: data, requiresGradient: true)
  }

  /// Returns a new tensor with these values that does not require gradients.
  func constant() -> Tensor {
    Tensor(shape: shape, data: data)
  }
}

/// One matmul case: left · right, differentiated through Σ (output ⊙ upstream).
struct MatmulCase: Decodable, Sendable, CustomTestStringConvertible {
  var name: String
  var left: TensorRecord
  var right: TensorRecord
  var upstream: TensorRecord
  var output: TensorRecord
  var leftGradient: TensorRecord
  var rightGradient: TensorRecord

  var testDescription: String { name }
}

/// One `torch.nn.functional.linear` case, differentiated through
/// Σ (output ⊙ upstream); `bias` and `biasGradient` are nil without a bias.
struct LinearCase: Decodable, Sendable, CustomTestStringConvertible {
  var name: String
  var input: TensorRecord
  var weight: TensorRecord
  var bias: TensorRecord?
  var upstream: TensorRecord
  var output: TensorRecord
  var inputGradient: TensorRecord
  var weightGradient: TensorRecord
  var biasGradient: TensorRecord?

  var testDescription: String { name }
}

/// One relu case whose input contains exact zeros, differentiated through
/// Σ (output ⊙ upstream).
struct ReLUCase: Decodable, Sendable, CustomTestStringConvertible {
  var name: String
  var input: TensorRecord
  var upstream: TensorRecord
  var output: TensorRecord
  var gradient: TensorRecord

  var testDescription: String { name }
}

/// One input with its sum and mean and the gradient of each.
struct ReductionCase: Decodable, Sendable, CustomTestStringConvertible {
  var name: String
  var input: TensorRecord
  var sum: Float
  var sumGradient: TensorRecord
  var mean: Float
  var meanGradient: TensorRecord

  var testDescription: String { name }
}

/// The contents of Fixtures/tensor_reference.json, written by
/// scripts/torch_reference.sh from PyTorch.
struct TensorReference: Decodable, Sendable {
  var matmul: [MatmulCase]
  var linear: [LinearCase]
  var relu: [ReLUCase]
  var reductions: [ReductionCase]

  /// Reads and decodes the fixture from the test bundle.
  static func load() throws -> TensorReference {
    let name = "tensor_reference"
    guard
      let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures")
    else {
      throw FixtureError(
        message: "Fixtures/\(name).json is missing from the test bundle; "
          + "run scripts/torch_reference.sh to write it")
    }
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    return try decoder.decode(TensorReference.self, from: Data(contentsOf: url))
  }
}

/// A fixture file that is missing from the test bundle.
struct FixtureError: Error, CustomStringConvertible {
  var message: String
  var description: String { message }
}

/// Records an issue unless `tensor` has the shape of `expected` and values
/// within the value tolerances of `ReferenceTolerance`.
func expectValues(
  _ tensor: Tensor, _ expected: TensorRecord, _ label: String,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  #expect(tensor.shape == expected.shape, "\(label) shape", sourceLocation: sourceLocation)
  expectClose(
    tensor.data, expected.data, relative: ReferenceTolerance.value,
    absolute: ReferenceTolerance.absolute, label, sourceLocation: sourceLocation)
}

/// Records an issue unless `tensor` has a gradient within the gradient
/// tolerances of `ReferenceTolerance` of `expected`.
func expectGradient(
  _ tensor: Tensor, _ expected: TensorRecord, _ label: String,
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

import Foundation
import LabTensor
import LabTestSupport
import Testing

/// One matmul case: left · right, differentiated through Σ (output ⊙ upstream).
struct MatmulCase: Decodable, Sendable, CustomTestStringConvertible {
  var name: String
  var left: ReferenceTensor
  var right: ReferenceTensor
  var upstream: ReferenceTensor
  var output: ReferenceTensor
  var leftGradient: ReferenceTensor
  var rightGradient: ReferenceTensor

  var testDescription: String { name }
}

/// One `torch.nn.functional.linear` case, differentiated through
/// Σ (output ⊙ upstream); `bias` and `biasGradient` are nil without a bias.
struct LinearCase: Decodable, Sendable, CustomTestStringConvertible {
  var name: String
  var input: ReferenceTensor
  var weight: ReferenceTensor
  var bias: ReferenceTensor?
  var upstream: ReferenceTensor
  var output: ReferenceTensor
  var inputGradient: ReferenceTensor
  var weightGradient: ReferenceTensor
  var biasGradient: ReferenceTensor?

  var testDescription: String { name }
}

/// One relu case whose input contains exact zeros, differentiated through
/// Σ (output ⊙ upstream).
struct ReLUCase: Decodable, Sendable, CustomTestStringConvertible {
  var name: String
  var input: ReferenceTensor
  var upstream: ReferenceTensor
  var output: ReferenceTensor
  var gradient: ReferenceTensor

  var testDescription: String { name }
}

/// One input with its sum and mean and the gradient of each.
struct ReductionCase: Decodable, Sendable, CustomTestStringConvertible {
  var name: String
  var input: ReferenceTensor
  var sum: Float
  var sumGradient: ReferenceTensor
  var mean: Float
  var meanGradient: ReferenceTensor

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
    try loadReference(TensorReference.self, named: "tensor_reference", from: .module)
  }
}

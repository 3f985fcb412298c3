import Foundation
import LabTensor
import LabTestSupport
import Testing

/// One operation from scripts/references/ops.py: its inputs, parameters,
/// upstream tensor, output and input gradients. Parameters that the
/// operation does not take are nil.
struct OperationCase: Decodable, Sendable, CustomTestStringConvertible {
  var name: String
  var operation: String
  /// Whether every input is far enough from a kink for finite differences.
  var checkGradient: Bool
  var inputs: [ReferenceTensor]
  var upstream: ReferenceTensor
  var output: ReferenceTensor
  var gradients: [ReferenceTensor]
  var axes: [Int]?
  var axis: Int?
  var keepDimensions: Bool?
  var scalar: Float?
  var exponent: Float?
  var minimum: Float?
  var maximum: Float?
  var start: Int?
  var end: Int?
  var step: Int?
  var order: [Int]?
  var slope: Float?
  var approximation: String?

  var testDescription: String { name }

  /// Returns the LabTensor counterpart of the PyTorch call applied to `inputs`.
  func apply(_ inputs: [Tensor]) -> Tensor {
    let x = inputs[0]
    switch operation {
    case "add": return inputs[0] + inputs[1]
    case "subtract": return inputs[0] - inputs[1]
    case "multiply": return inputs[0] * inputs[1]
    case "divide": return inputs[0] / inputs[1]
    case "add_scalar": return x + scalar!
    case "scalar_add": return scalar! + x
    case "subtract_scalar": return x - scalar!
    case "scalar_subtract": return scalar! - x
    case "multiply_scalar": return x * scalar!
    case "scalar_multiply": return scalar! * x
    case "divide_scalar": return x / scalar!
    case "scalar_divide": return scalar! / x
    case "negate": return -x
    default: return applyFunction(inputs)
    }
  }

  private func applyFunction(_ inputs: [Tensor]) -> Tensor {
    let x = inputs[0]
    switch operation {
    case "exp": return x.exp()
    case "log": return x.log()
    case "sqrt": return x.sqrt()
    case "abs": return x.abs()
    case "square": return x.square()
    case "pow": return x.pow(exponent!)
    case "clamp": return x.clamp(min: minimum, max: maximum)
    case "sum": return x.sum(axes: axes!, keepingDimensions: keepDimensions!)
    case "mean": return x.mean(axes: axes!, keepingDimensions: keepDimensions!)
    case "max": return x.max(axes: axes!, keepingDimensions: keepDimensions!)
    case "max_all": return x.max()
    case "matmul": return inputs[0].matmul(inputs[1])
    case "leaky_relu": return x.leakyReLU(slope: slope!)
    case "sigmoid": return x.sigmoid()
    case "tanh": return x.tanh()
    case "gelu": return x.gelu(approximation: GELUApproximation(rawValue: approximation!)!)
    case "softmax": return x.softmax(axis: axis!)
    case "log_softmax": return x.logSoftmax(axis: axis!)
    default: return applyShapeOperation(inputs)
    }
  }

  private func applyShapeOperation(_ inputs: [Tensor]) -> Tensor {
    let x = inputs[0]
    switch operation {
    case "flatten": return x.flattened(from: axis!)
    case "transpose": return x.transposed(axes![0], axes![1])
    case "permute": return x.permuted(order!)
    case "slice": return x.sliced(axis: axis!, start: start!, end: end ?? .max, step: step!)
    case "concatenate": return Tensor.concatenate(inputs, axis: axis!)
    case "stack": return Tensor.stack(inputs, axis: axis!)
    case "squeeze": return axis.map { x.squeezed(axis: $0) } ?? x.squeezed()
    case "unsqueeze": return x.unsqueezed(axis: axis!)
    default: fatalError("ops fixture: unknown operation \(operation) in case \(name)")
    }
  }
}

/// One `torch.argmax` case; `axis` is nil for the index over all elements.
struct ArgmaxCase: Decodable, Sendable, CustomTestStringConvertible {
  var name: String
  var input: ReferenceTensor
  var axis: Int?
  var indices: [Int]

  var testDescription: String { name }
}

/// The contents of Fixtures/ops_reference.json, written by
/// scripts/references/ops.py from PyTorch.
struct OpsReference: Decodable, Sendable {
  var broadcast: [OperationCase]
  var scalar: [OperationCase]
  var unary: [OperationCase]
  var reductions: [OperationCase]
  var argmax: [ArgmaxCase]
  var shape: [OperationCase]
  var matmul: [OperationCase]
  var activations: [OperationCase]

  /// Reads and decodes the fixture from the test bundle.
  static func load() throws -> OpsReference {
    try loadReference(OpsReference.self, named: "ops_reference", from: .module)
  }
}

/// Runs a case forward and backward through Σ (output ⊙ upstream) and
/// compares the output and every input gradient with PyTorch.
func expectMatchesPyTorch(
  _ reference: OperationCase, sourceLocation: SourceLocation = #_sourceLocation
) {
  let inputs = reference.inputs.map { $0.leaf() }

  let output = reference.apply(inputs)
  (output * reference.upstream.constant()).sum().backward()

  expectValues(output, reference.output, "\(reference.name) output", sourceLocation: sourceLocation)
  for (index, input) in inputs.enumerated() {
    expectGradient(
      input, reference.gradients[index], "\(reference.name) gradient of input \(index)",
      sourceLocation: sourceLocation)
  }
}

/// Compares the autodiff gradient of a case with finite differences at the
/// case's inputs.
func expectFiniteDifferences(
  _ reference: OperationCase, sourceLocation: SourceLocation = #_sourceLocation
) {
  let inputs = reference.inputs.map { $0.leaf() }
  checkGradient(reference.name, inputs: inputs, sourceLocation: sourceLocation) { inputs in
    weightedSum(reference.apply(inputs))
  }
}

/// Returns the cases whose inputs suit a finite-difference check.
func smoothCases(_ cases: [OperationCase]) -> [OperationCase] {
  cases.filter(\.checkGradient)
}

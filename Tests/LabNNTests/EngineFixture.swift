import Foundation
import LabNN
import LabTestSupport
import Testing

/// One `torch.nn.functional.mse_loss` case. With reduction "none" the loss is
/// differentiated through Σ (loss ⊙ upstream), and `upstream` is nil otherwise.
struct MSECase: Decodable, Sendable, CustomTestStringConvertible {
  var name: String
  var reduction: String
  var predicted: ReferenceTensor
  var expected: ReferenceTensor
  var upstream: ReferenceTensor?
  var output: ReferenceTensor
  var predictedGradient: ReferenceTensor
  var expectedGradient: ReferenceTensor

  var testDescription: String { name }
}

/// Weights of one linear layer, as PyTorch stores them.
struct LayerWeights: Decodable, Sendable {
  var weight: ReferenceTensor
  var bias: ReferenceTensor
}

/// A 3 → 5 → 2 MLP with ReLU, one batch and its targets, and the forward and
/// backward pass of its mean squared error.
struct MLPCase: Decodable, Sendable {
  var input: ReferenceTensor
  var target: ReferenceTensor
  var layers: [LayerWeights]
  var output: ReferenceTensor
  var loss: Float
  var inputGradient: ReferenceTensor
  /// Gradients in parameter order: each layer's weight, then its bias.
  var parameterGradients: [ReferenceTensor]
}

/// Three full-batch training steps of the MLP case, with "sgd" or "adam" at
/// PyTorch's defaults apart from the fields given.
struct TrainingCase: Decodable, Sendable, CustomTestStringConvertible {
  var optimizer: String
  var learningRate: Float
  var momentum: Float
  /// The loss before each step's update.
  var losses: [Float]
  /// The parameters after each step, in parameter order.
  var afterStep: [[ReferenceTensor]]

  var testDescription: String { optimizer }
}

/// Steps of `torch.optim.SGD` applying the gradients given for each step.
struct SGDCase: Decodable, Sendable, CustomTestStringConvertible {
  var name: String
  var learningRate: Float
  var momentum: Float
  var dampening: Float
  var weightDecay: Float
  var nesterov: Bool
  var initial: [ReferenceTensor]
  var gradients: [[ReferenceTensor]]
  var afterStep: [[ReferenceTensor]]

  var testDescription: String { name }
}

/// Steps of `torch.optim.Adam` applying the gradients given for each step.
struct AdamCase: Decodable, Sendable, CustomTestStringConvertible {
  var name: String
  var learningRate: Float
  var beta1: Float
  var beta2: Float
  var epsilon: Float
  var weightDecay: Float
  var initial: [ReferenceTensor]
  var gradients: [[ReferenceTensor]]
  var afterStep: [[ReferenceTensor]]

  var testDescription: String { name }
}

/// The contents of Fixtures/engine_reference.json, written by
/// scripts/torch_reference.sh from PyTorch.
struct EngineReference: Decodable, Sendable {
  var mse: [MSECase]
  var mlp: MLPCase
  var training: [TrainingCase]
  var sgd: [SGDCase]
  var adam: [AdamCase]

  /// Reads and decodes the fixture from the test bundle.
  static func load() throws -> EngineReference {
    try loadReference(EngineReference.self, named: "engine_reference", from: .module)
  }
}

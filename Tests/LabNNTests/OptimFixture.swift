import Foundation
import LabNN
import LabTestSupport
import Testing

/// The hyperparameters of one optimizer case, from the PyTorch parameter
/// group; each optimizer writes only the fields it has.
struct OptimizerHyperparameters: Decodable, Sendable {
  var learningRate: Float
  var momentum: Float?
  var dampening: Float?
  var weightDecay: Float?
  var nesterov: Bool?
  var beta1: Float?
  var beta2: Float?
  var epsilon: Float?
  var amsgrad: Bool?
  var alpha: Float?
  var centered: Bool?
}

/// Steps of one `torch.optim` optimizer applying the gradients given for each
/// step; a nil gradient is `None` in PyTorch.
struct OptimizerCase: Decodable, Sendable, CustomTestStringConvertible {
  var name: String
  /// "sgd", "adam", "adamw" or "rmsprop".
  var optimizer: String
  var hyperparameters: OptimizerHyperparameters
  var initial: [ReferenceTensor]
  var gradients: [[ReferenceTensor?]]
  var afterStep: [[ReferenceTensor]]

  var testDescription: String { name }

  /// Builds the LabNN optimizer with every hyperparameter of the case.
  func makeOptimizer() -> any Optimizer {
    let h = hyperparameters
    switch optimizer {
    case "sgd":
      return SGD(
        learningRate: h.learningRate, momentum: h.momentum!, dampening: h.dampening!,
        weightDecay: h.weightDecay!, isNesterov: h.nesterov!)
    case "adam":
      return Adam(
        learningRate: h.learningRate, beta1: h.beta1!, beta2: h.beta2!, epsilon: h.epsilon!,
        weightDecay: h.weightDecay!, isAMSGrad: h.amsgrad!)
    case "adamw":
      return AdamW(
        learningRate: h.learningRate, beta1: h.beta1!, beta2: h.beta2!, epsilon: h.epsilon!,
        weightDecay: h.weightDecay!, isAMSGrad: h.amsgrad!)
    case "rmsprop":
      return RMSprop(
        learningRate: h.learningRate, alpha: h.alpha!, epsilon: h.epsilon!,
        weightDecay: h.weightDecay!, momentum: h.momentum!, isCentered: h.centered!)
    default:
      preconditionFailure("optim_reference.json: unknown optimizer \(optimizer)")
    }
  }
}

/// The learning rate of one `torch.optim.lr_scheduler` setup at each epoch
/// index from 0; each kind writes only the fields it has.
struct ScheduleCase: Decodable, Sendable, CustomTestStringConvertible {
  /// "step", "cosine", "linear" or "warmup_cosine".
  var kind: String
  var stepSize: Int?
  var gamma: Double?
  var maximumStep: Int?
  var minimumRate: Double?
  var startFactor: Double?
  var endFactor: Double?
  var totalSteps: Int?
  var warmupSteps: Int?
  var baseRate: Float
  var rates: [Double]

  var testDescription: String {
    switch kind {
    case "step": return "StepLR step size \(stepSize!), gamma \(gamma!)"
    case "cosine": return "CosineAnnealingLR T_max \(maximumStep!), eta_min \(minimumRate!)"
    case "linear": return "LinearLR \(startFactor!) to \(endFactor!) over \(totalSteps!)"
    default: return "warm-up \(warmupSteps!) then cosine to \(totalSteps!)"
    }
  }

  /// Builds the LabNN schedule with every option of the case.
  func makeSchedule() -> any LearningRateSchedule {
    switch kind {
    case "step":
      return StepSchedule(stepSize: stepSize!, gamma: gamma!)
    case "cosine":
      return CosineAnnealingSchedule(maximumStep: maximumStep!, minimumRate: minimumRate!)
    case "linear":
      return LinearSchedule(
        startFactor: startFactor!, endFactor: endFactor!, totalSteps: totalSteps!)
    case "warmup_cosine":
      return SequentialSchedule.warmupCosine(
        warmupSteps: warmupSteps!, totalSteps: totalSteps!, startFactor: startFactor!,
        minimumRate: minimumRate!)
    default:
      preconditionFailure("optim_reference.json: unknown schedule \(kind)")
    }
  }
}

/// `torch.nn.init._calculate_fan_in_and_fan_out` of one shape.
struct FanCase: Decodable, Sendable, CustomTestStringConvertible {
  var shape: [Int]
  var fanIn: Int
  var fanOut: Int

  var testDescription: String { "\(shape)" }
}

/// `torch.nn.init.calculate_gain` of one nonlinearity and its parameter.
struct GainCase: Decodable, Sendable, CustomTestStringConvertible {
  var nonlinearity: String
  var parameter: Double?
  var gain: Double

  var testDescription: String { "\(nonlinearity) \(parameter.map { "\($0)" } ?? "")" }

  var labNonlinearity: Nonlinearity {
    switch nonlinearity {
    case "linear": return .linear
    case "sigmoid": return .sigmoid
    case "tanh": return .tanh
    case "relu": return .relu
    case "selu": return .selu
    case "leaky_relu": return parameter.map { .leakyReLU(negativeSlope: $0) } ?? .leakyReLU()
    default: preconditionFailure("optim_reference.json: unknown nonlinearity \(nonlinearity)")
    }
  }
}

/// The contents of Fixtures/optim_reference.json, written by
/// scripts/references/optim.py from PyTorch.
struct OptimReference: Decodable, Sendable {
  var optimizers: [OptimizerCase]
  var schedules: [ScheduleCase]
  var fans: [FanCase]
  var gains: [GainCase]

  /// Reads and decodes the fixture from the test bundle.
  static func load() throws -> OptimReference {
    try loadReference(OptimReference.self, named: "optim_reference", from: .module)
  }
}

import Foundation
import LabNN
import LabTensor
import LabTestSupport
import Testing

/// Integer class indices in a fixture, with their shape.
struct ReferenceClassIndices: Decodable, Sendable {
  var shape: [Int]
  var values: [Int]
}

/// Options of a loss case, by their PyTorch names in snake case.
struct ReferenceLossOptions: Decodable, Sendable {
  var reduction: String?
  var delta: Float?
  var beta: Float?
  var ignoreIndex: Int?
  var labelSmoothing: Float?
  var margin: Float?
  var p: Float?
  var eps: Float?
  var swap: Bool?
  var distance: String?
  var miner: String?
  var normalization: String?
}

/// Easy, semi-hard and hard counts of a mined triplet case.
struct ReferenceTripletCounts: Decodable, Sendable {
  var easy: Int
  var semiHard: Int
  var hard: Int
}

/// One case of Fixtures/losses_reference.json, written by
/// scripts/references/losses.py. Dictionary keys are converted from snake
/// case by the decoder, so `pos_weight` reads as `posWeight`.
struct LossCase: Decodable, Sendable, CustomTestStringConvertible {
  var name: String
  var loss: String
  var tensors: [String: ReferenceTensor]
  var classTarget: ReferenceClassIndices?
  var labels: [Int]?
  var options: ReferenceLossOptions
  var output: ReferenceTensor
  var upstream: ReferenceTensor?
  var gradients: [String: ReferenceTensor]
  var counts: ReferenceTripletCounts?

  var testDescription: String { name }

  static func load() throws -> [LossCase] {
    struct Document: Decodable { var cases: [LossCase] }
    return try loadReference(Document.self, named: "losses_reference", from: .module).cases
  }
}

/// The result of evaluating a fixture case with LabNN.
struct EvaluatedLoss {
  var output: Tensor
  var mined: MinedTripletLoss?
}

extension LossCase {
  /// Evaluates the case's loss on `inputs`, which contains a leaf for each
  /// differentiated tensor and a constant for each other tensor.
  func evaluate(_ inputs: [String: Tensor]) throws -> EvaluatedLoss {
    let reduction = try #require(Reduction(rawValue: options.reduction ?? "mean"))
    let input = inputs["input"]
    let target = inputs["target"]
    let weight = inputs["weight"]?.data
    switch loss {
    case "mse":
      return EvaluatedLoss(output: try meanSquaredError(
        predicted: input!, expected: target!, reduction: reduction))
    case "l1":
      return EvaluatedLoss(output: try l1Loss(
        predicted: input!, expected: target!, reduction: reduction))
    case "huber":
      return EvaluatedLoss(output: try huberLoss(
        predicted: input!, expected: target!, delta: options.delta ?? 1, reduction: reduction))
    case "smooth_l1":
      return EvaluatedLoss(output: try smoothL1Loss(
        predicted: input!, expected: target!, beta: options.beta ?? 1, reduction: reduction))
    case "cross_entropy" where classTarget != nil:
      return EvaluatedLoss(output: try crossEntropy(
        logits: input!, classIndices: try classIndices(), weight: weight,
        ignoreIndex: options.ignoreIndex ?? -100, labelSmoothing: options.labelSmoothing ?? 0,
        reduction: reduction))
    case "cross_entropy":
      return EvaluatedLoss(output: try crossEntropy(
        logits: input!, probabilities: target!, weight: weight,
        labelSmoothing: options.labelSmoothing ?? 0, reduction: reduction))
    case "nll":
      return EvaluatedLoss(output: try negativeLogLikelihood(
        logProbabilities: input!, classIndices: try classIndices(), weight: weight,
        ignoreIndex: options.ignoreIndex ?? -100, reduction: reduction))
    case "bce_with_logits":
      return EvaluatedLoss(output: try binaryCrossEntropyWithLogits(
        logits: input!, targets: target!, weight: inputs["weight"],
        positiveWeight: inputs["posWeight"] ?? inputs["pos_weight"], reduction: reduction))
    case "triplet_margin":
      return EvaluatedLoss(output: try tripletMarginLoss(
        anchor: inputs["anchor"]!, positive: inputs["positive"]!, negative: inputs["negative"]!,
        margin: options.margin ?? 1, distance: distance(), swap: options.swap ?? false,
        reduction: reduction))
    case "triplet_mined":
      let miner = try #require(TripletMiner(rawValue: options.miner ?? ""))
      let mined = try minedTripletLoss(
        embeddings: inputs["embeddings"]!, labels: labels ?? [], miner: miner,
        margin: options.margin ?? 1, distance: distance(), reduction: reduction)
      return EvaluatedLoss(output: mined.loss, mined: mined)
    case "gram_style":
      let normalization = try #require(GramNormalization(rawValue: options.normalization ?? ""))
      return EvaluatedLoss(output: try gramStyleLoss(
        features: input!, targetFeatures: target!, normalization: normalization))
    case "total_variation":
      return EvaluatedLoss(output: try totalVariation(input!))
    default:
      Issue.record("\(name): unknown loss '\(loss)'")
      return EvaluatedLoss(output: Tensor(scalar: .nan))
    }
  }

  private func classIndices() throws -> ClassIndices {
    let target = try #require(classTarget)
    return ClassIndices(shape: target.shape, values: target.values)
  }

  private func distance() -> TripletDistance {
    options.distance == "cosine"
      ? .cosine : .euclidean(p: options.p ?? 2, epsilon: options.eps ?? 1e-6)
  }
}

@Suite("Loss references")
struct LossReferenceTests {
  @Test("fixture covers every loss", arguments: [try LossCase.load()])
  func fixtureCoverage(cases: [LossCase]) {
    let losses = Set(cases.map(\.loss))
    let expected: Set = [
      "mse", "l1", "huber", "smooth_l1", "cross_entropy", "nll", "bce_with_logits",
      "triplet_margin", "triplet_mined", "gram_style", "total_variation",
    ]
    #expect(cases.count >= 70)
    #expect(losses == expected)
  }

  @Test("loss matches PyTorch", arguments: try LossCase.load())
  func lossMatchesPyTorch(reference: LossCase) throws {
    var inputs: [String: Tensor] = [:]
    for (name, tensor) in reference.tensors {
      inputs[name] = reference.gradients[name] != nil ? tensor.leaf() : tensor.constant()
    }

    let evaluated = try reference.evaluate(inputs)
    let output = evaluated.output
    if let upstream = reference.upstream {
      (output * upstream.constant()).sum().backward()
    } else {
      output.backward()
    }

    expectValues(output, reference.output, reference.name)
    for (name, gradient) in reference.gradients {
      let tensor = try #require(inputs[name])
      if tensor.gradient == nil {
        // An input that no recorded operation reached has a zero gradient.
        tensor.gradient = [Float](repeating: 0, count: tensor.count)
      }
      expectGradient(tensor, gradient, "\(reference.name) ∂/∂\(name)")
    }
    if let counts = reference.counts {
      let mined = try #require(evaluated.mined)
      #expect(mined.easyCount == counts.easy, "\(reference.name) easy")
      #expect(mined.semiHardCount == counts.semiHard, "\(reference.name) semi-hard")
      #expect(mined.hardCount == counts.hard, "\(reference.name) hard")
    }
  }
}

import LabNN
import LabTensor
import LabTestSupport
import Testing

/// Finite-difference checks of every loss, with inputs kept away from the
/// kinks of |x|, the Huber thresholds, the triplet hinge and the miners'
/// choices, where a step of ε = 1e-2 could cross to another branch.
@Suite("Loss gradients")
struct LossGradientTests {
  /// Differences between prediction and target, none within 0.1 of 0, ±0.5, ±1 or ±2.
  static let differences: [Float] = [-2.4, -1.3, -0.7, -0.25, 0.3, 0.8, 1.45, 2.6, -0.35, 0.65]

  static func leaf(_ shape: [Int], seed: UInt64, scale: Float = 1) -> Tensor {
    var generator = RandomGenerator(seed: seed)
    let count = shape.reduce(1, *)
    return Tensor(
      shape: shape, data: (0..<count).map { _ in scale * generator.uniform(-1, 1) },
      requiresGradient: true)
  }

  static func regressionPair() -> (Tensor, Tensor) {
    let predicted = leaf([2, 5], seed: 41)
    let expected = Tensor(
      shape: [2, 5], data: zip(predicted.data, differences).map { $0 - $1 },
      requiresGradient: true)
    return (predicted, expected)
  }

  @Test("regression losses", arguments: Reduction.allCases)
  func regression(reduction: Reduction) {
    let (predicted, expected) = Self.regressionPair()
    let inputs = [predicted, expected]
    checkGradient("l1 \(reduction)", inputs: inputs) { x in
      weightedSum(try! l1Loss(predicted: x[0], expected: x[1], reduction: reduction))
    }
    checkGradient("huber \(reduction)", inputs: inputs) { x in
      weightedSum(try! huberLoss(predicted: x[0], expected: x[1], reduction: reduction))
    }
    checkGradient("huber delta 0.5 \(reduction)", inputs: inputs) { x in
      weightedSum(try! huberLoss(
        predicted: x[0], expected: x[1], delta: 0.5, reduction: reduction))
    }
    checkGradient("smooth_l1 beta 2 \(reduction)", inputs: inputs) { x in
      weightedSum(try! smoothL1Loss(
        predicted: x[0], expected: x[1], beta: 2, reduction: reduction))
    }
    checkGradient("smooth_l1 beta 0 \(reduction)", inputs: inputs) { x in
      weightedSum(try! smoothL1Loss(
        predicted: x[0], expected: x[1], beta: 0, reduction: reduction))
    }
  }

  @Test("cross-entropy with every option", arguments: Reduction.allCases)
  func crossEntropyIndices(reduction: Reduction) {
    let logits = Self.leaf([3, 4, 2], seed: 42, scale: 2)
    let target = ClassIndices(shape: [3, 2], values: [0, 3, -100, 1, 2, 2])
    checkGradient("cross_entropy \(reduction)", inputs: [logits]) { x in
      weightedSum(try! crossEntropy(
        logits: x[0], classIndices: target, weight: [0.5, 2, 1, 3], labelSmoothing: 0.2,
        reduction: reduction))
    }
    checkGradient("nll \(reduction)", inputs: [logits]) { x in
      weightedSum(try! negativeLogLikelihood(
        logProbabilities: x[0], classIndices: target, weight: [0.5, 2, 1, 3],
        reduction: reduction))
    }
  }

  @Test("cross-entropy with probabilities", arguments: Reduction.allCases)
  func crossEntropyProbabilities(reduction: Reduction) {
    let logits = Self.leaf([3, 4], seed: 43, scale: 2)
    let probabilities = Self.leaf([3, 4], seed: 44, scale: 0.5)
    checkGradient("cross_entropy probabilities \(reduction)", inputs: [logits, probabilities]) {
      x in
      weightedSum(try! crossEntropy(
        logits: x[0], probabilities: x[1], weight: [0.5, 2, 1, 3], labelSmoothing: 0.1,
        reduction: reduction))
    }
  }

  @Test("binary cross-entropy with weights", arguments: Reduction.allCases)
  func binaryCrossEntropy(reduction: Reduction) {
    let logits = Self.leaf([3, 4], seed: 45, scale: 3)
    let targets = Self.leaf([3, 4], seed: 46)
    let weight = Tensor(shape: [3, 1], data: [0.5, 1, 2])
    let positiveWeight = Tensor(shape: [4], data: [1, 3, 0.5, 2])
    checkGradient("bce_with_logits \(reduction)", inputs: [logits, targets]) { x in
      weightedSum(try! binaryCrossEntropyWithLogits(
        logits: x[0], targets: x[1], weight: weight, positiveWeight: positiveWeight,
        reduction: reduction))
    }
  }

  @Test(
    "triplet margin",
    arguments: [
      TripletDistance.euclidean(), .euclidean(p: 1, epsilon: 1e-6),
      .euclidean(p: 3, epsilon: 1e-6), .cosine,
    ])
  func tripletMargin(distance: TripletDistance) {
    let anchor = Self.leaf([4, 3], seed: 47)
    let positive = Self.leaf([4, 3], seed: 48)
    let negative = Self.leaf([4, 3], seed: 49)
    // A margin of 4 keeps every hinge active and away from 0.
    for swap in [false, true] {
      checkGradient("triplet_margin \(distance) swap \(swap)",
        inputs: [anchor, positive, negative]) { x in
        weightedSum(try! tripletMarginLoss(
          anchor: x[0], positive: x[1], negative: x[2], margin: 4, distance: distance,
          swap: swap, reduction: .none))
      }
    }
  }

  @Test("mined triplets", arguments: TripletMiner.allCases)
  func minedTriplets(miner: TripletMiner) {
    // Two well separated clusters per label, so that no step of ε changes which
    // triplets a miner picks or crosses a hinge.
    let embeddings = Tensor(
      shape: [6, 2], data: [0, 0, 0.6, 0.1, 3, 0, 0.3, 1.1, 2.2, 0.9, 1.5, -0.2],
      requiresGradient: true)
    let labels = [0, 0, 0, 1, 1, 1]
    let mined = try! minedTripletLoss(
      embeddings: embeddings, labels: labels, miner: miner, margin: 1.5)
    #expect(mined.loss.scalar > 0, "\(miner) mined \(mined.minedCount) triplets")
    checkGradient("triplet_mined \(miner)", inputs: [embeddings]) { x in
      try! minedTripletLoss(embeddings: x[0], labels: labels, miner: miner, margin: 1.5).loss
    }
  }

  @Test("Gram style loss", arguments: GramNormalization.allCases)
  func gramStyle(normalization: GramNormalization) {
    let features = Self.leaf([2, 2, 2, 3], seed: 50, scale: 0.5)
    let target = Self.leaf([2, 2, 2, 3], seed: 51, scale: 0.5)
    checkGradient("gram_style \(normalization)", inputs: [features, target]) { x in
      try! gramStyleLoss(features: x[0], targetFeatures: x[1], normalization: normalization)
    }
  }

  @Test("total variation")
  func totalVariationGradient() {
    // Neighbours differ by at least 0.3, so no step of ε crosses |d| = 0.
    let images = Tensor(
      shape: [1, 2, 2, 3], data: [0, 1, 0.3, 2, -1, 1.4, 0.5, -0.5, 1.5, -1.2, 0.8, 2.2],
      requiresGradient: true)
    checkGradient("total_variation", inputs: [images]) { x in try! totalVariation(x[0]) }
  }
}

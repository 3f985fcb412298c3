import LabTensor

/// A rule that picks triplets (anchor, positive, negative) from a labelled
/// batch. A triplet is valid when the anchor and positive are different
/// embeddings with the same label and the negative has another label.
///
/// With d⁺ = d(a, p) and d⁻ = d(a, n), a valid triplet is hard when
/// d⁻ ≤ d⁺, semi-hard when d⁺ < d⁻ < d⁺ + margin, and easy when
/// d⁻ ≥ d⁺ + margin (its loss is 0).
public enum TripletMiner: String, Sendable, CaseIterable {
  /// Every valid triplet; the mean is over all of them, easy ones included.
  case all
  /// The hard triplets; the mean is over them.
  case hard
  /// The semi-hard triplets of "FaceNet: A Unified Embedding for Face
  /// Recognition and Clustering" (Schroff et al. 2015); the mean is over them.
  case semiHard = "semi_hard"
  /// For each anchor with at least one positive and one negative, its farthest
  /// positive and nearest negative, from "In Defense of the Triplet Loss for
  /// Person Re-Identification" (Hermans et al. 2017). The mean is over those
  /// anchors; ties go to the lowest index.
  case batchHard = "batch_hard"
  /// Every valid triplet, from the same paper. The mean is over the triplets
  /// whose loss is positive, the paper's "BA≠0" variant, so that many easy
  /// triplets do not wash out the few that still teach something.
  case batchAll = "batch_all"
}

/// A mined triplet loss, the triplets it used and warnings for the caller.
public struct MinedTripletLoss {
  /// The reduced loss, or one loss per mined triplet for `.none`.
  public var loss: Tensor
  /// Valid triplets in the batch, whether mined or not.
  public var validCount: Int
  /// Triplets the miner selected.
  public var minedCount: Int
  /// Of the mined triplets, how many were easy, semi-hard and hard.
  public var easyCount: Int
  public var semiHardCount: Int
  public var hardCount: Int
  /// Messages for the caller to show, such as a batch without a valid triplet.
  public var warnings: [String]
}

/// Triplet margin loss over triplets mined from a labelled batch:
///
///     ℓ = max(d(eₐ, eₚ) − d(eₐ, eₙ) + margin, 0)   for each mined (a, p, n)
///
/// with the distance of `tripletMarginLoss`, so each term equals
/// `tripletMarginLoss` on the gathered rows. When the miner selects no
/// triplet, or `batchAll` finds no triplet with a positive loss, the loss is 0
/// with zero gradients and a warning, never 0/0.
///
/// - Parameters:
///   - embeddings: [N, D].
///   - labels: N integer labels.
///   - miner: Which triplets to use.
///   - margin: 1 by default.
///   - distance: `.euclidean(p: 2, epsilon: 1e-6)` by default.
///   - reduction: `.mean` by default, with the miner's denominator; `.none`
///     gives one loss per mined triplet, in order of anchor, positive, negative.
/// - Throws: `LossError` when the shapes do not fit.
/// - Complexity: O(N³ + N²·D) time, for enumerating triplets and distances.
public func minedTripletLoss(
  embeddings: Tensor, labels: [Int], miner: TripletMiner, margin: Float = 1,
  distance: TripletDistance = .euclidean(), reduction: Reduction = .mean
) throws(LossError) -> MinedTripletLoss {
  guard embeddings.rank == 2 else {
    throw LossError(message: "embeddings: triplet_mined needs shape [N, D], got "
      + "\(embeddings.shape)")
  }
  guard labels.count == embeddings.shape[0] else {
    throw LossError(message: "labels: triplet_mined needs one label per embedding, shape "
      + "[\(embeddings.shape[0])], got shape [\(labels.count)]")
  }
  try distance.validate()

  let geometry = TripletGeometry(
    margin: Double(margin), distance: distance, swap: false, dimension: embeddings.shape[1])
  let mining = TripletMining(
    embeddings: embeddings.data, labels: labels, geometry: geometry)
  let mined = mining.select(miner)
  let sources = [embeddings.data]
  let losses = mined.map { Float(geometry.loss(of: $0, in: sources)) }
  let categories = mined.map(mining.category)
  var denominator = Double(mined.count)
  if miner == .batchAll { denominator = Double(losses.filter { $0 > 0 }.count) }

  var warnings: [String] = []
  if mined.isEmpty {
    warnings.append(mining.validCount == 0
      ? "no valid triplet: the batch needs a label with two embeddings and another label; "
        + "the loss and gradients are 0"
      : "\(miner.rawValue) found no triplet among \(mining.validCount) valid ones; "
        + "the loss and gradients are 0")
  } else if denominator == 0 {
    warnings.append("every mined triplet is easy; the loss and gradients are 0")
  }
  let loss = reducedLoss(
    losses, shape: [mined.count], reduction: reduction, denominator: max(denominator, 1),
    inputs: [embeddings]
  ) { upstream in
    geometry.gradients(of: mined, seeds: upstream, in: sources)
  }
  return MinedTripletLoss(
    loss: loss, validCount: mining.validCount, minedCount: mined.count,
    easyCount: categories.filter { $0 == .easy }.count,
    semiHardCount: categories.filter { $0 == .semiHard }.count,
    hardCount: categories.filter { $0 == .hard }.count, warnings: warnings)
}

/// The pairwise distances of a labelled batch and the triplets they allow.
private struct TripletMining {
  enum Category { case easy, semiHard, hard }

  var labels: [Int]
  var geometry: TripletGeometry
  /// d(eᵢ, eⱼ) at i·N + j; the Euclidean form with ε is not symmetric.
  var distances: [Double]
  var valid: [Triplet]

  init(embeddings: [Float], labels: [Int], geometry: TripletGeometry) {
    self.labels = labels
    self.geometry = geometry
    let count = labels.count
    let dimension = geometry.dimension
    func row(_ i: Int) -> ArraySlice<Float> { embeddings[i * dimension ..< (i + 1) * dimension] }
    distances = [Double](repeating: 0, count: count * count)
    for i in 0..<count {
      for j in 0..<count where i != j {
        distances[i * count + j] = geometry.pairDistance(row(i), row(j))
      }
    }
    valid = []
    for a in 0..<count {
      for p in 0..<count where p != a && labels[p] == labels[a] {
        for n in 0..<count where labels[n] != labels[a] {
          valid.append(Triplet(anchor: (0, a), positive: (0, p), negative: (0, n)))
        }
      }
    }
  }

  var validCount: Int { valid.count }

  func distance(_ i: Int, _ j: Int) -> Double { distances[i * labels.count + j] }

  func category(_ triplet: Triplet) -> Category {
    let positive = distance(triplet.anchor.row, triplet.positive.row)
    let negative = distance(triplet.anchor.row, triplet.negative.row)
    if negative <= positive { return .hard }
    return negative < positive + geometry.margin ? .semiHard : .easy
  }

  func select(_ miner: TripletMiner) -> [Triplet] {
    switch miner {
    case .all, .batchAll: return valid
    case .hard: return valid.filter { category($0) == .hard }
    case .semiHard: return valid.filter { category($0) == .semiHard }
    case .batchHard: return (0..<labels.count).compactMap(hardestTriplet)
    }
  }

  /// Returns the anchor's farthest positive and nearest negative, or nil when
  /// it has no positive or no negative.
  private func hardestTriplet(anchor: Int) -> Triplet? {
    let others = (0..<labels.count).filter { $0 != anchor }
    let positives = others.filter { labels[$0] == labels[anchor] }
    let negatives = others.filter { labels[$0] != labels[anchor] }
    // min(by:) returns the first of equal elements, so ties go to the lowest index.
    guard let positive = positives.min(by: { distance(anchor, $0) > distance(anchor, $1) }),
      let negative = negatives.min(by: { distance(anchor, $0) < distance(anchor, $1) })
    else { return nil }
    return Triplet(anchor: (0, anchor), positive: (0, positive), negative: (0, negative))
  }
}

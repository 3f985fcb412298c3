import Foundation
import LabTensor

/// The distance between embeddings that a triplet loss compares.
public enum TripletDistance: Sendable, Equatable {
  /// ‖u − v + ε‖ₚ, as `torch.nn.functional.pairwise_distance`. The ε added to
  /// every component keeps the distance of equal vectors away from 0, where
  /// the norm has no derivative. PyTorch's defaults are p = 2, ε = 1e-6.
  case euclidean(p: Float = 2, epsilon: Float = 1e-6)
  /// 1 − u·v / (max(‖u‖, 1e-8) · max(‖v‖, 1e-8)), the distance that
  /// `TripletMarginWithDistanceLoss` gives with `1 - cosine_similarity`.
  case cosine
}

/// Triplet margin loss, `torch.nn.functional.triplet_margin_loss`, or
/// `TripletMarginWithDistanceLoss` with a cosine distance:
///
///     ℓᵢ = max(d(aᵢ, pᵢ) − d(aᵢ, nᵢ) + margin, 0)
///
/// With `swap`, d(aᵢ, nᵢ) becomes min(d(aᵢ, nᵢ), d(pᵢ, nᵢ)), the distance swap of
/// "Learning local feature descriptors with triplets and shallow convolutional
/// neural networks" (Balntas et al. 2016). As in PyTorch, a triplet whose
/// hinge is exactly 0 still passes its gradient.
///
/// - Parameters:
///   - anchor: [N, D] or one embedding [D].
///   - positive: The shape of `anchor`; not broadcast.
///   - negative: The shape of `anchor`; not broadcast.
///   - margin: 1 by default.
///   - distance: `.euclidean(p: 2, epsilon: 1e-6)` by default.
///   - swap: false by default.
///   - reduction: `.mean` by default, over the N triplets.
/// - Throws: `LossError` when the shapes differ or are not [N, D] or [D].
public func tripletMarginLoss(
  anchor: Tensor, positive: Tensor, negative: Tensor, margin: Float = 1,
  distance: TripletDistance = .euclidean(), swap: Bool = false, reduction: Reduction = .mean
) throws(LossError) -> Tensor {
  guard anchor.rank == 1 || anchor.rank == 2 else {
    throw LossError(message: "anchor: triplet_margin needs shape [N, D] or [D], "
      + "got \(anchor.shape)")
  }
  for (name, tensor) in [("positive", positive), ("negative", negative)]
  where tensor.shape != anchor.shape {
    throw LossError(message: "\(name): triplet_margin needs the anchor's shape "
      + "\(anchor.shape), got \(tensor.shape); shapes are never broadcast")
  }
  try distance.validate()

  let geometry = TripletGeometry(
    margin: Double(margin), distance: distance, swap: swap,
    dimension: anchor.shape.last!)
  let rows = anchor.rank == 2 ? anchor.shape[0] : 1
  let sources = [anchor.data, positive.data, negative.data]
  let triplets = (0..<rows).map { Triplet(anchor: (0, $0), positive: (1, $0), negative: (2, $0)) }
  let losses = triplets.map { Float(geometry.loss(of: $0, in: sources)) }
  return reducedLoss(
    losses, shape: anchor.rank == 2 ? [rows] : [], reduction: reduction,
    denominator: Double(rows), inputs: [anchor, positive, negative]
  ) { upstream in
    geometry.gradients(of: triplets, seeds: upstream, in: sources).map { Optional($0) }
  }
}

/// Three rows, each given as (source, row) where the source indexes the data
/// arrays that a `TripletGeometry` reads.
struct Triplet {
  var anchor: (source: Int, row: Int)
  var positive: (source: Int, row: Int)
  var negative: (source: Int, row: Int)
}

/// The distance, margin and swap of a triplet loss, and its evaluation on rows
/// of row-major [rows, dimension] arrays.
struct TripletGeometry {
  var margin: Double
  var distance: TripletDistance
  var swap: Bool
  var dimension: Int

  /// Returns d(u, v) of rows `u` and `v`.
  func pairDistance(_ u: ArraySlice<Float>, _ v: ArraySlice<Float>) -> Double {
    distanceAndGradient(u, v, needsGradient: false).value
  }

  /// Returns the hinge max(d⁺ − d⁻ + margin, 0) of one triplet.
  func loss(of triplet: Triplet, in sources: [[Float]]) -> Double {
    max(hinge(of: triplet, in: sources, needsGradient: false).value, 0)
  }

  /// Returns the gradient of Σ seedᵢ · ℓᵢ with respect to every source array.
  func gradients(of triplets: [Triplet], seeds: [Float], in sources: [[Float]]) -> [[Float]] {
    var gradients = sources.map { [Double](repeating: 0, count: $0.count) }
    for (triplet, seed) in zip(triplets, seeds) where seed != 0 {
      let term = hinge(of: triplet, in: sources, needsGradient: true)
      // clamp_min passes the gradient where its input is ≥ 0, as PyTorch's does.
      guard term.value >= 0 else { continue }
      let s = Double(seed)
      add(term.positive, scale: s, first: triplet.anchor, second: triplet.positive, to: &gradients)
      let negativeFirst = term.isSwapped ? triplet.positive : triplet.anchor
      add(term.negative, scale: -s, first: negativeFirst, second: triplet.negative,
        to: &gradients)
    }
    return gradients.map { $0.map { Float($0) } }
  }

  private func row(_ place: (source: Int, row: Int), in sources: [[Float]]) -> ArraySlice<Float> {
    sources[place.source][place.row * dimension ..< (place.row + 1) * dimension]
  }

  private func hinge(of triplet: Triplet, in sources: [[Float]], needsGradient: Bool) -> (
    value: Double, positive: DistanceTerm, negative: DistanceTerm, isSwapped: Bool
  ) {
    let anchor = row(triplet.anchor, in: sources)
    let positive = row(triplet.positive, in: sources)
    let negative = row(triplet.negative, in: sources)
    let toPositive = distanceAndGradient(anchor, positive, needsGradient: needsGradient)
    var toNegative = distanceAndGradient(anchor, negative, needsGradient: needsGradient)
    var isSwapped = false
    if swap {
      let swapped = distanceAndGradient(positive, negative, needsGradient: needsGradient)
      // torch.min picks the first argument on a tie; ties are measure-zero anyway.
      if swapped.value < toNegative.value {
        toNegative = swapped
        isSwapped = true
      }
    }
    return (toPositive.value - toNegative.value + margin, toPositive, toNegative, isSwapped)
  }

  private func add(
    _ term: DistanceTerm, scale: Double, first: (source: Int, row: Int),
    second: (source: Int, row: Int), to gradients: inout [[Double]]
  ) {
    for k in 0..<dimension {
      gradients[first.source][first.row * dimension + k] += scale * term.first[k]
      gradients[second.source][second.row * dimension + k] += scale * term.second[k]
    }
  }

  private func distanceAndGradient(
    _ u: ArraySlice<Float>, _ v: ArraySlice<Float>, needsGradient: Bool
  ) -> DistanceTerm {
    switch distance {
    case .euclidean(let p, let epsilon):
      return euclidean(u, v, p: Double(p), epsilon: Double(epsilon), needsGradient: needsGradient)
    case .cosine:
      return cosine(u, v, needsGradient: needsGradient)
    }
  }

  /// ‖u − v + ε‖ₚ and its gradients sign(wₖ)·|wₖ|^(p−1) / d^(p−1) for u and the
  /// negation for v, with w = u − v + ε. At d = 0 the gradient is 0, as PyTorch's norm.
  private func euclidean(
    _ u: ArraySlice<Float>, _ v: ArraySlice<Float>, p: Double, epsilon: Double,
    needsGradient: Bool
  ) -> DistanceTerm {
    let w = zip(u, v).map { Double($0) - Double($1) + epsilon }
    // p = 2, the default, without `pow`, which costs far more than the rest of the loss.
    let isEuclidean = p == 2
    let value = isEuclidean
      ? w.reduce(0.0) { $0 + $1 * $1 }.squareRoot()
      : pow(w.reduce(0.0) { $0 + pow(abs($1), p) }, 1 / p)
    guard needsGradient else { return DistanceTerm(value: value, first: [], second: []) }
    guard value > 0 else {
      let zeros = [Double](repeating: 0, count: dimension)
      return DistanceTerm(value: value, first: zeros, second: zeros)
    }
    let first: [Double]
    if isEuclidean {
      first = w.map { $0 / value }
    } else {
      let scale = pow(value, p - 1)
      first = w.map { component in
        Double(sign(Float(component))) * pow(abs(component), p - 1) / scale
      }
    }
    return DistanceTerm(value: value, first: first, second: first.map { -$0 })
  }

  /// 1 − cos(u, v) with each norm clamped below at 1e-8 (the clamp passes no
  /// gradient), as `torch.nn.functional.cosine_similarity`.
  private func cosine(
    _ u: ArraySlice<Float>, _ v: ArraySlice<Float>, needsGradient: Bool
  ) -> DistanceTerm {
    let minimumNorm = 1e-8
    let uu = u.map(Double.init)
    let vv = v.map(Double.init)
    let dot = zip(uu, vv).reduce(0.0) { $0 + $1.0 * $1.1 }
    let uNorm = uu.reduce(0.0) { $0 + $1 * $1 }.squareRoot()
    let vNorm = vv.reduce(0.0) { $0 + $1 * $1 }.squareRoot()
    let uScale = max(uNorm, minimumNorm)
    let vScale = max(vNorm, minimumNorm)
    let similarity = dot / (uScale * vScale)
    guard needsGradient else { return DistanceTerm(value: 1 - similarity, first: [], second: []) }
    // ∂cos/∂u = v / (|u|·|v|) − cos · u / |u|², the second term only where |u| is not clamped.
    let uRadial = uNorm > minimumNorm ? similarity / (uNorm * uNorm) : 0
    let vRadial = vNorm > minimumNorm ? similarity / (vNorm * vNorm) : 0
    let first = zip(uu, vv).map { -($1 / (uScale * vScale) - uRadial * $0) }
    let second = zip(uu, vv).map { -($0 / (uScale * vScale) - vRadial * $1) }
    return DistanceTerm(value: 1 - similarity, first: first, second: second)
  }
}

/// A distance and its gradients with respect to its first and second rows.
struct DistanceTerm {
  var value: Double
  var first: [Double]
  var second: [Double]
}

extension TripletDistance {
  func validate() throws(LossError) {
    guard case .euclidean(let p, let epsilon) = self else { return }
    guard p > 0, p.isFinite else {
      throw LossError(message: "p: the norm degree must be positive and finite, got \(p)")
    }
    guard epsilon.isFinite else {
      throw LossError(message: "eps: must be finite, got \(epsilon)")
    }
  }
}

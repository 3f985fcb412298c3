import Foundation
import LabTensor

/// The distance by which a retrieval query ranks the other embeddings.
public enum RetrievalDistance: String, Sendable, CaseIterable {
  /// ‖u − v‖₂, without the ε that `TripletDistance.euclidean` adds to keep a
  /// gradient defined, because a ranking needs no gradient.
  case euclidean
  /// 1 − u·v / (max(‖u‖, 1e-8) · max(‖v‖, 1e-8)), as `TripletDistance.cosine`.
  case cosine
}

/// Retrieval quality of labelled embeddings: recall@k and mean average precision.
///
/// Every embedding is a query that ranks all the other embeddings by distance,
/// nearest first. Equal distances are ranked by the lower index first, so a
/// ranking never depends on sort stability. The embeddings of the query's
/// class are the relevant ones. A query whose class has no other member has
/// nothing to retrieve, so it is skipped by both metrics and counted in
/// `skippedQueryCount`.
public struct RetrievalScores: Sendable, Equatable {
  /// The k of `recall`.
  public var k: Int
  /// The fraction of evaluated queries with at least one embedding of their
  /// class among their k nearest. With k = 1: the fraction whose nearest other
  /// embedding has their label. 0 when no query is evaluated.
  public var recall: Double
  /// The mean over evaluated queries of the average precision
  ///
  ///     AP = (1/R) · Σⱼ j / rⱼ
  ///
  /// where r₁ < r₂ < … < r_R are the ranks (from 1) of the R relevant
  /// embeddings. This is `sklearn.metrics.average_precision_score` of the
  /// negated distances when no two distances tie, because scikit-learn ranks
  /// tied scores as one step. 0 when no query is evaluated.
  public var meanAveragePrecision: Double
  /// Queries with at least one other embedding of their class.
  public var queryCount: Int
  /// Queries skipped because no other embedding has their class.
  public var skippedQueryCount: Int
}

/// Computes recall@k and mean average precision of labelled embeddings, with
/// every embedding as a query against all the others.
///
/// Distances are computed in double precision from the float values. A NaN
/// distance, from an embedding with a NaN or infinite value, ranks last, as if
/// it were +∞, so the metrics drop instead of becoming NaN.
///
/// - Parameters:
///   - embeddings: [N, D].
///   - labels: N integer labels, such as identity or product ids.
///   - k: Neighbours that recall looks at, 1 by default.
///   - distance: `.euclidean` by default.
/// - Precondition: `embeddings` has rank 2, `labels` has N elements and `k ≥ 1`.
/// - Complexity: O(N²·D + N²·log N) time and O(N) memory beyond the input.
public func retrievalScores(
  embeddings: Tensor, labels: [Int], k: Int = 1, distance: RetrievalDistance = .euclidean
) -> RetrievalScores {
  precondition(
    embeddings.rank == 2, "retrievalScores: embeddings need shape [N, D], got \(embeddings.shape)")
  precondition(
    labels.count == embeddings.shape[0],
    "retrievalScores: \(embeddings.shape[0]) embeddings but \(labels.count) labels")
  precondition(k >= 1, "retrievalScores: k is \(k), expected at least 1")

  let table = RetrievalTable(
    data: embeddings.data, rowCount: embeddings.shape[0], dimension: embeddings.shape[1],
    distance: distance)
  let classSizes = Dictionary(labels.map { ($0, 1) }, uniquingKeysWith: +)
  var hitCount = 0
  var precisionSum = 0.0
  var queryCount = 0
  for query in 0..<table.rowCount where classSizes[labels[query]]! > 1 {
    let ranked = table.ranking(of: query)
    let isRelevant = ranked.map { labels[$0] == labels[query] }
    if isRelevant.prefix(k).contains(true) { hitCount += 1 }
    precisionSum += averagePrecision(isRelevant)
    queryCount += 1
  }

  let evaluated = Double(max(queryCount, 1))
  return RetrievalScores(
    k: k, recall: Double(hitCount) / evaluated, meanAveragePrecision: precisionSum / evaluated,
    queryCount: queryCount, skippedQueryCount: table.rowCount - queryCount)
}

/// Returns the average precision of a ranking, given which ranked items are
/// relevant: the mean of the precision at each relevant rank. 0 without a
/// relevant item.
func averagePrecision(_ isRelevant: [Bool]) -> Double {
  var relevantCount = 0
  var sum = 0.0
  for (offset, relevant) in isRelevant.enumerated() where relevant {
    relevantCount += 1
    sum += Double(relevantCount) / Double(offset + 1)
  }
  return relevantCount == 0 ? 0 : sum / Double(relevantCount)
}

/// Row-major embeddings with the norms that the cosine distance needs.
struct RetrievalTable {
  var data: [Float]
  var rowCount: Int
  var dimension: Int
  var distance: RetrievalDistance
  var norms: [Double]

  init(data: [Float], rowCount: Int, dimension: Int, distance: RetrievalDistance) {
    self.data = data
    self.rowCount = rowCount
    self.dimension = dimension
    self.distance = distance
    norms = (0..<rowCount).map { row in
      var sum = 0.0
      for value in data[row * dimension..<(row + 1) * dimension] {
        sum += Double(value) * Double(value)
      }
      return max(sum.squareRoot(), 1e-8)
    }
  }

  /// Returns the distance between rows `u` and `v`.
  func distance(_ u: Int, _ v: Int) -> Double {
    var sum = 0.0
    let uStart = u * dimension
    let vStart = v * dimension
    switch distance {
    case .euclidean:
      for j in 0..<dimension {
        let difference = Double(data[uStart + j]) - Double(data[vStart + j])
        sum += difference * difference
      }
      return sum.squareRoot()
    case .cosine:
      for j in 0..<dimension {
        sum += Double(data[uStart + j]) * Double(data[vStart + j])
      }
      return 1 - sum / (norms[u] * norms[v])
    }
  }

  /// Returns every row but `query`, nearest first, equal distances by lower index.
  func ranking(of query: Int) -> [Int] {
    let others = (0..<rowCount).filter { $0 != query }
    let distances = others.map { other in
      let value = distance(query, other)
      return value.isNaN ? Double.infinity : value
    }
    let order = others.indices.sorted { left, right in
      if distances[left] != distances[right] { return distances[left] < distances[right] }
      return others[left] < others[right]
    }
    return order.map { others[$0] }
  }
}

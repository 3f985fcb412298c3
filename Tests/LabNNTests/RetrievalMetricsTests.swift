import LabNN
import LabTensor
import LabTestSupport
import Testing

/// Embeddings of one feature each, one row per value.
private func line(_ values: [Float]) -> Tensor {
  Tensor(shape: [values.count, 1], data: values)
}

@Suite("Retrieval metrics")
struct RetrievalMetricsTests {
  @Test("scores match scikit-learn", arguments: try RetrievalReference.load().retrieval)
  func scoresMatchReference(reference: RetrievalCase) throws {
    let distance = try #require(RetrievalDistance(rawValue: reference.distance))
    let embeddings = reference.embeddings.constant()

    for recall in reference.recall {
      let scores = retrievalScores(
        embeddings: embeddings, labels: reference.labels, k: recall.k, distance: distance)

      #expect(abs(scores.recall - recall.value) < 1e-12, "recall@\(recall.k)")
      #expect(abs(scores.meanAveragePrecision - reference.meanAveragePrecision) < 1e-12)
      #expect(scores.queryCount == reference.queryCount)
      #expect(scores.skippedQueryCount == reference.skippedQueryCount)
      #expect(scores.k == recall.k)
    }
  }

  @Test func separatedClassesScorePerfectly() {
    let scores = retrievalScores(embeddings: line([0, 1, 3, 4]), labels: [0, 0, 1, 1])

    #expect(scores.recall == 1)
    #expect(scores.meanAveragePrecision == 1)
    #expect(scores.queryCount == 4)
    #expect(scores.skippedQueryCount == 0)
  }

  /// Points 0, 1, 3, 4 with alternating labels. Query 0 ranks 1, 3, 4 and finds
  /// its class at rank 2 (AP 1/2); query 1 ranks 0, 3, 4 and finds it at rank 3
  /// (AP 1/3); queries 3 and 4 mirror them. mAP = (1/2 + 1/3 + 1/3 + 1/2) / 4.
  @Test(
    "interleaved classes by hand",
    arguments: [(1, 0.0), (2, 0.5), (3, 1.0)])
  func interleavedClasses(k: Int, expectedRecall: Double) {
    let scores = retrievalScores(embeddings: line([0, 1, 3, 4]), labels: [0, 1, 0, 1], k: k)

    #expect(scores.recall == expectedRecall)
    #expect(abs(scores.meanAveragePrecision - 5.0 / 12) < 1e-15)
  }

  /// Query 0 has two neighbours at distance 1. The lower index ranks first, so
  /// the query misses when that neighbour has another class and hits when it
  /// has the query's class. The class of one member is skipped.
  @Test func tiesGoToLowerIndex() {
    let miss = retrievalScores(embeddings: line([0, 1, -1]), labels: [0, 1, 0])
    let hit = retrievalScores(embeddings: line([0, -1, 1]), labels: [0, 0, 1])

    #expect(miss.recall == 0.5)
    #expect(miss.meanAveragePrecision == 0.75)
    #expect(miss.queryCount == 2)
    #expect(miss.skippedQueryCount == 1)
    #expect(hit.recall == 1)
    #expect(hit.meanAveragePrecision == 1)
  }

  /// [1, 0] and [10, 0] point the same way but lie 9 apart, while [0, 1] lies
  /// √2 from [1, 0]: cosine retrieval pairs the first two, Euclidean does not
  /// for query 0.
  @Test func cosineIgnoresLength() {
    let embeddings = Tensor(shape: [3, 2], data: [1, 0, 10, 0, 0, 1])
    let labels = [0, 0, 1]

    let euclidean = retrievalScores(embeddings: embeddings, labels: labels, distance: .euclidean)
    let cosine = retrievalScores(embeddings: embeddings, labels: labels, distance: .cosine)

    #expect(euclidean.recall == 0.5)
    #expect(euclidean.meanAveragePrecision == 0.75)
    #expect(cosine.recall == 1)
    #expect(cosine.meanAveragePrecision == 1)
  }

  @Test func singletonClassesAreAllSkipped() {
    let scores = retrievalScores(embeddings: line([0, 1, 2]), labels: [0, 1, 2])

    #expect(scores.queryCount == 0)
    #expect(scores.skippedQueryCount == 3)
    #expect(scores.recall == 0)
    #expect(scores.meanAveragePrecision == 0)
  }

  /// The NaN embedding of class 0 is at +∞ from every query, so query 0 ranks
  /// it last (AP 1/3, a miss) and the NaN query ranks all others by index
  /// (AP 1, a hit). Query 2 ties 0 and 3, takes 0 first (AP 1/2, a miss), and
  /// query 3 hits (AP 1).
  @Test func nanEmbeddingRanksLast() {
    let scores = retrievalScores(embeddings: line([0, .nan, 1, 2]), labels: [0, 0, 1, 1])

    #expect(scores.recall == 0.5)
    #expect(abs(scores.meanAveragePrecision - (1.0 / 3 + 1 + 0.5 + 1) / 4) < 1e-15)
    #expect(scores.queryCount == 4)
  }

  @Test func largeKFindsEveryClassMember() {
    let scores = retrievalScores(embeddings: line([0, 1, 3, 4]), labels: [0, 1, 0, 1], k: 10)

    #expect(scores.recall == 1)
  }
}

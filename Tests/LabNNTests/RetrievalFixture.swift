import Foundation
import LabTestSupport
import Testing

/// A double-precision array with its shape, as scripts/references/retrieval.py
/// writes results.
struct ReferenceDoubles: Decodable, Sendable {
  var shape: [Int]
  var data: [Double]
}

/// Recall at one k in a retrieval case.
struct ReferenceRecall: Decodable, Sendable {
  var k: Int
  var value: Double
}

/// One labelled set of embeddings with its scikit-learn retrieval scores.
struct RetrievalCase: Decodable, Sendable, CustomTestStringConvertible {
  var name: String
  var embeddings: ReferenceTensor
  var labels: [Int]
  var distance: String
  var recall: [ReferenceRecall]
  var meanAveragePrecision: Double
  var queryCount: Int
  var skippedQueryCount: Int

  var testDescription: String { name }
}

/// One point set with scikit-learn's two-component PCA, signs already fixed
/// by the largest-magnitude convention.
struct PCACase: Decodable, Sendable, CustomTestStringConvertible {
  var name: String
  var input: ReferenceTensor
  var mean: ReferenceDoubles
  var components: ReferenceDoubles
  var projected: ReferenceDoubles
  var explainedVarianceRatio: [Double]

  var testDescription: String { name }
}

/// Fixtures/retrieval_reference.json, written by scripts/references/retrieval.py.
struct RetrievalReference: Decodable, Sendable {
  var retrieval: [RetrievalCase]
  var pca: [PCACase]

  static func load() throws -> RetrievalReference {
    try loadReference(RetrievalReference.self, named: "retrieval_reference", from: .module)
  }
}

/// Records an issue unless each element of `actual` is within
/// `absolute + relative · |expected|` of `expected`, naming the first failure.
func expectCloseDoubles(
  _ actual: [Double], _ expected: [Double], tolerance: Double = 1e-9, _ label: String,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  guard actual.count == expected.count else {
    Issue.record(
      "\(label): \(actual.count) values, expected \(expected.count)",
      sourceLocation: sourceLocation)
    return
  }
  for index in actual.indices {
    let allowed = tolerance + tolerance * abs(expected[index])
    if !(abs(actual[index] - expected[index]) <= allowed) {
      let message = "\(label): element \(index) is \(actual[index]), "
        + "expected \(expected[index]), allowed difference \(allowed)"
      Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
      return
    }
  }
}

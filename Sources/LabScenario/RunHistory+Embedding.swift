/// How the triplets of one training batch fell, by the definitions of
/// `TripletMiner`: hard when d⁻ ≤ d⁺, semi-hard when d⁺ < d⁻ < d⁺ + margin,
/// easy otherwise.
public struct TripletCounts: Sendable, Equatable {
  /// Valid triplets in the batch, mined or not.
  public var validCount: Int
  /// Triplets the miner selected; the counts below split these.
  public var minedCount: Int
  public var easyCount: Int
  public var semiHardCount: Int
  public var hardCount: Int

  public init(
    validCount: Int, minedCount: Int, easyCount: Int, semiHardCount: Int, hardCount: Int
  ) {
    self.validCount = validCount
    self.minedCount = minedCount
    self.easyCount = easyCount
    self.semiHardCount = semiHardCount
    self.hardCount = hardCount
  }
}

/// One validation embedding projected on the first two principal directions.
public struct EmbeddingPoint: Sendable, Equatable {
  public var x: Double
  public var y: Double
  /// Index into `EmbeddingMetrics.classNames`.
  public var classIndex: Int
}

/// An embedding model's retrieval quality on the validation items, with what
/// the lab draws of it.
public struct EmbeddingMetrics: Sendable, Equatable {
  /// Share of validation items whose nearest other validation item has their class.
  public var recallAt1: Double
  /// Mean average precision of every validation item's ranking of the others.
  public var meanAveragePrecision: Double
  /// Validation items with at least one other item of their class.
  public var queryCount: Int
  /// The validation classes, in the order of `EmbeddingPoint.classIndex`.
  public var classNames: [String]
  /// Validation embeddings on their first two principal directions.
  public var points: [EmbeddingPoint]
  /// The share of the embeddings' variance along each of the two directions.
  public var explainedVarianceRatio: [Double]
  /// The latest training batch's triplets; nil before the first step.
  public var counts: TripletCounts?
}

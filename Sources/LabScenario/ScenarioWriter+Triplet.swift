/// The fields of triplet scenarios as `ScenarioWriter` writes them.
extension ScenarioWriter {
  static func embeddingLossFields(_ spec: ScenarioSpec) -> [String] {
    guard spec.loss == .triplet else { return [] }
    let options = spec.embedding
    return [
      "\"margin\": \(number(options.margin))", "\"miner\": \(quoted(options.miner.rawValue))",
      "\"distance\": \(quoted(options.distance.rawValue))",
    ]
  }

  static func embeddingModelFields(_ spec: ScenarioSpec) -> String {
    spec.loss == .triplet ? ", \"embedding_size\": \(spec.embedding.embeddingSize)" : ""
  }

  /// The batch fields and a trailing comma: P and K for the triplet loss,
  /// whose batches replace `batch_size`, none for image scenarios, which
  /// train on every photo at each step, else `batch_size`.
  static func batchFields(_ spec: ScenarioSpec) -> String {
    if spec.task == .image { return "" }
    guard spec.loss == .triplet else { return "\"batch_size\": \(spec.training.batchSize), " }
    return "\"classes_per_batch\": \(spec.embedding.classesPerBatch), "
      + "\"samples_per_class\": \(spec.embedding.samplesPerClass), "
  }

  static func embeddingDataFields(_ spec: ScenarioSpec) -> [String] {
    guard spec.data.source.isIdentityGenerator else { return [] }
    let options = spec.embedding
    return [
      "\"identities\": \(options.identityCount)",
      "\"samples_per_identity\": \(options.samplesPerIdentity)",
      "\"variation\": \(number(options.variation))",
    ]
  }
}

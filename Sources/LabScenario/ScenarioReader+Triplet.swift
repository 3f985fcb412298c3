/// Reading and checking the fields of triplet (embedding) scenarios.
extension ScenarioReader {
  /// Reads a field that applies only where `parameter.applies(to:)` holds,
  /// and rejects it with the parameter's reason elsewhere.
  static func readEmbeddingField(
    _ object: ObjectReader, _ key: String, _ parameter: ParameterPath,
    into spec: inout ScenarioSpec
  ) throws(ScenarioError) {
    guard object[key] != nil else { return }
    try object.parameter(key, parameter, to: &spec)
    if !parameter.applies(to: spec) { throw object.error(key, parameter.notApplicableReason) }
  }

  static func readEmbeddingData(
    _ data: ObjectReader, into spec: inout ScenarioSpec
  ) throws(ScenarioError) {
    try readEmbeddingField(data, "identities", .identities, into: &spec)
    try readEmbeddingField(data, "samples_per_identity", .samplesPerIdentity, into: &spec)
    try readEmbeddingField(data, "variation", .variation, into: &spec)
  }

  /// Rejects combinations a triplet run cannot train: the embedding task
  /// without the triplet loss or the other way round, data without classes,
  /// face and product data with another loss, a P×K batch the data cannot
  /// fill, and `batch_size`, which P×K replaces.
  static func checkEmbeddingTask(_ top: ObjectReader, _ spec: ScenarioSpec) throws(ScenarioError) {
    let taskField = top["task"] != nil ? "task" : "loss"
    if spec.task == .embedding && spec.loss != .triplet {
      throw top.error(taskField, "task 'embedding' needs loss 'triplet'")
    }
    if spec.loss == .triplet && spec.task != .embedding {
      throw top.error(taskField, "loss 'triplet' needs task 'embedding'")
    }
    if spec.data.source.isIdentityGenerator && spec.loss != .triplet {
      throw top.error("data", "the \(spec.data.source) generator makes identities for metric "
        + "learning; use loss 'triplet'")
    }
    guard spec.loss == .triplet else { return }
    let dataField = top["data"] != nil ? "data" : "loss"
    switch spec.data.source {
    case .housePrices, .stockWalk:
      let name = spec.data.source == .housePrices ? "house_prices" : "stock_walk"
      throw top.error(dataField, "the triplet loss needs labelled data such as digits, faces "
        + "or products, not \(name)")
    case .bundled(let file) where file.isSeries:
      throw top.error(dataField, "series data (\(file.rawValue)) has no classes; use digits, faces "
        + "or products")
    default: break
    }
    if let training = top["training"], case .object(let members) = training.value,
      let field = members.first(where: { $0.key == "batch_size" })
    {
      throw ScenarioError(path: top.path, location: field.keyLocation,
        field: "training.batch_size", message: ParameterPath.batchSize.notApplicableReason)
    }
    if spec.data.source.isIdentityGenerator {
      let heldOut = Int((spec.data.validationFraction * Double(spec.embedding.identityCount))
        .rounded())
      let trainingIdentities = spec.embedding.identityCount - max(heldOut, 1)
      if spec.embedding.classesPerBatch > trainingIdentities {
        throw top.error("training", "\(spec.embedding.classesPerBatch) classes per batch, but "
          + "only \(trainingIdentities) of the \(spec.embedding.identityCount) identities train "
          + "(the rest are held out); lower training.classes_per_batch or raise data.identities")
      }
    }
  }
}

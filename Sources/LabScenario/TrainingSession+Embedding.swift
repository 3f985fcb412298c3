import LabData
import LabModels
import LabNN
import LabTensor

/// The batch sampler and latest triplet counts of an embedding run.
struct EmbeddingState {
  var sampler: PKBatchSampler
  var counts: TripletCounts?
}

/// Metric learning: the model maps each row to an embedding, each step draws
/// a P×K batch (P classes, K rows each) and minimises the mined triplet loss,
/// and each evaluation ranks the validation items by distance.
///
/// Losses over a fixed set of rows (step 0's training loss, every validation
/// loss) use at most `lossClassLimit` classes with at most `lossRowsPerClass`
/// rows each, in data order, because mining enumerates O(N³) triplets.
/// Recall@1, mean average precision and the projection use every validation item.
extension TrainingSession {
  static let lossClassLimit = 10
  static let lossRowsPerClass = 8

  func makeEmbeddingState() -> EmbeddingState {
    EmbeddingState(sampler: makeSampler(seed: spec.seed &+ 3), counts: nil)
  }

  /// A P×K sampler over the training rows; P is cut to the number of classes.
  private func makeSampler(seed: UInt64) -> PKBatchSampler {
    let labels = trainSet.targets.map { Int($0) }
    let classCount = Set(labels).count
    return PKBatchSampler(
      labels: labels, classesPerBatch: min(spec.embedding.classesPerBatch, classCount),
      samplesPerClass: spec.embedding.samplesPerClass, seed: seed)
  }

  /// Draws the next P×K batch, embeds it and returns its mined triplet loss,
  /// keeping the batch's easy, semi-hard and hard counts.
  func embeddingTrainingLoss() -> Tensor {
    let indices = embeddingState!.sampler.nextBatch()
    let batch = trainSet.batch(indices)
    let mined = embeddingLoss(model(batch.features), labels: batch.targets)
    embeddingState!.counts = TripletCounts(
      validCount: mined.validCount, minedCount: mined.minedCount, easyCount: mined.easyCount,
      semiHardCount: mined.semiHardCount, hardCount: mined.hardCount)
    return mined.loss
  }

  /// The triplet loss of `embeddings` [n, size] with the spec's miner, margin and distance.
  func embeddingLoss(_ embeddings: Tensor, labels: [Float]) -> MinedTripletLoss {
    let options = spec.embedding
    return try! minedTripletLoss(
      embeddings: embeddings, labels: labels.map { Int($0) }, miner: options.miner,
      margin: Float(options.margin), distance: options.distance.tripletDistance)
  }

  /// The mined loss over a fixed subset of `data`'s rows (see the type's notes).
  func embeddingLossValue(on data: PreparedData) -> Double {
    let indices = Self.lossRows(labels: data.targets)
    let batch = data.batch(indices)
    return Double(embeddingLoss(model(batch.features), labels: batch.targets).loss.scalar)
  }

  /// Returns the first `lossRowsPerClass` rows of each of the first
  /// `lossClassLimit` classes, in increasing class order.
  static func lossRows(labels: [Float]) -> [Int] {
    let classes = Array(Set(labels)).sorted().prefix(lossClassLimit)
    var rows: [Int] = []
    for label in classes {
      rows += labels.indices.filter { labels[$0] == label }.prefix(lossRowsPerClass)
    }
    return rows
  }

  /// Recall@1 and mean average precision of the validation items, their PCA
  /// projection, and the latest batch's triplet counts.
  func evaluateEmbedding(trainLoss: Double) -> Evaluation {
    let all = validationSet.batch(Array(0..<validationSet.count))
    let output = model(all.features)
    let embeddings = Tensor(shape: output.shape, data: output.data)
    let labels = all.targets.map { Int($0) }
    var evaluation = Evaluation(
      step: step, trainLoss: trainLoss, validationLoss: embeddingLossValue(on: validationSet),
      rmse: .nan, baselineRMSE: .nan)
    let scores = retrievalScores(
      embeddings: embeddings, labels: labels, k: 1,
      distance: spec.embedding.distance.retrievalDistance)
    let projection = pcaProjection(of: embeddings)
    let classes = Array(Set(labels)).sorted()
    let classIndex = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
    evaluation.embedding = EmbeddingMetrics(
      recallAt1: scores.recall, meanAveragePrecision: scores.meanAveragePrecision,
      queryCount: scores.queryCount, classNames: classes.map { className(of: $0) },
      points: zip(projection.coordinates, labels).map {
        EmbeddingPoint(x: $0.0.x, y: $0.0.y, classIndex: classIndex[$0.1]!)
      },
      explainedVarianceRatio: projection.explainedVarianceRatio,
      counts: embeddingState?.counts)
    return evaluation
  }

  private func className(of label: Int) -> String {
    switch spec.data.source {
    case .faces: return "face \(label)"
    case .products: return "item \(label)"
    default: return classNames.indices.contains(label) ? classNames[label] : String(label)
    }
  }

  /// Returns the embedding settings with a new miner, margin, distance or
  /// batch shape, which take effect at the next step. A new P or K starts a
  /// new batch sequence, seeded with the batch seed plus the step.
  func liveEmbedding(_ newSpec: ScenarioSpec) -> EmbeddingSpec {
    var embedding = spec.embedding
    embedding.margin = newSpec.embedding.margin
    embedding.miner = newSpec.embedding.miner
    embedding.distance = newSpec.embedding.distance
    embedding.classesPerBatch = newSpec.embedding.classesPerBatch
    embedding.samplesPerClass = newSpec.embedding.samplesPerClass
    return embedding
  }

  /// Starts a new P×K batch sequence when the batch shape of `spec` changed.
  func restartSampler(ifChangedFrom old: EmbeddingSpec) {
    guard embeddingState != nil,
      old.classesPerBatch != spec.embedding.classesPerBatch
        || old.samplesPerClass != spec.embedding.samplesPerClass
    else { return }
    embeddingState!.sampler = makeSampler(seed: spec.seed &+ 3 &+ UInt64(step))
  }

  /// Generates the faces or products of `spec`: every identity's pictures,
  /// with the identity as the target.
  static func generateIdentities(_ spec: ScenarioSpec) -> Dataset {
    let options = spec.embedding
    let samples: LabelledSamples
    let names: [String]
    if spec.data.source == .faces {
      let faces = FaceIdentities(identityCount: options.identityCount, seed: spec.seed)
      samples = faces.samples(
        samplesPerIdentity: options.samplesPerIdentity, variation: options.variation)
      let side = faces.imageSide
      names = (0..<samples.featureCount).map { "pixel_\($0 / side)_\($0 % side)" }
    } else {
      // Products come in categories of productsPerCategory, so look-alike
      // products of one category are what retrieval must tell apart.
      let productsPerCategory = 8
      let categoryCount = (options.identityCount + productsPerCategory - 1) / productsPerCategory
      let catalog = ProductCatalog(
        categoryCount: categoryCount, productsPerCategory: productsPerCategory, seed: spec.seed)
      let views = catalog.views(
        viewsPerProduct: options.samplesPerIdentity, variation: options.variation)
      samples = views.rows(views.labels.indices.filter { views.labels[$0] < options.identityCount })
      names = ProductCatalog.featureNames
    }
    return Dataset(
      featureNames: names, targetName: spec.data.source == .faces ? "identity" : "product",
      features: samples.features, targets: samples.labels.map(Float.init))
  }

  /// Holds out whole identities, as face verification and product retrieval
  /// are judged on identities the model never saw.
  static func splitIdentities(
    _ dataset: Dataset, spec: ScenarioSpec
  ) -> (train: Dataset, validation: Dataset) {
    let samples = LabelledSamples(
      features: dataset.features, featureCount: dataset.featureCount,
      labels: dataset.targets.map { Int($0) })
    let parts = samples.splitByClass(
      validationFraction: spec.data.validationFraction, seed: spec.seed &+ 1)
    func rebuilt(_ part: LabelledSamples) -> Dataset {
      Dataset(
        featureNames: dataset.featureNames, targetName: dataset.targetName,
        features: part.features, targets: part.labels.map(Float.init))
    }
    return (rebuilt(parts.train), rebuilt(parts.validation))
  }
}

import LabNN

/// The distance a triplet scenario trains and ranks with.
public enum EmbeddingDistance: String, Sendable, CaseIterable {
  /// ‖u − v‖₂, with PyTorch's ε = 1e-6 inside the loss.
  case euclidean
  /// 1 − cos(u, v).
  case cosine

  var tripletDistance: TripletDistance {
    self == .euclidean ? .euclidean() : .cosine
  }

  var retrievalDistance: RetrievalDistance {
    self == .euclidean ? .euclidean : .cosine
  }
}

/// The settings of a triplet (metric-learning) scenario. They live in the
/// file under `loss` (margin, miner, distance), `model` (embedding size),
/// `training` (the P×K batch) and `data` (the face and product generators).
public struct EmbeddingSpec: Sendable, Equatable {
  /// The triplet margin, in units of the distance. Default 1, as PyTorch.
  public var margin: Double = 1
  /// Which triplets of a batch the loss uses. Default `batch_hard`.
  public var miner: TripletMiner = .batchHard
  /// Default euclidean.
  public var distance: EmbeddingDistance = .euclidean
  /// Outputs of the embedding model, 2 to 256. Default 16.
  public var embeddingSize = 16
  /// P, the classes in each training batch, 2 to 64. Default 8.
  public var classesPerBatch = 8
  /// K, the samples of each class in a batch, 2 to 32. Default 4.
  public var samplesPerClass = 4
  /// Faces: identities; products: products. 4 to 400. Default 40.
  public var identityCount = 40
  /// Pictures of each identity or views of each product, 2 to 100. Default 10.
  public var samplesPerIdentity = 10
  /// Strength of pose, lighting and noise (faces) or view noise (products),
  /// 0 to 3. Default 1.
  public var variation: Double = 1

  public init() {}
}

extension DataSource {
  /// Whether rows are labelled examples of many identities, made for triplet
  /// training and evaluated on identities held out whole.
  public var isIdentityGenerator: Bool { self == .faces || self == .products }
}

extension ParameterPath {
  /// The parameters that only triplet scenarios use.
  static let embeddingPaths: [ParameterPath] = [
    .margin, .miner, .distance, .embeddingSize, .classesPerBatch, .samplesPerClass,
    .identities, .samplesPerIdentity, .variation,
  ]

  var embeddingLabel: String {
    switch self {
    case .margin: return "margin"
    case .miner: return "miner"
    case .distance: return "distance"
    case .embeddingSize: return "embedding size"
    case .classesPerBatch: return "classes/batch"
    case .samplesPerClass: return "samples/class"
    case .identities: return "identities"
    case .samplesPerIdentity: return "per identity"
    case .variation: return "variation"
    default: return rawValue
    }
  }

  var embeddingSummary: String {
    switch self {
    case .margin: return "triplet margin, in units of the distance, 0 to 10, default 1"
    case .miner:
      return "which triplets the loss uses: "
        + TripletMiner.allCases.map(\.rawValue).joined(separator: ", ") + "; default batch_hard"
    case .distance: return "distance of the triplet loss and of retrieval: euclidean or cosine"
    case .embeddingSize: return "outputs of the embedding model, 2 to 256, default 16"
    case .classesPerBatch: return "classes in each triplet batch (P), 2 to 64, default 8"
    case .samplesPerClass: return "samples of each class in a triplet batch (K), 2 to 32, default 4"
    case .identities:
      return "identities of the faces generator or products of the products generator, "
        + "4 to 400, default 40"
    case .samplesPerIdentity:
      return "pictures of each face identity or views of each product, 2 to 100, default 10"
    case .variation:
      return "pose, lighting and noise of faces, or view noise of products, 0 to 3, default 1"
    default: return rawValue
    }
  }

  var embeddingValue: (ScenarioSpec) -> String {
    { spec in
      let embedding = spec.embedding
      switch self {
      case .margin: return formatCompact(embedding.margin)
      case .miner: return embedding.miner.rawValue
      case .distance: return embedding.distance.rawValue
      case .embeddingSize: return String(embedding.embeddingSize)
      case .classesPerBatch: return String(embedding.classesPerBatch)
      case .samplesPerClass: return String(embedding.samplesPerClass)
      case .identities: return String(embedding.identityCount)
      case .samplesPerIdentity: return String(embedding.samplesPerIdentity)
      case .variation: return formatCompact(embedding.variation)
      default: return ""
      }
    }
  }

  func embeddingApplies(to spec: ScenarioSpec) -> Bool {
    switch self {
    case .identities, .samplesPerIdentity, .variation: return spec.data.source.isIdentityGenerator
    default: return spec.loss == .triplet
    }
  }

  var embeddingNotApplicableReason: String {
    switch self {
    case .identities, .samplesPerIdentity, .variation:
      return "\(embeddingLabel) applies only to the faces and products generators"
    default:
      return "\(embeddingLabel) applies only to the triplet loss; set loss.name=triplet first"
    }
  }

  /// Whether a change waits for a reset: the model's size and the data do;
  /// margin, miner, distance and the batch shape take effect at the next step.
  var embeddingNeedsReset: Bool {
    [.embeddingSize, .identities, .samplesPerIdentity, .variation].contains(self)
  }

  func applyEmbedding(_ text: String, to spec: inout ScenarioSpec) throws(ParameterError) {
    switch self {
    case .margin:
      spec.embedding.margin = try parseEmbeddingReal(text, in: 0...10, example: "0.2")
    case .miner:
      guard let miner = TripletMiner(rawValue: text.lowercased()) else {
        throw ParameterError(path: self, message: "unknown miner '\(text)'; expected one of: "
          + TripletMiner.allCases.map(\.rawValue).joined(separator: ", "))
      }
      spec.embedding.miner = miner
    case .distance:
      guard let distance = EmbeddingDistance(rawValue: text.lowercased()) else {
        throw ParameterError(path: self, message: "unknown distance '\(text)'; expected one of: "
          + EmbeddingDistance.allCases.map(\.rawValue).joined(separator: ", "))
      }
      spec.embedding.distance = distance
    case .embeddingSize:
      spec.embedding.embeddingSize = try parseEmbeddingInteger(text, in: 2...256)
    case .classesPerBatch:
      spec.embedding.classesPerBatch = try parseEmbeddingInteger(text, in: 2...64)
    case .samplesPerClass:
      spec.embedding.samplesPerClass = try parseEmbeddingInteger(text, in: 2...32)
    case .identities: spec.embedding.identityCount = try parseEmbeddingInteger(text, in: 4...400)
    case .samplesPerIdentity:
      spec.embedding.samplesPerIdentity = try parseEmbeddingInteger(text, in: 2...100)
    case .variation:
      spec.embedding.variation = try parseEmbeddingReal(text, in: 0...3, example: "1")
    default: break
    }
  }

  func steppedEmbedding(in spec: ScenarioSpec, direction: Int) -> String? {
    let up = direction > 0
    let embedding = spec.embedding
    func integer(_ value: Int, _ range: ClosedRange<Int>) -> String? {
      let next = up ? value * 2 : value / 2
      return range.contains(next) ? String(next) : nil
    }
    switch self {
    case .margin: return formatCompact(oneTwoFive(from: embedding.margin, up: up))
    case .miner:
      let all = TripletMiner.allCases
      let index = all.firstIndex(of: embedding.miner)!
      return all[(index + (up ? 1 : all.count - 1)) % all.count].rawValue
    case .distance: return embedding.distance == .euclidean ? "cosine" : "euclidean"
    case .embeddingSize: return integer(embedding.embeddingSize, 2...256)
    case .classesPerBatch: return integer(embedding.classesPerBatch, 2...64)
    case .samplesPerClass: return integer(embedding.samplesPerClass, 2...32)
    case .identities: return integer(embedding.identityCount, 4...400)
    case .samplesPerIdentity: return integer(embedding.samplesPerIdentity, 2...100)
    case .variation:
      let next = ((embedding.variation + (up ? 0.25 : -0.25)) * 100).rounded() / 100
      return formatCompact(min(3, max(0, next)))
    default: return nil
    }
  }

  private func parseEmbeddingReal(
    _ text: String, in range: ClosedRange<Double>, example: String
  ) throws(ParameterError) -> Double {
    guard let value = Double(text), value.isFinite else {
      throw ParameterError(path: self, message:
        "invalid value '\(text)'; enter a number from \(formatCompact(range.lowerBound)) "
        + "to \(formatCompact(range.upperBound)), such as \(example)")
    }
    guard range.contains(value) else {
      throw ParameterError(path: self, message:
        "\(text) is out of range; enter a number from \(formatCompact(range.lowerBound)) "
        + "to \(formatCompact(range.upperBound))")
    }
    return value
  }

  private func parseEmbeddingInteger(
    _ text: String, in range: ClosedRange<Int>
  ) throws(ParameterError) -> Int {
    guard let value = Int(text), range.contains(value) else {
      throw ParameterError(path: self, message:
        "invalid value '\(text)'; enter a whole number from \(range.lowerBound) "
        + "to \(range.upperBound)")
    }
    return value
  }
}

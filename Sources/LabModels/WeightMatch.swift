/// The fit of a weights file's tensors to one model's `state_dict()`.
public struct WeightMatch: Sendable, Equatable {
  /// A tensor the model has under the same name with another shape.
  public struct ShapeMismatch: Sendable, Equatable {
    public var name: String
    public var fileShape: [Int]
    public var modelShape: [Int]

    public init(name: String, fileShape: [Int], modelShape: [Int]) {
      self.name = name
      self.fileShape = fileShape
      self.modelShape = modelShape
    }
  }

  /// How much of the model the file covers.
  public enum Coverage: Sendable, Equatable {
    /// Every parameter is there. Buffers may still be missing.
    case complete
    /// The parameters of the model's first layers, in order, up to and
    /// including `lastLayer`, and nothing after it.
    case prefix(lastLayer: String)
    /// Some tensors are missing out of order, unexpected or of the wrong shape.
    case none
  }

  public var model: String
  public var matched: [String]
  public var wrongShape: [ShapeMismatch]
  /// Names in the file that the model does not have.
  public var unexpected: [String]
  /// Model tensors absent from the file, in `state_dict()` order.
  public var missing: [String]
  /// The number of tensors in the model's `state_dict()`.
  public var modelTensorCount: Int
  public var coverage: Coverage

  /// Compares `entries` (name and shape) with the state of `model`.
  public init(model: ModelSpec, entries: [(name: String, shape: [Int])]) {
    self.model = model.name
    let expected = model.stateTensors
    modelTensorCount = expected.count
    let fileShapes = Dictionary(
      entries.map { ($0.name, $0.shape) }, uniquingKeysWith: { first, _ in first })
    let modelShapes = Dictionary(uniqueKeysWithValues: expected.map { ($0.name, $0.shape) })

    matched = expected.filter { fileShapes[$0.name] == $0.shape }.map(\.name)
    wrongShape = expected.compactMap { tensor in
      guard let shape = fileShapes[tensor.name], shape != tensor.shape else { return nil }
      return ShapeMismatch(name: tensor.name, fileShape: shape, modelShape: tensor.shape)
    }
    unexpected = entries.map(\.name).filter { modelShapes[$0] == nil }
    missing = expected.map(\.name).filter { fileShapes[$0] == nil }
    let isClean = wrongShape.isEmpty && unexpected.isEmpty
    coverage = Self.coverage(model: model, present: Set(fileShapes.keys), isClean: isClean)
  }

  /// Reads coverage by layers: a layer counts as present when all its
  /// parameters are, and buffers alone never decide it.
  private static func coverage(model: ModelSpec, present: Set<String>, isClean: Bool) -> Coverage {
    guard isClean else { return .none }
    let weighted = model.layers.filter { !$0.parameters.isEmpty }
    let presence = weighted.map { layer in
      layer.parameters.map { present.contains("\(layer.name).\($0.name)") }
    }
    guard presence.allSatisfy({ $0.allSatisfy { $0 } || $0.allSatisfy { !$0 } }) else {
      return .none
    }
    let layerIsPresent = presence.map { $0.allSatisfy { $0 } }
    guard let firstAbsent = layerIsPresent.firstIndex(of: false) else { return .complete }
    guard firstAbsent > 0, !layerIsPresent[firstAbsent...].contains(true) else { return .none }
    return .prefix(lastLayer: weighted[firstAbsent - 1].name)
  }

  /// Whether the file contains this model's parameters, all of them or its first layers.
  public var fits: Bool { coverage != .none }
}

extension ModelCatalog {
  /// Compares `entries` with every known model, best first: the models the
  /// file fits, then the others by the number of matching tensors.
  public static func match(entries: [(name: String, shape: [Int])]) -> [WeightMatch] {
    let matches = all.map { WeightMatch(model: $0, entries: entries) }
    return matches.enumerated().sorted { left, right in
      let (a, b) = (left.element, right.element)
      if a.fits != b.fits { return a.fits }
      if a.matched.count != b.matched.count { return a.matched.count > b.matched.count }
      return left.offset < right.offset
    }.map(\.element)
  }
}

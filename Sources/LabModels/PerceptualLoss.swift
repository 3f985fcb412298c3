import LabNN
import LabTensor

/// The range of pixel values an image declares.
public enum ImageRange: String, Sendable, CaseIterable {
  case unit = "0,1"
  case symmetric = "-1,1"
  case byte = "0,255"

  public var bounds: (low: Float, high: Float) {
    switch self {
    case .unit: (0, 1)
    case .symmetric: (-1, 1)
    case .byte: (0, 255)
    }
  }
}

/// The normalisation applied after an image is mapped to [0, 1].
public enum ImageNormalization: String, Sendable, CaseIterable {
  /// (x − mean) / std per channel with ImageNet's statistics, as torchvision's
  /// pretrained VGGs expect.
  case imagenet
  /// The [0, 1] image as it is.
  case none
}

/// The distance between two feature maps, averaged over all their elements.
public enum FeatureDistance: String, Sendable, CaseIterable {
  case mse
  case l1
}

/// The value of a perceptual loss with the warnings a reader of it needs.
public struct PerceptualLossResult {
  /// A scalar that records its backward pass to both images.
  public var loss: Tensor
  /// Each layer's distance before weighting, in the extractor's layer order.
  public var layerDistances: [Float]
  public var warnings: [String]
}

/// The feature reconstruction loss of "Perceptual Losses for Real-Time Style
/// Transfer and Super-Resolution" (Johnson, Alahi and Fei-Fei, 2016):
///
///     L = Σₗ wₗ · mean(d(φₗ(x), φₗ(y)))
///
/// where φₗ is the VGG activation at layer l, d the squared or absolute
/// difference and wₗ the layer weight (1 by default).
public struct PerceptualLoss {
  /// ImageNet's per-channel mean and standard deviation of RGB in [0, 1], as
  /// torchvision's pretrained weights document them.
  public static let imagenetMean: [Float] = [0.485, 0.456, 0.406]
  public static let imagenetStandardDeviation: [Float] = [0.229, 0.224, 0.225]

  public let extractor: VGGFeatureExtractor
  public let layerWeights: [Float]
  public let distance: FeatureDistance
  public let inputRange: ImageRange
  public let normalization: ImageNormalization

  /// - Parameters:
  ///   - layerWeights: One weight per layer of `extractor`; all 1 when nil.
  ///   - distance: `.mse` by default.
  ///   - inputRange: The range of the images passed in; `.unit` by default.
  ///   - normalization: `.imagenet` by default.
  /// - Precondition: `layerWeights`, when given, has one value per layer.
  public init(
    extractor: VGGFeatureExtractor, layerWeights: [Float]? = nil,
    distance: FeatureDistance = .mse, inputRange: ImageRange = .unit,
    normalization: ImageNormalization = .imagenet
  ) {
    let weights = layerWeights ?? [Float](repeating: 1, count: extractor.layerNames.count)
    precondition(weights.count == extractor.layerNames.count,
      "PerceptualLoss: \(weights.count) layer weights for \(extractor.layerNames.count) layers")
    self.extractor = extractor
    self.layerWeights = weights
    self.distance = distance
    self.inputRange = inputRange
    self.normalization = normalization
  }

  /// Maps `images` from `range` to [0, 1], then applies `normalization`. The
  /// result records its backward pass to `images`.
  ///
  /// - Precondition: `images` is [N, 3, H, W].
  public static func preprocess(
    _ images: Tensor, range: ImageRange, normalization: ImageNormalization
  ) -> Tensor {
    precondition(images.rank == 4 && images.shape[1] == 3,
      "PerceptualLoss: images must be [N, 3, H, W], got \(images.shape)")
    let (low, high) = range.bounds
    let unit = range == .unit ? images : (images - low) / (high - low)
    guard normalization == .imagenet else { return unit }
    let mean = Tensor(shape: [1, 3, 1, 1], data: imagenetMean)
    let deviation = Tensor(shape: [1, 3, 1, 1], data: imagenetStandardDeviation)
    return (unit - mean) / deviation
  }

  /// Returns a warning when `images`, named `name`, has values outside `range`,
  /// such as 127.5 in an image declared as "0,1"; nil otherwise.
  public static func rangeWarning(_ images: Tensor, name: String, range: ImageRange) -> String? {
    let (low, high) = range.bounds
    guard let minimum = images.data.min(), let maximum = images.data.max() else { return nil }
    guard minimum < low || maximum > high else { return nil }
    var hint = ""
    if range != .byte && maximum > 2 {
      hint = "; it looks like a 0..255 image, so declare \"0,255\""
    }
    return "\(name) has values from \(minimum) to \(maximum), outside its declared range "
      + "\(range.rawValue)\(hint)"
  }

  /// Computes the loss of `input` against `target`.
  ///
  /// - Precondition: both are [N, 3, H, W] of the same shape, with H and W at
  ///   least `extractor.minimumInputSide`.
  public func callAsFunction(input: Tensor, target: Tensor) -> PerceptualLossResult {
    precondition(input.shape == target.shape,
      "PerceptualLoss: input \(input.shape) and target \(target.shape) differ")
    var warnings: [String] = []
    if extractor.hasRandomWeights {
      warnings.append("random weights: \(extractor.model) uses seeded He-initialised weights, "
        + "not pretrained ones, so the loss does not measure perceptual similarity; "
        + "give a weights file")
    }
    for (name, images) in [("input", input), ("target", target)] {
      if let warning = Self.rangeWarning(images, name: name, range: inputRange) {
        warnings.append(warning)
      }
    }
    let inputFeatures = extractor(
      Self.preprocess(input, range: inputRange, normalization: normalization))
    let targetFeatures = extractor(
      Self.preprocess(target, range: inputRange, normalization: normalization))
    var total: Tensor?
    var distances: [Float] = []
    for index in inputFeatures.indices {
      let layerDistance = featureDistance(inputFeatures[index], targetFeatures[index])
      distances.append(layerDistance.scalar)
      let term = layerDistance * layerWeights[index]
      total = total.map { $0 + term } ?? term
    }
    return PerceptualLossResult(loss: total!, layerDistances: distances, warnings: warnings)
  }

  private func featureDistance(_ predicted: Tensor, _ expected: Tensor) -> Tensor {
    // Both shapes come from the same layer, so the losses cannot reject them.
    switch distance {
    case .mse: return try! meanSquaredError(predicted: predicted, expected: expected)
    case .l1: return try! l1Loss(predicted: predicted, expected: expected)
    }
  }
}

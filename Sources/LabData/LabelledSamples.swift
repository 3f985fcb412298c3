import LabTensor

/// Feature rows with an integer class label each, such as an identity or a
/// product id, for metric learning.
///
/// Features are row-major: feature `j` of sample `i` is
/// `features[i * featureCount + j]`. Labels need not be contiguous, so a
/// validation part keeps the labels of the full set.
public struct LabelledSamples: Sendable, Equatable {
  /// Feature values, row-major, `sampleCount × featureCount`.
  public var features: [Float]

  /// Number of features per sample.
  public var featureCount: Int

  /// One label per sample.
  public var labels: [Int]

  /// Height and width of each sample when its features are a grey image in
  /// row-major order, or nil for plain feature vectors.
  public var imageSize: (height: Int, width: Int)? {
    get { imageHeight.map { ($0, featureCount / $0) } }
    set { imageHeight = newValue?.height }
  }

  private var imageHeight: Int?

  /// Number of samples (rows).
  public var sampleCount: Int { labels.count }

  /// The distinct labels in increasing order.
  public var classes: [Int] { Array(Set(labels)).sorted() }

  /// Creates samples from row-major features and one label per row.
  ///
  /// - Precondition: `featureCount ≥ 1`, `features.count == labels.count · featureCount`,
  ///   and an image size, when given, has `height · width == featureCount`.
  public init(
    features: [Float], featureCount: Int, labels: [Int],
    imageSize: (height: Int, width: Int)? = nil
  ) {
    precondition(
      featureCount >= 1, "LabelledSamples: featureCount is \(featureCount), expected at least 1")
    precondition(
      features.count == labels.count * featureCount,
      "LabelledSamples: features has \(features.count) values, but \(labels.count) labels × "
        + "\(featureCount) features need \(labels.count * featureCount)")
    if let imageSize {
      precondition(
        imageSize.height * imageSize.width == featureCount,
        "LabelledSamples: image size \(imageSize.height)×\(imageSize.width) does not match "
          + "\(featureCount) features")
    }
    self.features = features
    self.featureCount = featureCount
    self.labels = labels
    imageHeight = imageSize?.height
  }

  /// Returns the features of one sample.
  public func row(_ index: Int) -> ArraySlice<Float> {
    features[index * featureCount..<(index + 1) * featureCount]
  }

  /// Returns the features as a tensor of shape [sampleCount, featureCount].
  public func featureTensor() -> Tensor {
    Tensor(shape: [sampleCount, featureCount], data: features)
  }

  /// Returns the samples at `indices`, in that order. An index may repeat.
  ///
  /// - Precondition: every index is in `0..<sampleCount`.
  public func rows(_ indices: [Int]) -> LabelledSamples {
    var selected: [Float] = []
    selected.reserveCapacity(indices.count * featureCount)
    for index in indices {
      precondition(
        (0..<sampleCount).contains(index),
        "LabelledSamples.rows: index \(index) is out of range for \(sampleCount) samples")
      selected.append(contentsOf: row(index))
    }
    return LabelledSamples(
      features: selected, featureCount: featureCount, labels: indices.map { labels[$0] },
      imageSize: imageSize)
  }

  /// Splits the samples by class, so that no class appears in both parts.
  ///
  /// Metric learning is judged on classes never seen in training, such as
  /// new faces or new products, so the split holds out whole classes. The
  /// classes, in increasing order, are shuffled by
  /// `RandomGenerator(seed: seed).permutation(classCount)`, and the first
  ///
  ///     validationClassCount = Int((validationFraction · classCount).rounded())
  ///
  /// of them, clamped to `1...classCount − 1`, form the validation part.
  /// Samples keep their order and labels in each part.
  ///
  /// - Parameters:
  ///   - validationFraction: Share of the classes that goes to validation, in `0...1`.
  ///   - seed: Seed of the shuffle.
  /// - Precondition: at least 2 classes, and `validationFraction` is in `0...1`.
  public func splitByClass(
    validationFraction: Double, seed: UInt64
  ) -> (train: LabelledSamples, validation: LabelledSamples) {
    let classes = self.classes
    precondition(
      classes.count >= 2,
      "LabelledSamples.splitByClass: needs at least 2 classes, has \(classes.count)")
    precondition(
      (0...1).contains(validationFraction),
      "LabelledSamples.splitByClass: validationFraction is \(validationFraction), "
        + "expected a value in 0...1")

    let rounded = Int((validationFraction * Double(classes.count)).rounded())
    let validationClassCount = min(max(rounded, 1), classes.count - 1)
    var generator = RandomGenerator(seed: seed)
    let order = generator.permutation(classes.count)
    let validationClasses = Set(order.prefix(validationClassCount).map { classes[$0] })

    let indices = Array(0..<sampleCount)
    let validation = indices.filter { validationClasses.contains(labels[$0]) }
    let train = indices.filter { !validationClasses.contains(labels[$0]) }
    return (train: rows(train), validation: rows(validation))
  }
}

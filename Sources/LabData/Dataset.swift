import LabTensor

/// A table of numeric samples: one row of features and one target per sample.
///
/// Features are stored row-major, so the value of feature `j` for sample `i` is
/// `features[i * featureCount + j]`.
public struct Dataset: Sendable, Equatable {
  /// Feature column names, in the order the values appear in each row.
  public var featureNames: [String]

  /// Name of the target column.
  public var targetName: String

  /// Feature values, row-major, `sampleCount × featureCount`.
  public var features: [Float]

  /// Target values, one per sample.
  public var targets: [Float]

  /// Number of samples (rows).
  public var sampleCount: Int { targets.count }

  /// Number of features (columns of `features`).
  public var featureCount: Int { featureNames.count }

  /// Creates a dataset from row-major features and one target per row.
  ///
  /// - Precondition: `features.count == targets.count * featureNames.count`.
  public init(featureNames: [String], targetName: String, features: [Float], targets: [Float]) {
    let expectedCount = targets.count * featureNames.count
    precondition(
      features.count == expectedCount,
      "Dataset: features has \(features.count) values, but \(targets.count) targets × "
        + "\(featureNames.count) feature names need \(expectedCount)")
    self.featureNames = featureNames
    self.targetName = targetName
    self.features = features
    self.targets = targets
  }

  /// Returns the samples at `indices`, in that order. An index may repeat.
  ///
  /// - Precondition: every index is in `0..<sampleCount`.
  public func rows(_ indices: [Int]) -> Dataset {
    let width = featureCount
    var selectedFeatures: [Float] = []
    selectedFeatures.reserveCapacity(indices.count * width)
    var selectedTargets: [Float] = []
    selectedTargets.reserveCapacity(indices.count)

    for index in indices {
      precondition(
        (0..<sampleCount).contains(index),
        "Dataset.rows: index \(index) is out of range for \(sampleCount) samples")
      let start = index * width
      selectedFeatures.append(contentsOf: features[start..<start + width])
      selectedTargets.append(targets[index])
    }

    return Dataset(
      featureNames: featureNames, targetName: targetName,
      features: selectedFeatures, targets: selectedTargets)
  }

  /// Shuffles the samples and splits them into a training part and a validation part.
  ///
  /// The shuffle is `RandomGenerator(seed: seed).permutation(sampleCount)`, so the same
  /// seed always gives the same split. The first `validationCount` shuffled samples form
  /// the validation part and the rest the training part, where
  ///
  ///     validationCount = Int((validationFraction * sampleCount).rounded())
  ///
  /// clamped to `1...sampleCount - 1` so that each part has at least one sample.
  ///
  /// - Parameters:
  ///   - validationFraction: Share of the samples that goes to validation, in `0...1`.
  ///   - seed: Seed of the shuffle.
  /// - Precondition: `sampleCount >= 2` and `validationFraction` is in `0...1`.
  public func split(
    validationFraction: Double, seed: UInt64
  ) -> (train: Dataset, validation: Dataset) {
    precondition(
      sampleCount >= 2,
      "Dataset.split: needs at least 2 samples to give both parts one, has \(sampleCount)")
    precondition(
      (0...1).contains(validationFraction),
      "Dataset.split: validationFraction is \(validationFraction), expected a value in 0...1")

    let rounded = Int((validationFraction * Double(sampleCount)).rounded())
    let validationCount = min(max(rounded, 1), sampleCount - 1)
    var generator = RandomGenerator(seed: seed)
    let order = generator.permutation(sampleCount)

    let validation = rows(Array(order[..<validationCount]))
    let train = rows(Array(order[validationCount...]))
    return (train: train, validation: validation)
  }
}

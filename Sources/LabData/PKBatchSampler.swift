import LabTensor

/// A seeded sampler of P×K batches for triplet training: P classes with K
/// samples each, as in "In Defense of the Triplet Loss for Person
/// Re-Identification" (Hermans, Beyer and Leibe, 2017).
///
/// A random batch of a data set with many classes rarely contains two
/// samples of one class, so it has few valid triplets. A P×K batch has
/// P·K·(K − 1)·(P − 1)·K valid triplets by construction, which the batch-hard
/// and batch-all miners need.
///
/// Each batch draws P distinct classes uniformly from all classes, then K
/// distinct samples uniformly from each class. A class with fewer than K
/// samples gives all of them, shuffled, and fills the rest by drawing from
/// them again with replacement, so every batch has exactly P·K indices. The
/// indices come class by class, in the order the classes were drawn. With
/// P < 2 or K < 2 a batch has no valid triplet.
public struct PKBatchSampler: Sendable {
  /// Classes per batch (P).
  public let classesPerBatch: Int

  /// Samples per class in a batch (K).
  public let samplesPerClass: Int

  /// The distinct labels in increasing order.
  public let classes: [Int]

  /// The sample indices of each class, in the order of `classes`.
  private let members: [[Int]]

  private var generator: RandomGenerator

  /// Number of indices in every batch: P·K.
  public var batchSize: Int { classesPerBatch * samplesPerClass }

  /// Creates a sampler over samples with the given labels.
  ///
  /// - Parameters:
  ///   - labels: One label per sample; batches contain indices into this array.
  ///   - classesPerBatch: P, from 1 to the number of distinct labels.
  ///   - samplesPerClass: K, at least 1.
  ///   - seed: Seed of the draws. The same labels, P, K and seed give the same
  ///     sequence of batches.
  /// - Precondition: `1 ≤ classesPerBatch ≤` the number of distinct labels
  ///   and `samplesPerClass ≥ 1`.
  public init(labels: [Int], classesPerBatch: Int, samplesPerClass: Int, seed: UInt64) {
    var grouped: [Int: [Int]] = [:]
    for (index, label) in labels.enumerated() {
      grouped[label, default: []].append(index)
    }
    let classes = grouped.keys.sorted()
    precondition(
      classesPerBatch >= 1 && classesPerBatch <= classes.count,
      "PKBatchSampler: classesPerBatch is \(classesPerBatch), expected a value in "
        + "1...\(classes.count), the number of distinct labels")
    precondition(
      samplesPerClass >= 1,
      "PKBatchSampler: samplesPerClass is \(samplesPerClass), expected at least 1")

    self.classesPerBatch = classesPerBatch
    self.samplesPerClass = samplesPerClass
    self.classes = classes
    members = classes.map { grouped[$0]! }
    generator = RandomGenerator(seed: seed)
  }

  /// Draws the next batch: P·K sample indices, K per class, class by class.
  public mutating func nextBatch() -> [Int] {
    let chosenClasses = drawDistinct(classesPerBatch, from: classes.count)
    var batch: [Int] = []
    batch.reserveCapacity(batchSize)
    for classIndex in chosenClasses {
      batch += drawSamples(of: members[classIndex])
    }
    return batch
  }

  /// Returns K samples of one class: distinct when it has K or more,
  /// otherwise all of them followed by draws with replacement.
  private mutating func drawSamples(of classMembers: [Int]) -> [Int] {
    let distinctCount = min(samplesPerClass, classMembers.count)
    var chosen = drawDistinct(distinctCount, from: classMembers.count).map { classMembers[$0] }
    while chosen.count < samplesPerClass {
      chosen.append(classMembers[Int(generator.next() % UInt64(classMembers.count))])
    }
    return chosen
  }

  /// Returns `count` distinct values of `0..<total` in random order, by the
  /// first `count` steps of a Fisher–Yates shuffle.
  private mutating func drawDistinct(_ count: Int, from total: Int) -> [Int] {
    var values = Array(0..<total)
    for position in 0..<count {
      let pick = position + Int(generator.next() % UInt64(total - position))
      values.swapAt(position, pick)
    }
    return Array(values.prefix(count))
  }
}

import Testing

@testable import LabData

/// Samples whose single feature is 10·i, with labels cycling through
/// `classCount` classes numbered from 100, so no label equals an index.
private func cyclingSamples(count: Int, classCount: Int) -> LabelledSamples {
  LabelledSamples(
    features: (0..<count).map { Float(10 * $0) }, featureCount: 1,
    labels: (0..<count).map { 100 + $0 % classCount })
}

@Suite("Labelled samples")
struct LabelledSamplesTests {
  @Test func countsAndClasses() {
    let samples = cyclingSamples(count: 7, classCount: 3)

    #expect(samples.sampleCount == 7)
    #expect(samples.classes == [100, 101, 102])
    #expect(samples.featureTensor().shape == [7, 1])
  }

  @Test func rowsKeepOrderAndLabels() {
    let subset = cyclingSamples(count: 7, classCount: 3).rows([4, 0, 4])

    #expect(subset.features == [40, 0, 40])
    #expect(subset.labels == [101, 100, 101])
  }

  @Test func imageSizeSurvivesRows() {
    let image = LabelledSamples(
      features: Array(repeating: 0, count: 12), featureCount: 6, labels: [0, 1],
      imageSize: (2, 3))
    let subset = image.rows([1])

    #expect(subset.imageSize?.height == 2)
    #expect(subset.imageSize?.width == 3)
    #expect(cyclingSamples(count: 2, classCount: 2).imageSize == nil)
  }

  @Test(
    "split by class counts",
    arguments: [(10, 0.2, 2), (10, 0.25, 3), (10, 0.0, 1), (10, 1.0, 9), (2, 0.5, 1), (5, 0.5, 3)])
  func splitByClassCounts(classCount: Int, fraction: Double, validationClassCount: Int) {
    let samples = cyclingSamples(count: 4 * classCount, classCount: classCount)
    let parts = samples.splitByClass(validationFraction: fraction, seed: 3)

    #expect(parts.validation.classes.count == validationClassCount)
    #expect(parts.train.classes.count == classCount - validationClassCount)
    #expect(parts.train.sampleCount + parts.validation.sampleCount == samples.sampleCount)
  }

  @Test func splitKeepsClassesApart() {
    let samples = cyclingSamples(count: 60, classCount: 12)
    let parts = samples.splitByClass(validationFraction: 0.25, seed: 9)

    #expect(Set(parts.train.classes).isDisjoint(with: parts.validation.classes))
    #expect(Set(parts.train.classes + parts.validation.classes) == Set(samples.classes))
    for part in [parts.train, parts.validation] {
      for row in 0..<part.sampleCount {
        let index = Int(part.features[row]) / 10
        #expect(part.labels[row] == 100 + index % 12)
      }
      #expect(part.features == part.features.sorted())
    }
  }

  @Test func splitIsSeeded() {
    let samples = cyclingSamples(count: 60, classCount: 12)

    let first = samples.splitByClass(validationFraction: 0.25, seed: 9)
    let again = samples.splitByClass(validationFraction: 0.25, seed: 9)
    let other = (1...20).map { samples.splitByClass(validationFraction: 0.25, seed: $0) }

    #expect(first.validation == again.validation)
    #expect(first.train == again.train)
    #expect(other.contains { $0.validation.classes != first.validation.classes })
  }
}

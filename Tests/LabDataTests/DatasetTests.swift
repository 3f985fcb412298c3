import Testing

@testable import LabData

/// Makes a dataset whose targets are 0..<count and whose two features are 10·i and
/// 10·i + 1, so every value shows which row it came from.
private func indexedDataset(count: Int) -> Dataset {
  var features: [Float] = []
  for row in 0..<count {
    features += [Float(10 * row), Float(10 * row + 1)]
  }
  return Dataset(
    featureNames: ["a", "b"], targetName: "y", features: features,
    targets: (0..<count).map { Float($0) })
}

/// Checks that every feature row still belongs to its target.
private func expectRowsAligned(_ dataset: Dataset) {
  for row in 0..<dataset.sampleCount {
    let index = dataset.targets[row]
    #expect(dataset.features[2 * row] == 10 * index)
    #expect(dataset.features[2 * row + 1] == 10 * index + 1)
  }
}

@Suite("Dataset")
struct DatasetTests {
  @Test func countsFollowNamesAndTargets() {
    let dataset = indexedDataset(count: 5)

    #expect(dataset.sampleCount == 5)
    #expect(dataset.featureCount == 2)
  }

  @Test func rowsKeepGivenOrderAndRepeats() {
    let subset = indexedDataset(count: 5).rows([3, 0, 3])

    #expect(subset.targets == [3, 0, 3])
    #expect(subset.features == [30, 31, 0, 1, 30, 31])
    #expect(subset.featureNames == ["a", "b"])
    #expect(subset.targetName == "y")
  }

  @Test func rowsOfNoIndicesIsEmpty() {
    let subset = indexedDataset(count: 5).rows([])

    #expect(subset.sampleCount == 0)
    #expect(subset.features.isEmpty)
    #expect(subset.featureCount == 2)
  }

  @Test(
    "split validation count",
    arguments: [
      (10, 0.2, 2), (10, 0.25, 3), (3, 0.5, 2), (442, 0.2, 88),
      (10, 0.0, 1), (10, 0.01, 1), (10, 1.0, 9), (10, 0.99, 9), (2, 0.5, 1),
    ])
  func splitSizes(sampleCount: Int, fraction: Double, validationCount: Int) {
    let parts = indexedDataset(count: sampleCount)
      .split(validationFraction: fraction, seed: 7)

    #expect(parts.validation.sampleCount == validationCount)
    #expect(parts.train.sampleCount == sampleCount - validationCount)
  }

  @Test func splitPartitionsAllRowsOnce() {
    let parts = indexedDataset(count: 50).split(validationFraction: 0.3, seed: 11)
    let allTargets = (parts.train.targets + parts.validation.targets).sorted()

    #expect(allTargets == (0..<50).map { Float($0) })
    expectRowsAligned(parts.train)
    expectRowsAligned(parts.validation)
  }

  @Test func splitShufflesRows() {
    let parts = indexedDataset(count: 50).split(validationFraction: 0.3, seed: 11)

    #expect(parts.train.targets != parts.train.targets.sorted())
  }

  @Test func splitIsDeterministicForSeed() {
    let dataset = indexedDataset(count: 50)
    let first = dataset.split(validationFraction: 0.2, seed: 42)
    let second = dataset.split(validationFraction: 0.2, seed: 42)

    #expect(first.train == second.train)
    #expect(first.validation == second.validation)
  }

  @Test func splitDiffersForOtherSeed() {
    let dataset = indexedDataset(count: 50)
    let first = dataset.split(validationFraction: 0.2, seed: 42)
    let second = dataset.split(validationFraction: 0.2, seed: 43)

    #expect(first.validation != second.validation)
  }
}

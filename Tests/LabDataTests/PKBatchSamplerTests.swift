import Testing

@testable import LabData

/// Labels of `classSizes.count` classes numbered from 10, with the given
/// sizes, interleaved so that a class's indices are not contiguous.
private func interleavedLabels(_ classSizes: [Int]) -> [Int] {
  var remaining = classSizes
  var labels: [Int] = []
  while remaining.contains(where: { $0 > 0 }) {
    for index in remaining.indices where remaining[index] > 0 {
      labels.append(10 + index)
      remaining[index] -= 1
    }
  }
  return labels
}

@Suite("PK batch sampler")
struct PKBatchSamplerTests {
  @Test(arguments: [(2, 2), (4, 3), (6, 5), (1, 1)])
  func batchHasPClassesOfK(classesPerBatch: Int, samplesPerClass: Int) {
    let labels = interleavedLabels(Array(repeating: 8, count: 6))
    var sampler = PKBatchSampler(
      labels: labels, classesPerBatch: classesPerBatch, samplesPerClass: samplesPerClass,
      seed: 1)

    for _ in 0..<20 {
      let batch = sampler.nextBatch()
      let batchLabels = batch.map { labels[$0] }

      #expect(batch.count == classesPerBatch * samplesPerClass)
      #expect(Set(batchLabels).count == classesPerBatch)
      for start in stride(from: 0, to: batch.count, by: samplesPerClass) {
        let block = batch[start..<start + samplesPerClass]
        #expect(Set(block.map { labels[$0] }).count == 1, "one class per block of K")
        #expect(Set(block).count == samplesPerClass, "distinct samples within a class")
      }
    }
  }

  @Test func smallClassIsFilledWithRepeats() {
    let labels = interleavedLabels([2, 6])
    var sampler = PKBatchSampler(labels: labels, classesPerBatch: 2, samplesPerClass: 4, seed: 3)

    for _ in 0..<10 {
      let batch = sampler.nextBatch()
      let small = batch.filter { labels[$0] == 10 }

      #expect(batch.count == 8)
      #expect(small.count == 4)
      #expect(Set(small) == Set(labels.indices.filter { labels[$0] == 10 }))
    }
  }

  @Test func sameSeedSameBatches() {
    let labels = interleavedLabels(Array(repeating: 5, count: 10))
    var first = PKBatchSampler(labels: labels, classesPerBatch: 4, samplesPerClass: 3, seed: 7)
    var again = PKBatchSampler(labels: labels, classesPerBatch: 4, samplesPerClass: 3, seed: 7)
    var other = PKBatchSampler(labels: labels, classesPerBatch: 4, samplesPerClass: 3, seed: 8)

    let firstBatches = (0..<5).map { _ in first.nextBatch() }
    let againBatches = (0..<5).map { _ in again.nextBatch() }
    let otherBatches = (0..<5).map { _ in other.nextBatch() }

    #expect(firstBatches == againBatches)
    #expect(firstBatches != otherBatches)
    #expect(Set(firstBatches).count > 1, "batches change from step to step")
  }

  @Test func batchesCoverEveryClassAndSample() {
    let labels = interleavedLabels([3, 4, 5, 6, 7])
    var sampler = PKBatchSampler(labels: labels, classesPerBatch: 2, samplesPerClass: 2, seed: 11)

    var seen = Set<Int>()
    for _ in 0..<200 {
      seen.formUnion(sampler.nextBatch())
    }

    #expect(seen == Set(labels.indices))
    #expect(sampler.classes == [10, 11, 12, 13, 14])
    #expect(sampler.batchSize == 4)
  }
}

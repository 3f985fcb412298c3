import LabNN
import LabTensor
import LabTestSupport
import Testing

@Suite("Loss")
struct LossTests {
  @Test("mse matches PyTorch", arguments: try EngineReference.load().mse)
  func mseMatchesPyTorch(reference: MSECase) throws {
    let reduction = try #require(Reduction(rawValue: reference.reduction))
    let predicted = reference.predicted.leaf()
    let expected = reference.expected.leaf()

    let loss = try meanSquaredError(predicted: predicted, expected: expected, reduction: reduction)
    if let upstream = reference.upstream {
      (loss * upstream.constant()).sum().backward()
    } else {
      loss.backward()
    }

    expectValues(loss, reference.output, "mse \(reference.name)")
    expectGradient(predicted, reference.predictedGradient, "mse \(reference.name) predicted")
    expectGradient(expected, reference.expectedGradient, "mse \(reference.name) expected")
  }

  @Test("mse gradient matches finite differences", arguments: Reduction.allCases)
  func mseGradient(reduction: Reduction) {
    var generator = RandomGenerator(seed: 21)
    let predicted = Tensor(
      shape: [4, 3], data: (0..<12).map { _ in generator.uniform(-1, 1) }, requiresGradient: true)
    let expected = Tensor(
      shape: [4, 3], data: (0..<12).map { _ in generator.uniform(-1, 1) }, requiresGradient: true)

    checkGradient("mse \(reduction)", inputs: [predicted, expected]) { inputs in
      // The shapes match, so meanSquaredError cannot throw here.
      let loss = try! meanSquaredError(
        predicted: inputs[0], expected: inputs[1], reduction: reduction)
      return weightedSum(loss)
    }
  }

  @Test("mse reduces with mean by default")
  func mseDefaultsToMean() throws {
    let predicted = Tensor(shape: [2], data: [1, 4])
    let expected = Tensor(shape: [2], data: [0, 2])

    let loss = try meanSquaredError(predicted: predicted, expected: expected)

    #expect(loss.shape == [])
    #expect(loss.scalar == 2.5)
  }

  @Test(
    "mse rejects shapes that differ",
    arguments: [([3, 1], [3]), ([3], [3, 1]), ([2, 2], [4])] as [([Int], [Int])])
  func mseRejectsShapes(shapes: ([Int], [Int])) {
    let predicted = Tensor(zeros: shapes.0, requiresGradient: true)
    let expected = Tensor(zeros: shapes.1)

    do {
      _ = try meanSquaredError(predicted: predicted, expected: expected)
      Issue.record("mse accepted shapes \(shapes.0) and \(shapes.1)")
    } catch {
      #expect(error.message.contains("\(shapes.0)"), "message: \(error.message)")
      #expect(error.message.contains("\(shapes.1)"), "message: \(error.message)")
    }
  }
}

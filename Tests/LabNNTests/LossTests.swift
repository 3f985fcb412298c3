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

/// The loss faults that programs of this kind are known to have, with their
/// exact numbers, computed in double precision.
@Suite("Loss known faults")
struct LossKnownFaultTests {
  @Test(
    "cross-entropy survives large logits",
    arguments: [
      ([1000, 0], 0, 0), ([1000, 0], 1, 1000), ([-1000, -1000], 0, 0.693147),
      ([100, 0], 1, 100), ([-431, 279, 427], 0, 858),
    ] as [([Float], Int, Float)])
  func crossEntropyLargeLogits(example: (logits: [Float], target: Int, loss: Float)) throws {
    let logits = Tensor(shape: [1, example.logits.count], data: example.logits,
      requiresGradient: true)

    let loss = try crossEntropy(
      logits: logits, classIndices: ClassIndices(shape: [1], values: [example.target]))
    loss.backward()

    expectClose(loss.scalar, example.loss, relative: 1e-5, absolute: 1e-6, "loss")
    #expect(logits.gradient!.allSatisfy { $0.isFinite })
  }

  @Test("cross-entropy gradient is softmax minus one-hot at large logits")
  func crossEntropyLargeLogitGradient() throws {
    let logits = Tensor(shape: [1, 3], data: [-431, 279, 427], requiresGradient: true)

    try crossEntropy(logits: logits, classIndices: ClassIndices(shape: [1], values: [0]))
      .backward()

    // 5.3e-65 is below the smallest Float32, so it rounds to 0.
    expectClose(logits.gradient!, [-1, 5.3e-65, 1], relative: 1e-5, absolute: 1e-6, "gradient")
  }

  @Test(
    "class weights divide the mean by the target weights",
    arguments: [(Reduction.none, [5.63899, 4.95932]), (.sum, [10.59831]), (.mean, [1.05983])]
      as [(Reduction, [Float])])
  func weightedMeanDenominator(example: (reduction: Reduction, expected: [Float])) throws {
    let logits = Tensor(shape: [2, 3], data: [0.2, 0.3, 0.5, 0.5, 0.2, 0.3])

    let loss = try crossEntropy(
      logits: logits, classIndices: ClassIndices(shape: [2], values: [2, 1]),
      weight: [2, 4, 6], reduction: example.reduction)

    expectClose(loss.data, example.expected, relative: 1e-5, absolute: 1e-6, "loss")
  }

  @Test("class weights cancel in the mean of one row")
  func weightedMeanOfOneRow() throws {
    let logits = Tensor(shape: [1, 3], data: [0.2, 0.3, 0.5])
    let target = ClassIndices(shape: [1], values: [2])

    let weighted = try crossEntropy(logits: logits, classIndices: target, weight: [2, 4, 6])
    let unweighted = try crossEntropy(logits: logits, classIndices: target)

    expectClose(weighted.scalar, unweighted.scalar, relative: 1e-6, absolute: 0, "mean")
    expectClose(weighted.scalar, 0.939831, relative: 1e-5, absolute: 0, "value")
  }

  @Test("mse rejects [3, 1] against [3] instead of broadcasting")
  func mseDoesNotBroadcast() throws {
    let predicted = Tensor(shape: [3, 1], data: [1, 2, 3])
    let expected = Tensor(shape: [3], data: [1, 2, 3])

    // Broadcasting would compare all 3×3 pairs and give 1.3333 instead of 0.
    do {
      let loss = try meanSquaredError(predicted: predicted, expected: expected)
      Issue.record("mse broadcast [3, 1] against [3] to \(loss.scalar)")
    } catch {
      #expect(error.message.contains("[3, 1]"))
      #expect(error.message.contains("[3]"))
    }
  }

  @Test("triplet distance at zero stays finite with eps")
  func tripletDistanceAtZero() throws {
    let anchor = Tensor(shape: [1, 2], data: [0, 0], requiresGradient: true)
    let positive = Tensor(shape: [1, 2], data: [0, 0], requiresGradient: true)
    let negative = Tensor(shape: [1, 2], data: [0.5, 0], requiresGradient: true)

    let loss = try tripletMarginLoss(anchor: anchor, positive: positive, negative: negative)
    loss.backward()

    expectClose(loss.scalar, 0.5000024, relative: 1e-5, absolute: 0, "loss")
    // ∂d(a, p)/∂a = −∂loss/∂p, because p enters only d(a, p).
    expectClose(positive.gradient!.map { -$0 }, [0.70711, 0.70711], relative: 1e-5,
      absolute: 0, "∂d(a, p)/∂a")
    #expect(anchor.gradient!.allSatisfy { $0.isFinite })
  }

  @Test("triplet distance at zero without eps has no NaN")
  func tripletDistanceAtZeroWithoutEpsilon() throws {
    let anchor = Tensor(shape: [1, 2], data: [0, 0], requiresGradient: true)
    let positive = Tensor(shape: [1, 2], data: [0, 0], requiresGradient: true)
    let negative = Tensor(shape: [1, 2], data: [0.5, 0], requiresGradient: true)

    let loss = try tripletMarginLoss(
      anchor: anchor, positive: positive, negative: negative,
      distance: .euclidean(p: 2, epsilon: 0))
    loss.backward()

    #expect(loss.scalar == 0.5)
    for tensor in [anchor, positive, negative] {
      #expect(!tensor.gradient!.contains { $0.isNaN })
    }
  }
}

@Suite("Loss shape errors")
struct LossShapeErrorTests {
  /// Each loss, given shapes that do not fit, with the argument that must be named.
  static let mismatches: [(String, String, @Sendable () throws(LossError) -> Tensor)] = [
    ("l1", "target", { () throws(LossError) in
      try l1Loss(predicted: Tensor(zeros: [3, 1]), expected: Tensor(zeros: [3]))
    }),
    ("huber", "target", { () throws(LossError) in
      try huberLoss(predicted: Tensor(zeros: [2]), expected: Tensor(zeros: [2, 1]))
    }),
    ("smooth_l1", "target", { () throws(LossError) in
      try smoothL1Loss(predicted: Tensor(zeros: [4]), expected: Tensor(zeros: [2, 2]))
    }),
    ("cross_entropy indices", "target", { () throws(LossError) in
      try crossEntropy(
        logits: Tensor(zeros: [2, 3]), classIndices: ClassIndices(shape: [3], values: [0, 1, 2]))
    }),
    ("cross_entropy probabilities", "target", { () throws(LossError) in
      try crossEntropy(logits: Tensor(zeros: [2, 3]), probabilities: Tensor(zeros: [2, 4]))
    }),
    ("cross_entropy weight", "weight", { () throws(LossError) in
      try crossEntropy(
        logits: Tensor(zeros: [2, 3]), classIndices: ClassIndices(shape: [2], values: [0, 1]),
        weight: [1, 2])
    }),
    ("nll", "target", { () throws(LossError) in
      try negativeLogLikelihood(
        logProbabilities: Tensor(zeros: [2, 3, 4]),
        classIndices: ClassIndices(shape: [2, 3], values: [Int](repeating: 0, count: 6)))
    }),
    ("bce_with_logits", "target", { () throws(LossError) in
      try binaryCrossEntropyWithLogits(logits: Tensor(zeros: [3, 1]), targets: Tensor(zeros: [3]))
    }),
    ("bce_with_logits pos_weight", "pos_weight", { () throws(LossError) in
      try binaryCrossEntropyWithLogits(
        logits: Tensor(zeros: [2, 3]), targets: Tensor(zeros: [2, 3]),
        positiveWeight: Tensor(zeros: [2]))
    }),
    ("triplet_margin", "negative", { () throws(LossError) in
      try tripletMarginLoss(
        anchor: Tensor(zeros: [2, 3]), positive: Tensor(zeros: [2, 3]),
        negative: Tensor(zeros: [1, 3]))
    }),
    ("gram_style", "target", { () throws(LossError) in
      try gramStyleLoss(
        features: Tensor(zeros: [1, 2, 3, 3]), targetFeatures: Tensor(zeros: [1, 2, 3, 4]))
    }),
    ("total_variation", "input", { () throws(LossError) in
      try totalVariation(Tensor(zeros: [5]))
    }),
  ]

  @Test("shape errors name the argument", arguments: 0..<mismatches.count)
  func shapeErrorNamesArgument(index: Int) {
    let (label, argument, evaluate) = Self.mismatches[index]
    do {
      _ = try evaluate()
      Issue.record("\(label) accepted shapes that do not fit")
    } catch {
      #expect(error.message.hasPrefix("\(argument): "), "\(label): \(error.message)")
    }
  }

  @Test("class index out of range is rejected")
  func classIndexOutOfRange() throws {
    do {
      _ = try crossEntropy(
        logits: Tensor(zeros: [2, 3]), classIndices: ClassIndices(shape: [2], values: [0, 3]))
      Issue.record("cross_entropy accepted class index 3 of 3 classes")
    } catch {
      #expect(error.message.hasPrefix("target: class index 3"), "\(error.message)")
    }
  }

  @Test("ignore_index may be out of range")
  func ignoredIndexOutsideRange() throws {
    let loss = try crossEntropy(
      logits: Tensor(shape: [2, 2], data: [0, 1, 2, 0]),
      classIndices: ClassIndices(shape: [2], values: [1, -100]))
    expectClose(loss.scalar, 0.3132617, relative: 1e-5, absolute: 0, "loss of row 0 alone")
  }
}

@Suite("Triplet mining")
struct TripletMiningTests {
  @Test("batch without a valid triplet gives 0 and a warning", arguments: TripletMiner.allCases)
  func noValidTriplet(miner: TripletMiner) throws {
    let embeddings = Tensor(shape: [3, 2], data: [0, 0, 1, 0, 0, 1], requiresGradient: true)

    let mined = try minedTripletLoss(embeddings: embeddings, labels: [0, 1, 2], miner: miner)
    mined.loss.backward()

    #expect(mined.loss.scalar == 0)
    #expect(mined.validCount == 0)
    #expect(mined.warnings.count == 1)
    #expect(embeddings.gradient == [0, 0, 0, 0, 0, 0])
  }

  @Test("batch_all divides by the triplets with positive loss")
  func batchAllDenominator() throws {
    // Labels 0, 0, 1 on a line: anchor 0 has its positive at 1 and its negative
    // at 3 (easy for margin 1); anchor 1 has the positive at 1 and the negative
    // at 2 (loss 1 − 2 + 1 = 0, on the boundary, so easy). Move the negative to
    // 1.5: triplet (0, 1, 2) has loss 1 − 1.5 + 1 = 0.5 and (1, 0, 2) has
    // 1 − 0.5 + 1 = 1.5, both positive, mean 1.0.
    let embeddings = Tensor(shape: [3, 1], data: [0, 1, 1.5])

    let mined = try minedTripletLoss(
      embeddings: embeddings, labels: [0, 0, 1], miner: .batchAll,
      distance: .euclidean(p: 2, epsilon: 0))

    #expect(mined.validCount == 2)
    expectClose(mined.loss.scalar, 1.0, relative: 1e-6, absolute: 0, "loss")
    #expect(mined.semiHardCount == 1)
    #expect(mined.hardCount == 1)
  }

  @Test("batch_all of easy triplets is 0 with a warning")
  func batchAllEasy() throws {
    let embeddings = Tensor(shape: [3, 1], data: [0, 0.1, 5])

    let mined = try minedTripletLoss(embeddings: embeddings, labels: [0, 0, 1], miner: .batchAll)

    #expect(mined.loss.scalar == 0)
    #expect(mined.easyCount == 2)
    #expect(mined.warnings.count == 1)
  }
}

@Suite("Loss ignored targets")
struct LossIgnoredTargetTests {
  @Test("mean of only ignored targets is NaN", arguments: [0, 0.1] as [Float])
  func everyTargetIgnored(labelSmoothing: Float) throws {
    // PyTorch 2.15 gives NaN (0/0) and zero gradients here; the fixture format
    // cannot carry NaN, so the expectation is written out.
    let logits = Tensor(shape: [2, 3], data: [1, 2, 3, -1, 0, 4], requiresGradient: true)
    let target = ClassIndices(shape: [2], values: [-100, -100])

    let loss = try crossEntropy(
      logits: logits, classIndices: target, weight: [1, 2, 3], labelSmoothing: labelSmoothing)
    loss.backward()

    #expect(loss.scalar.isNaN)
    #expect(logits.gradient == [0, 0, 0, 0, 0, 0])
  }

  @Test("sum of only ignored targets is 0")
  func everyTargetIgnoredSum() throws {
    let logits = Tensor(shape: [2, 3], data: [1, 2, 3, -1, 0, 4])
    let target = ClassIndices(shape: [2], values: [-100, -100])

    let loss = try negativeLogLikelihood(
      logProbabilities: logits, classIndices: target, reduction: .sum)

    #expect(loss.scalar == 0)
  }
}

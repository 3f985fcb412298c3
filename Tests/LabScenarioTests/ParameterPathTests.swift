import Testing

@testable import LabScenario

@Suite struct ParameterPathTests {
  var spec = ScenarioReader.defaultSpec(path: "scenarios/p.json")

  @Test(arguments: [
    (ParameterPath.learningRate, "0.003", "0.003"),
    (.optimizer, "Momentum", "momentum"),
    (.batchSize, "64", "64"),
    (.hidden, "64, 32", "64,32"),
    (.hidden, "none", "none"),
    (.stepCount, "5000", "5000"),
    (.noise, "0.25", "0.25"),
    (.validationFraction, "0.3", "0.3"),
    (.seed, "18446744073709551615", "18446744073709551615"),
  ])
  func validValueRoundTrips(parameter: ParameterPath, text: String, shown: String) throws {
    var changed = spec
    try parameter.apply(text, to: &changed)
    #expect(parameter.value(in: changed) == shown)
  }

  @Test(arguments: [
    (ParameterPath.learningRate, "abc"), (.learningRate, "0"), (.learningRate, "nan"),
    (.batchSize, "0"), (.batchSize, "2.5"), (.hidden, "64,,32"), (.hidden, "1,2,3,4,5,6,7"), (.hidden, ""),
    (.validationFraction, "1"), (.seed, "-1"), (.optimizer, "adagrad"), (.noise, "inf"),
  ])
  func invalidValueLeavesSpecUnchanged(parameter: ParameterPath, text: String) {
    var changed = spec
    #expect(throws: ParameterError.self) { try parameter.apply(text, to: &changed) }
    #expect(changed == spec)
  }

  @Test func learningRateStepsAlongOneTwoFive() throws {
    var changed = spec
    var seen: [String] = []
    for _ in 0..<4 {
      let next = try #require(ParameterPath.learningRate.stepped(in: changed, direction: 1))
      try ParameterPath.learningRate.apply(next, to: &changed)
      seen.append(next)
    }
    #expect(seen == ["0.02", "0.05", "0.1", "0.2"])
    let down = ParameterPath.learningRate.stepped(in: spec, direction: -1)
    #expect(down == "0.005")
  }

  @Test func dataAndModelChangesNeedReset() {
    let needing = ParameterPath.allCases.filter(\.needsReset)
    #expect(needing == [
      .hidden, .noise, .validationFraction, .sampleCount, .seed, .loss, .classWeights, .task,
      .features, .classCount, .lags, .outliers, .embeddingSize, .identities, .samplesPerIdentity,
      .variation, .vggLayers, .vggWeights, .imageTask, .imageFactor,
      .imageNoise, .imageMask, .imageSize, .photos, .validationPhotos, .styleWeight, .styleLayers,
      .totalVariationWeight, .adversarialWeight, .stylePhoto,
    ])
  }

  @Test func seedDoesNotStepBelowZero() {
    var changed = spec
    changed.seed = 0
    #expect(ParameterPath.seed.stepped(in: changed, direction: -1) == nil)
  }
}

/// Changes that would swap photos for a table, or a table for photos.
@Suite struct DataKindChangeTests {
  static func imageSpec() throws -> ScenarioSpec {
    try ScenarioReader.parse(
      #"{ "loss": "perceptual", "image": { "photos": ["camera"] } }"#, path: "scenarios/x.json")
  }

  @Test func imageScenarioKeepsPerceptualLoss() throws {
    var spec = try Self.imageSpec()
    #expect(throws: ParameterError.self) { try ParameterPath.loss.change("mse", in: &spec) }
    #expect(spec.loss == .perceptual)
    #expect(ParameterPath.loss.stepped(in: spec, direction: 1) == nil)
  }

  @Test func tableScenarioRejectsPerceptual() {
    var spec = ScenarioReader.defaultSpec(path: "scenarios/x.json")
    #expect(throws: ParameterError.self) { try ParameterPath.loss.change("perceptual", in: &spec) }
    #expect(throws: ParameterError.self) { try ParameterPath.task.change("image", in: &spec) }
    #expect(spec.task == .regression)
  }

  @Test func tableStepsSkipPerceptual() throws {
    var spec = ScenarioReader.defaultSpec(path: "scenarios/x.json")
    try ParameterPath.loss.change("triplet", in: &spec)
    #expect(ParameterPath.loss.stepped(in: spec, direction: 1) == "mse")
    #expect(ParameterPath.task.stepped(in: spec, direction: 1) == "regression")
  }
}

@Suite struct ClassWeightTests {
  @Test func allZeroWeightsAreRejected() {
    var spec = ScenarioReader.defaultSpec(path: "scenarios/x.json")
    #expect {
      try ParameterPath.classWeights.apply("0,0,0", to: &spec)
    } throws: { error in
      (error as? ParameterError)?.message.contains("every weight in '0,0,0' is 0") == true
    }
  }

  @Test func oneNonZeroWeightIsKept() throws {
    var spec = ScenarioReader.defaultSpec(path: "scenarios/x.json")
    try ParameterPath.classWeights.apply("0,2,0", to: &spec)
    #expect(spec.lossOptions.classWeights == .explicit([0, 2, 0]))
  }
}

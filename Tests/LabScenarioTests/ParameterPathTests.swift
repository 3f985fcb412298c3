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

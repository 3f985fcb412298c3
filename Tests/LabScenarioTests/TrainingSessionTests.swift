import Testing

@testable import LabScenario

@Suite struct TrainingSessionTests {
  static func spec(seed: UInt64 = 11) -> ScenarioSpec {
    var spec = ScenarioReader.defaultSpec(path: "scenarios/session.json")
    spec.data.sampleCount = 200
    spec.data.noise = 0.1
    spec.model.hidden = [16]
    spec.training = TrainingSpec(batchSize: 16, stepCount: 300, evaluationInterval: 50)
    spec.seed = seed
    return spec
  }

  func losses(_ spec: ScenarioSpec) throws -> [Double] {
    let session = try TrainingSession(spec: spec)
    while !session.isFinished { session.advance() }
    return session.validation.points.map(\.value) + session.train.points.map(\.value)
  }

  @Test func sameSeedGivesSameLosses() throws {
    let first = try losses(Self.spec())
    let second = try losses(Self.spec())
    #expect(first == second)
    #expect(first.count == 14)
  }

  @Test func otherSeedGivesOtherLosses() throws {
    #expect(try losses(Self.spec()) != losses(Self.spec(seed: 12)))
  }

  @Test func trainingBeatsPredictingTheMean() throws {
    let session = try TrainingSession(spec: Self.spec())
    while !session.isFinished { session.advance() }
    let latest = try #require(session.latest)
    #expect(latest.step == 300)
    #expect(latest.rmseRatio < 0.5)
    #expect(latest.baselineRMSE > 0)
  }

  @Test func evaluationsFollowTheInterval() throws {
    let session = try TrainingSession(spec: Self.spec())
    while !session.isFinished { session.advance() }
    #expect(session.validation.points.map(\.step) == [0, 50, 100, 150, 200, 250, 300])
  }

  @Test func hugeLearningRateDivergesWithoutCrashing() throws {
    var spec = Self.spec()
    spec.optimizer.kind = .sgd
    spec.optimizer.learningRate = 10
    let session = try TrainingSession(spec: spec)
    while !session.isFinished { session.advance() }
    #expect(session.divergedAt != nil)
    #expect(session.step < 300)
  }

  @Test func liveChangeKeepsWeights() throws {
    let session = try TrainingSession(spec: Self.spec())
    for _ in 0..<50 { session.advance() }
    var changed = Self.spec()
    changed.optimizer.learningRate = 0.001
    changed.training.stepCount = 60
    session.applyLive(changed)
    while !session.isFinished { session.advance() }
    #expect(session.step == 60)
    #expect(session.spec.optimizer.learningRate == 0.001)
  }
}

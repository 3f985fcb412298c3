import Foundation
import Testing

@testable import LabApp
@testable import LabScenario

/// The lab's loop without a terminal or a thread: commands run on a session at
/// once, the state takes each snapshot, and each frame takes the lesson's next
/// commands, as `LabLoop.absorb` does.
struct LabDriver {
  var state: AppState
  var session: TrainingSession?
  /// Whether the session trains on its own, as the worker does after `.run`.
  var isTraining = false
  /// Steps a free-running session takes per frame.
  static let stepsPerFrame = 4

  init(catalog: [ScenarioSpec]) {
    state = AppState(catalog: catalog)
  }

  mutating func press(_ key: Key) -> [SessionCommand] {
    let commands = state.update(key)
    carryOut(commands)
    return commands
  }

  /// Plays one frame of the lab: free-running training goes on, then the lesson acts.
  mutating func frame() {
    if isTraining, let session {
      for _ in 0..<Self.stepsPerFrame where !session.isFinished { session.advance() }
      state.run = session.snapshot()
    }
    carryOut(state.advanceLesson())
  }

  /// Runs frames until `condition` holds, at most `limit` of them.
  mutating func frames(until condition: (AppState) -> Bool, limit: Int = 500) {
    for _ in 0..<limit where !condition(state) { frame() }
  }

  mutating func carryOut(_ commands: [SessionCommand]) {
    for command in commands {
      switch command {
      case .start(let spec):
        session = try? TrainingSession(spec: spec)
        isTraining = false
      case .applyLive(let spec): session?.applyLive(spec)
      case .run: isTraining = true
      case .pause: isTraining = false
      case .step:
        isTraining = false
        session?.advance()
      }
    }
    state.run = session?.snapshot()
  }

  var screen: String { state.render(width: 100, height: 30).text() }
}

@Suite struct LessonTests {
  static let firstMessage = "Notice how the validation loss flattens while the training loss "
    + "keeps falling: overfitting. Press space to continue."
  static let secondMessage = "Ten more steps changed little."

  static func spec(_ id: String, script: [ScriptStep]) -> ScenarioSpec {
    var spec = ScenarioReader.defaultSpec(path: "scenarios/\(id).json")
    spec.title = id.capitalized
    spec.data.sampleCount = 100
    spec.training.stepCount = 50
    spec.training.evaluationInterval = 10
    spec.script = script
    return spec
  }

  static let lessonScript: [ScriptStep] = [
    .run(20), .pause(firstMessage), .snapshot("first"), .run(10), .pause(secondMessage),
  ]

  /// Returns a driver whose lesson has stopped at its first pause.
  func pausedDriver() -> LabDriver {
    var driver = LabDriver(catalog: [Self.spec("lesson", script: Self.lessonScript)])
    _ = driver.press(.enter)
    _ = driver.press(.character("L"))
    driver.frames(until: { $0.lesson?.isPaused == true })
    return driver
  }

  @Test func keyLStartsFromReset() {
    var driver = LabDriver(catalog: [Self.spec("lesson", script: Self.lessonScript)])
    _ = driver.press(.enter)
    driver.carryOut([.step, .step])
    let commands = driver.press(.character("L"))
    #expect(commands == [.start(driver.state.catalog[0])])
    #expect(driver.state.lesson?.index == 0)
    #expect(driver.state.run?.step == 0)
  }

  @Test func lessonRunsToFirstPause() {
    let driver = pausedDriver()
    #expect(driver.state.lesson?.phase == .paused(Self.firstMessage))
    #expect(driver.state.run?.step == 20)
    #expect(!driver.state.isRunning)
  }

  @Test func pauseBoxShowsMessageAndHint() {
    let screen = pausedDriver().screen
    #expect(screen.contains("Notice how the validation loss flattens while the training"))
    #expect(screen.contains("overfitting. Press space to continue."))
    #expect(screen.contains("space: continue  Esc: leave lesson"))
    #expect(screen.contains("Lesson step 2/4"))
  }

  @Test func pauseBoxWrapsInsideChartArea() throws {
    let rows = pausedDriver().screen.components(separatedBy: "\n")
    let top = try #require(rows.firstIndex { $0.contains("Lesson step") })
    let corner = try #require(rows[top].firstIndex(of: "┌"))
    // The left column of the lab is 28 cells wide at 100 columns; the box stays right of it.
    #expect(rows[top].distance(from: rows[top].startIndex, to: corner) > 28)
    #expect(rows[top + 1].contains("Notice how"))
    #expect(!rows[top + 1].contains("overfitting"))
    #expect(rows[top + 2].contains("overfitting"))
    #expect(rows[top + 4].contains("space: continue"))
    #expect(rows[top + 5].contains("└"))
  }

  @Test func pausedLessonDoesNotTrain() {
    var driver = pausedDriver()
    driver.frames(until: { _ in false }, limit: 20)
    #expect(driver.state.run?.step == 20)
    #expect(driver.state.advanceLesson().isEmpty)
    #expect(!driver.isTraining)
  }

  @Test func spaceContinuesToNextPause() {
    var driver = pausedDriver()
    _ = driver.press(.character(" "))
    #expect(driver.state.lesson?.isPaused == false)
    driver.frames(until: { $0.lesson?.isPaused == true })
    #expect(driver.state.lesson?.phase == .paused(Self.secondMessage))
    #expect(driver.state.run?.step == 30)
    #expect(driver.screen.contains(Self.secondMessage))
    #expect(driver.screen.contains("Lesson step 4/4"))
    #expect(!driver.screen.contains("overfitting"))
  }

  @Test func enterContinuesAndLessonEnds() {
    var driver = pausedDriver()
    _ = driver.press(.enter)
    driver.frames(until: { $0.lesson?.isPaused == true })
    _ = driver.press(.enter)
    driver.frames(until: { $0.lesson == nil })
    #expect(driver.state.lesson == nil)
    #expect(driver.state.run?.step == 30)
    #expect(driver.state.message == StatusMessage("lesson finished at step 30"))
    #expect(!driver.screen.contains("Esc: leave lesson"))
  }

  @Test func escapeLeavesLesson() {
    var driver = pausedDriver()
    let commands = driver.press(.escape)
    #expect(commands == [.pause])
    #expect(driver.state.lesson == nil)
    #expect(!driver.state.isRunning)
    #expect(driver.state.message?.text.hasPrefix("left the lesson at step 20") == true)
    #expect(!driver.screen.contains("overfitting"))
    driver.frames(until: { _ in false }, limit: 10)
    #expect(driver.state.run?.step == 20)
    #expect(driver.press(.character(" ")) == [.run])
  }

  @Test func escapeWhileTrainingLeaves() {
    var driver = LabDriver(catalog: [Self.spec("lesson", script: Self.lessonScript)])
    _ = driver.press(.character("L"))
    driver.frame()
    #expect(driver.state.isRunning)
    #expect(driver.press(.escape) == [.pause])
    let step = driver.state.run?.step
    driver.frames(until: { _ in false }, limit: 10)
    #expect(driver.state.lesson == nil)
    #expect(driver.state.run?.step == step)
  }

  @Test(arguments: [(300, 10), (10, 1), (0, 100), (1_000_000, 100)])
  func runChunkFollowsScenarioSpeed(speed: Int, chunk: Int) {
    var spec = Self.spec("lesson", script: [.run(400)])
    spec.training.stepCount = 500
    spec.training.speed = speed
    var driver = LabDriver(catalog: [spec])
    _ = driver.press(.character("L"))
    #expect(driver.state.advanceLesson() == Array(repeating: .step, count: chunk))
  }

  @Test func scriptWithoutPauseRunsThrough() {
    var driver = LabDriver(catalog: [Self.spec("plain", script: [.run(15), .snapshot("end")])])
    _ = driver.press(.character("L"))
    driver.frames(until: { $0.lesson == nil })
    #expect(driver.state.lesson == nil)
    #expect(driver.state.run?.step == 15)
    #expect(driver.state.message == StatusMessage("lesson finished at step 15"))
  }

  @Test func setAndKeysStepsActLikeTheLab() {
    let script: [ScriptStep] = [
      .run(5), .set([(path: .learningRate, value: "0.05")]), .keys(["c", "space"]), .run(5),
      .pause("Two runs now."),
    ]
    var driver = LabDriver(catalog: [Self.spec("steps", script: script)])
    _ = driver.press(.character("L"))
    driver.frames(until: { $0.lesson?.isPaused == true })
    #expect(driver.state.spec?.optimizer.learningRate == 0.05)
    #expect(driver.state.comparedRuns.map(\.step) == [5])
    #expect(driver.state.run?.step == 5)
    #expect(!driver.isTraining, "a space key in the script does not start free training")
  }

  @Test func runOverFinishedRunMovesOn() {
    var driver = LabDriver(catalog: [Self.spec("long", script: [.run(80), .pause("Done.")])])
    _ = driver.press(.character("L"))
    driver.frames(until: { $0.lesson?.isPaused == true })
    #expect(driver.state.run?.step == 50)
    #expect(driver.state.lesson?.phase == .paused("Done."))
  }

  @Test func keyResettingRunLeavesLesson() {
    var driver = pausedDriver()
    _ = driver.press(.character("r"))
    #expect(driver.state.lesson == nil)
    #expect(driver.state.message == StatusMessage("left the lesson: reset"))
  }

  @Test func otherKeysWorkDuringPause() {
    var driver = pausedDriver()
    _ = driver.press(.character("l"))
    #expect(driver.state.isLogScale)
    #expect(driver.state.lesson?.isPaused == true)
  }

  @Test func keyLWithoutScriptExplains() {
    var driver = LabDriver(catalog: [Self.spec("bare", script: [])])
    _ = driver.press(.enter)
    let commands = driver.press(.character("L"))
    #expect(commands.isEmpty)
    #expect(driver.state.lesson == nil)
    #expect(driver.state.message?.isError == true)
    #expect(driver.state.message?.text.hasPrefix("Bare has no lesson: its file has no "
      + "\"script\"") == true)
  }

  @Test func failedStartStopsLesson() {
    var driver = LabDriver(catalog: [Self.spec("lesson", script: Self.lessonScript)])
    _ = driver.press(.character("L"))
    driver.state.run = nil
    driver.state.failure = "data file missing"
    #expect(driver.state.advanceLesson().isEmpty)
    #expect(driver.state.lesson == nil)
    #expect(driver.state.message?.isError == true)
  }

  @Test func helpListsLessonKey() {
    #expect(AppState.keyHelp.contains { $0.keys == "L" })
  }
}

@Suite struct LessonReplayTests {
  @Test func replayLogsPauseAndSnapshotsBox() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("losslab-lesson-\(getpid())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    var spec = LessonTests.spec("lesson", script: [
      .run(10), .pause(LessonTests.firstMessage), .snapshot("paused"), .run(5),
      .snapshot("after"),
    ])
    spec.path = folder.appendingPathComponent("lesson.json").path
    var replay = Replay(spec: spec, catalog: [spec])
    replay.runScript(isRecording: true)
    #expect(replay.failures.isEmpty)
    #expect(replay.log.contains("pause: \(LessonTests.firstMessage)"))
    let paused = try String(contentsOfFile: Replay.snapshotPath(for: spec, name: "paused"),
      encoding: .utf8)
    let after = try String(contentsOfFile: Replay.snapshotPath(for: spec, name: "after"),
      encoding: .utf8)
    #expect(paused.contains("space: continue  Esc: leave lesson"))
    #expect(paused.contains("Lesson step 2/3"))
    #expect(paused.contains("step 10/50"))
    #expect(!after.contains("Esc: leave lesson"))
    #expect(after.contains("step 15/50"))
  }
}

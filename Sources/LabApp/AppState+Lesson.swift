import LabCharts
import LabScenario

/// A scenario's script played in the lab as a lesson: training runs live up to
/// each `pause` step, whose message stays on screen until the student continues.
public struct LessonState: Sendable, Equatable {
  /// The lesson's activity on the step at `index`.
  public enum Phase: Sendable, Equatable {
    /// Carrying out the step once the latest snapshot reflects every command sent.
    case ready
    /// Training until the run reaches this step or finishes.
    case training(target: Int)
    /// Showing this message until space or Enter.
    case paused(String)
  }

  public let script: [ScriptStep]
  /// Index into `script` of the step being carried out; `script.count` once done.
  public internal(set) var index = 0
  public internal(set) var phase = Phase.ready

  public init(script: [ScriptStep]) {
    self.script = script
  }

  public var isPaused: Bool {
    if case .paused = phase { return true }
    return false
  }

  /// The current step's place among the steps a lesson carries out, from 1,
  /// and their count. `expect` and `snapshot` steps are for tests, so they
  /// are left out of both.
  public var progress: (step: Int, count: Int) {
    let taught = script.indices.filter { Self.isTaught(script[$0]) }
    let done = taught.filter { $0 < index }.count
    return (min(done + 1, taught.count), taught.count)
  }

  static func isTaught(_ step: ScriptStep) -> Bool {
    switch step {
    case .run, .set, .keys, .pause: return true
    case .expect, .snapshot: return false
    }
  }
}

extension AppState {
  /// Frames per second the lab draws at, which sets how many steps a lesson
  /// sends per snapshot so that training keeps the scenario's speed.
  static let lessonFrameRate = 30
  /// Steps a lesson sends per snapshot at most, and without a speed limit.
  /// NOTE: the training thread carries out a chunk to its end, so Esc stops
  /// training only after up to this many steps of a slow model.
  static let lessonMaximumChunk = 100

  /// Starts the open scenario's script as a lesson (key L), or the highlighted
  /// scenario's when none is open: the run resets to the file's settings and
  /// `advanceLesson` carries out the steps once the new session is reported.
  mutating func startLesson() -> [SessionCommand] {
    let index = openIndex ?? selected
    guard catalog.indices.contains(index) else {
      message = StatusMessage("no scenarios to open", isError: true)
      return []
    }
    let chosen = catalog[index]
    guard !chosen.script.isEmpty else {
      message = StatusMessage("\(chosen.title) has no lesson: its file has no \"script\"; add "
        + "run and pause steps to it (see docs/scenarios.md)", isError: true)
      return []
    }
    selected = index
    let commands = openSelected()
    lesson = LessonState(script: chosen.script)
    message = StatusMessage("lesson: \(chosen.title); Esc leaves the lesson")
    return commands
  }

  /// Carries the lesson on from the latest snapshot and returns the commands
  /// the training thread must carry out. Call it whenever the lab takes a
  /// snapshot that reflects every command sent: it never waits, so the lesson
  /// advances as training progresses.
  ///
  /// A `run` step trains in chunks of `.step` commands, one chunk per
  /// snapshot, so the run stops on the exact step a replay reaches.
  public mutating func advanceLesson() -> [SessionCommand] {
    while let lesson {
      if let failure {
        endLesson(StatusMessage("lesson stopped: the scenario cannot run: \(failure)",
          isError: true))
        return []
      }
      // A session that was just started has not reported its first snapshot.
      guard let run else { return [] }
      switch lesson.phase {
      case .paused:
        return []
      case .training(let target):
        if run.step < target && !run.isFinished { return lessonChunk(from: run.step, to: target) }
        moveToNextLessonStep()
      case .ready:
        guard lesson.index < lesson.script.count else {
          endLesson(StatusMessage("lesson finished at step \(run.step)"))
          return []
        }
        let commands = beginLessonStep(lesson.script[lesson.index], run: run)
        // Later steps wait for the snapshot that reflects these commands.
        if !commands.isEmpty { return commands }
      }
    }
    return []
  }

  /// Handles the lesson's own keys, or returns nil to let the lab handle `key`.
  mutating func updateLesson(_ key: Key) -> [SessionCommand]? {
    guard let lesson else { return nil }
    switch key {
    case .escape:
      return leaveLesson()
    case .character(" ") where lesson.isPaused, .enter where lesson.isPaused:
      message = nil
      moveToNextLessonStep()
      return advanceLesson()
    case .character(" "):
      if case .training(let target) = lesson.phase {
        message = StatusMessage("the lesson trains to step \(target), then pauses; "
          + "Esc leaves the lesson")
      }
      return []
    default:
      return nil
    }
  }

  /// Ends the lesson when a key of the lab restarted or stepped the run itself,
  /// since the lesson's steps count from the run it started.
  mutating func leaveLessonIfRunChanged(by commands: [SessionCommand]) {
    let changesRun = commands.contains { command in
      switch command {
      case .start, .run, .step: return true
      case .applyLive, .pause: return false
      }
    }
    guard lesson != nil, changesRun else { return }
    lesson = nil
    message = StatusMessage("left the lesson" + (message.map { ": \($0.text)" } ?? ""),
      isError: message?.isError ?? false)
  }

  /// Shows `text` as the pause at `index` of `script`, as a lesson would. A
  /// replay calls it so that a snapshot taken after a pause shows the pause box.
  mutating func showLessonPause(_ text: String, at index: Int, of script: [ScriptStep]) {
    var shown = LessonState(script: script)
    shown.index = index
    shown.phase = .paused(text)
    lesson = shown
  }

  private mutating func leaveLesson() -> [SessionCommand] {
    let step = run?.step ?? 0
    endLesson(StatusMessage("left the lesson at step \(step); space trains on, L starts "
      + "the lesson again"))
    return [.pause]
  }

  private mutating func endLesson(_ status: StatusMessage) {
    lesson = nil
    isRunning = false
    message = status
  }

  private mutating func moveToNextLessonStep() {
    lesson?.index += 1
    lesson?.phase = .ready
  }

  /// Starts `step` and returns its commands; a step that needs none moves on.
  private mutating func beginLessonStep(_ step: ScriptStep, run: RunSnapshot) -> [SessionCommand] {
    switch step {
    case .run(let count):
      guard !run.isFinished else {
        moveToNextLessonStep()
        return []
      }
      let target = run.step + count
      lesson?.phase = .training(target: target)
      isRunning = true
      let progress = lesson!.progress
      message = StatusMessage("lesson step \(progress.step)/\(progress.count): training to "
        + "step \(target); Esc leaves the lesson")
      return lessonChunk(from: run.step, to: target)
    case .set(let changes):
      moveToNextLessonStep()
      return changes.flatMap { setParameter($0.path, to: $0.value) }
    case .keys(let names):
      moveToNextLessonStep()
      return pressLessonKeys(names)
    case .pause(let text):
      lesson?.phase = .paused(text)
      isRunning = false
      message = nil
      return []
    case .expect, .snapshot:
      moveToNextLessonStep()
      return []
    }
  }

  /// Presses `names` as the lab would without the lesson's own keys. The lesson
  /// drives training itself, so run and pause commands are dropped, as a replay does.
  private mutating func pressLessonKeys(_ names: [String]) -> [SessionCommand] {
    let current = lesson
    lesson = nil
    var commands: [SessionCommand] = []
    for name in names {
      if let key = Key(name: name) { commands += update(key) }
    }
    lesson = current
    isRunning = false
    return commands.filter { $0 != .run && $0 != .pause }
  }

  /// Returns the next chunk of `.step` commands toward `target`: about one
  /// frame's worth at the scenario's speed.
  private func lessonChunk(from step: Int, to target: Int) -> [SessionCommand] {
    let speed = spec?.training.speed ?? 0
    let chunk = speed > 0
      ? min(max(1, speed / Self.lessonFrameRate), Self.lessonMaximumChunk) : Self.lessonMaximumChunk
    return Array(repeating: .step, count: min(chunk, target - step))
  }
}

extension AppState {
  /// Draws a lesson's pause message in a frame centred over `area`, with the
  /// step it has reached and the keys that continue or leave.
  func renderLessonPause(into buffer: inout CellBuffer, area: Rect) {
    guard let lesson, case .paused(let text) = lesson.phase, area.width >= 12, area.height >= 5
    else { return }
    let width = min(area.width - 2, 66)
    let hint = "space: continue  Esc: leave lesson"
    let lines = wrap(screenText(text), width: width - 4).prefix(area.height - 4)
    let height = lines.count + 4
    let box = Rect(
      x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2,
      width: width, height: height)
    let progress = lesson.progress
    buffer.fill(box)
    buffer.drawFrame(box, title: "Lesson step \(progress.step)/\(progress.count)",
      glyphs: glyphs, style: .bold, titleStyle: .reverse)
    let inner = box.inset(by: 1)
    for (offset, line) in lines.enumerated() {
      buffer.write(line, x: inner.x + 1, y: inner.y + offset, clip: inner)
    }
    buffer.write(hint, x: inner.x + 1, y: inner.maxY - 1, style: .dim, clip: inner)
  }
}

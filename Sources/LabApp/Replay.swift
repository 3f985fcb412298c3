import Foundation
import LabCharts
import LabScenario

/// Runs a scenario's script without a terminal: the same `update` and
/// `render` as the lab, with the session advanced step by step on the calling
/// thread, so every replay gives the same frames and numbers.
public struct Replay {
  public private(set) var state: AppState
  private var session: TrainingSession?
  /// Failed expectations and snapshot differences, in script order.
  public private(set) var failures: [String] = []
  /// One line per script step, for the replay log.
  public private(set) var log: [String] = []

  /// Prepares a replay of `spec` with `catalog` as the lab's scenario list.
  /// Replays draw in black and white with Unicode glyphs.
  public init(spec: ScenarioSpec, catalog: [ScenarioSpec]) {
    let others = catalog.filter { $0.id != spec.id }
    state = AppState(catalog: others + [spec], glyphs: .unicode)
    state.select(id: spec.id)
  }

  /// Where snapshot `name` of `spec` is stored: beside the scenario file, in
  /// `snapshots/ID.NAME.txt`.
  public static func snapshotPath(for spec: ScenarioSpec, name: String) -> String {
    let folder = (spec.path as NSString).deletingLastPathComponent
    return ((folder as NSString).appendingPathComponent("snapshots") as NSString)
      .appendingPathComponent("\(spec.id).\(name).txt")
  }

  /// Opens the scenario and runs its whole script. With `isRecording`,
  /// snapshots are written instead of compared.
  public mutating func runScript(isRecording: Bool) {
    press(.enter)
    for (index, step) in (state.spec?.script ?? []).enumerated() {
      perform(step, at: index, isRecording: isRecording)
    }
  }

  /// Presses one key: the app reacts and the session carries out its commands.
  public mutating func press(_ key: Key) {
    execute(state.update(key))
  }

  /// Trains `count` steps, as if the lab had run for a while.
  public mutating func train(steps count: Int) {
    guard let session else { return }
    for _ in 0..<count where !session.isFinished { session.advance() }
    state.run = session.snapshot()
  }

  mutating func perform(_ step: ScriptStep, at index: Int = 0, isRecording: Bool) {
    // A pause box stays on screen only for snapshots taken directly after it.
    if case .snapshot = step {} else { state.lesson = nil }
    switch step {
    case .run(let count):
      train(steps: count)
      log.append("run \(count) → step \(state.run?.step ?? 0)")
    case .set(let changes):
      for change in changes {
        execute(state.setParameter(change.path, to: change.value))
        log.append("set \(change.path.rawValue) = \(change.value)")
      }
    case .keys(let names):
      for name in names {
        if let key = Key(name: name) { press(key) }
      }
      log.append("keys \(names.joined(separator: " "))")
    case .expect(let expectation):
      check(expectation)
    case .snapshot(let name):
      compareSnapshot(name, isRecording: isRecording)
    case .pause(let message):
      state.showLessonPause(message, at: index, of: state.spec?.script ?? [step])
      log.append("pause: \(message)")
    }
  }

  private mutating func execute(_ commands: [SessionCommand]) {
    for command in commands {
      switch command {
      case .start(let spec):
        do {
          session = try TrainingSession(spec: spec)
          state.failure = nil
        } catch {
          session = nil
          state.failure = error.message
          state.message = StatusMessage("cannot start the scenario: \(error.message)",
            isError: true)
        }
      case .applyLive(let spec): session?.applyLive(spec)
      case .run, .pause: break
      case .step: session?.advance()
      }
    }
    state.run = session?.snapshot()
    // Replays advance only through `run` steps, so a running state would
    // never train; it is kept for the screen, which shows "running".
    if state.run?.isFinished == true { state.isRunning = false }
  }

  private mutating func check(_ expectation: Expectation) {
    let place = "\(state.spec?.path ?? "?"):\(expectation.location.line):"
      + "\(expectation.location.column)"
    guard let latest = state.run?.latest else {
      failures.append("\(place): expected \(expectation.quantity.rawValue), but nothing was "
        + "evaluated\(state.failure.map { " (\($0))" } ?? "")")
      return
    }
    let value = latest.value(of: expectation.quantity)
    var bounds: [String] = []
    if let below = expectation.below { bounds.append("below \(below)") }
    if let above = expectation.above { bounds.append("above \(above)") }
    let isMet = value.isFinite && (expectation.below.map { value < $0 } ?? true)
      && (expectation.above.map { value > $0 } ?? true)
    let line = "\(expectation.quantity.rawValue) = \(formatLoss(value)) at step \(latest.step), "
      + "expected \(bounds.joined(separator: " and "))"
    log.append("expect \(line): \(isMet ? "ok" : "FAILED")")
    if !isMet { failures.append("\(place): \(line)") }
  }

  private mutating func compareSnapshot(_ name: String, isRecording: Bool) {
    guard let spec = state.spec else { return }
    let screen = state.render(width: spec.screen.width, height: spec.screen.height).text() + "\n"
    let path = Self.snapshotPath(for: spec, name: name)
    if isRecording {
      let folder = (path as NSString).deletingLastPathComponent
      try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      do {
        try screen.write(toFile: path, atomically: true, encoding: .utf8)
        log.append("snapshot \(name): recorded \(path)")
      } catch {
        failures.append("\(path): cannot write the snapshot: \(error.localizedDescription)")
      }
      return
    }
    guard let stored = try? String(contentsOfFile: path, encoding: .utf8) else {
      failures.append("\(path): snapshot '\(name)' is missing; record it with "
        + "'losslab replay \(spec.path) --record'")
      return
    }
    if stored == screen {
      log.append("snapshot \(name): matches")
      return
    }
    failures.append("\(path): snapshot '\(name)' differs (- stored, + now):\n"
      + lineDiff(stored, screen))
  }
}

/// The differing lines of two screens, numbered, as `-` and `+` pairs.
func lineDiff(_ expected: String, _ actual: String) -> String {
  let old = expected.components(separatedBy: "\n")
  let new = actual.components(separatedBy: "\n")
  var lines: [String] = []
  for index in 0..<max(old.count, new.count) {
    let left = index < old.count ? old[index] : ""
    let right = index < new.count ? new[index] : ""
    if left != right {
      let number = String(index + 1)
      let padded = String(repeating: " ", count: max(0, 3 - number.count)) + number
      lines.append("\(padded) - \(left)")
      lines.append("\(padded) + \(right)")
    }
  }
  return lines.joined(separator: "\n")
}

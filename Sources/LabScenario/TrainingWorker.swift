import Foundation

/// A request from the lab to the training thread.
public enum SessionCommand: Sendable, Equatable {
  /// Start a new session from this spec (opening a scenario or resetting).
  case start(ScenarioSpec)
  /// Apply changes that need no reset (learning rate, optimizer, batch size…).
  case applyLive(ScenarioSpec)
  case run
  case pause
  /// Train exactly one step, then pause.
  case step
}

/// The training thread's published state: the latest snapshot or the reason
/// the session could not start, with a version that grows on every change.
public struct WorkerState: Sendable {
  public var version = 0
  /// How many sent commands the thread has carried out; a snapshot reflects
  /// every command up to this count.
  public var commandsProcessed = 0
  public var snapshot: RunSnapshot?
  public var isRunning = false
  public var failure: String?
}

/// Runs a `TrainingSession` on its own thread. The terminal thread sends
/// commands and reads published snapshots, and never touches the session.
///
/// All mutable state is guarded by `condition`; the session itself is only
/// used on the worker thread. That invariant is why the class can be
/// `@unchecked Sendable`.
public final class TrainingWorker: @unchecked Sendable {
  private let condition = NSCondition()
  private var pending: [SessionCommand] = []
  private var published = WorkerState()
  private var isStopped = false
  /// Maximum training time between two publications, in seconds.
  private let publishInterval: TimeInterval = 1.0 / 60

  public init() {
    let thread = Thread { [self] in runLoop() }
    thread.name = "losslab training"
    thread.start()
  }

  /// Queues `command` for the training thread.
  public func send(_ command: SessionCommand) {
    condition.lock()
    pending.append(command)
    condition.broadcast()
    condition.unlock()
  }

  /// The latest published state.
  public var state: WorkerState {
    condition.lock()
    defer { condition.unlock() }
    return published
  }

  /// Waits until the thread has carried out `count` commands in all or
  /// `timeout` seconds pass, and returns the state then.
  public func waitForCommands(_ count: Int, timeout: TimeInterval) -> WorkerState {
    let deadline = Date(timeIntervalSinceNow: timeout)
    condition.lock()
    defer { condition.unlock() }
    while published.commandsProcessed < count {
      if !condition.wait(until: deadline) { break }
    }
    return published
  }

  /// Stops the thread after its current step.
  public func stop() {
    condition.lock()
    isStopped = true
    condition.broadcast()
    condition.unlock()
  }

  private func runLoop() {
    var session: TrainingSession?
    var isRunning = false
    var meter = StepRateMeter()
    var pacer = Pacer()
    while true {
      condition.lock()
      while pending.isEmpty && !isStopped && !(isRunning && session?.isFinished == false) {
        condition.wait()
      }
      // Under a speed limit, sleep until the next step is due unless a command arrives.
      if pending.isEmpty && !isStopped, isRunning, let session,
        let due = pacer.nextStep(speed: session.spec.training.speed), due > Date()
      {
        _ = condition.wait(until: due)
      }
      if isStopped {
        condition.unlock()
        return
      }
      let commands = pending
      pending.removeAll()
      condition.unlock()

      var failure: String?? = .none
      for command in commands {
        switch command {
        case .start(let spec):
          isRunning = false
          meter = StepRateMeter()
          do {
            session = try TrainingSession(spec: spec)
            failure = .some(nil)
          } catch {
            session = nil
            failure = .some(error.message)
          }
        case .applyLive(let spec):
          session?.applyLive(spec)
          pacer.restart()
        case .run:
          isRunning = true
          pacer.restart()
        case .pause: isRunning = false
        case .step:
          isRunning = false
          session?.advance()
        }
      }
      if isRunning, let session {
        let start = Date()
        while !session.isFinished && Date().timeIntervalSince(start) < publishInterval {
          if let due = pacer.nextStep(speed: session.spec.training.speed), due > Date() { break }
          session.advance()
          pacer.stepsTaken += 1
        }
        meter.record(step: session.step)
        if session.isFinished { isRunning = false }
      }
      publish(
        session: session, isRunning: isRunning, rate: meter.rate, failure: failure,
        commandCount: commands.count)
    }
  }

  private func publish(
    session: TrainingSession?, isRunning: Bool, rate: Double?, failure: String??,
    commandCount: Int
  ) {
    let snapshot = session?.snapshot(stepsPerSecond: rate)
    condition.lock()
    published.version += 1
    published.commandsProcessed += commandCount
    published.snapshot = snapshot
    published.isRunning = isRunning
    if case .some(let message) = failure { published.failure = message }
    condition.broadcast()
    condition.unlock()
  }
}

/// Steps per second over roughly the last second.
struct StepRateMeter {
  private var samples: [(time: Date, step: Int)] = []
  private(set) var rate: Double?

  mutating func record(step: Int) {
    let now = Date()
    samples.append((now, step))
    samples.removeAll { now.timeIntervalSince($0.time) > 1.0 }
    guard let first = samples.first, now.timeIntervalSince(first.time) > 0.1 else { return }
    rate = Double(step - first.step) / now.timeIntervalSince(first.time)
  }
}

/// Spaces steps evenly under a steps-per-second limit, counting from the
/// moment training (re)started so a pause does not cause a burst afterwards.
struct Pacer {
  private var origin = Date()
  var stepsTaken = 0

  mutating func restart() {
    origin = Date()
    stepsTaken = 0
  }

  /// When the next step is due, or nil without a limit (`speed` 0).
  func nextStep(speed: Int) -> Date? {
    guard speed > 0 else { return nil }
    return origin.addingTimeInterval(Double(stepsTaken) / Double(speed))
  }
}

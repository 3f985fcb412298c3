import Foundation
import LabApp
import LabModels
import LabScenario
import LabTerminal

/// The lab's frame period: the screen redraws at most 30 times a second.
private let framePeriod = 1.0 / 30
/// How long input blocks while nothing changes; long enough to cost no
/// measurable CPU, short enough to notice a signal promptly.
private let idleTimeoutMilliseconds = 250
/// How long a key waits for the training thread to carry out its commands,
/// so the next frame already shows their effect.
private let keyResponseTimeout = 0.04

/// `losslab` / `losslab lab`: the interactive terminal lab.
func runLab(_ arguments: ParsedArguments) throws -> Int32 {
  try requireNoPositional(arguments, command: "lab")
  // Scenarios are read and checked before the terminal changes mode.
  let folder = try Catalog.folder(option: arguments.value("--scenarios"))
  let (catalog, problems) = Catalog.load(folder: folder)

  TerminalSignals.install()
  let terminal: Terminal
  do {
    terminal = try Terminal.open(options: TerminalOptions())
  } catch {
    printError(error.message)
    return 1
  }
  let worker = TrainingWorker()
  var loop = LabLoop(
    terminal: terminal, worker: worker, catalog: catalog, timer: EngineModelTimer())
  if let first = problems.first {
    let others = problems.count > 1
      ? " (and \(problems.count - 1) more; 'losslab list' names them)" : ""
    loop.state.message = StatusMessage("skipped \(first.description)\(others)", isError: true)
  }
  let outcome = loop.run()
  terminal.close()
  worker.stop()
  switch outcome {
  case .quit: return 0
  case .signal(let number): return TerminalSignals.exitStatus(for: number)
  case .failed(let message):
    printError(message)
    return 1
  }
}

/// The terminal thread's loop: read a key, update the state, send commands,
/// take the training thread's latest snapshot, draw.
struct LabLoop {
  enum Outcome {
    case quit
    case signal(Int32)
    case failed(String)
  }

  let terminal: Terminal
  let worker: TrainingWorker
  /// Measures forward passes for the architecture screen, nil without a timer.
  let timingWorker: TimingWorker?
  var lastTimingReport: TimingReport?
  var state: AppState
  var commandsSent = 0
  var seenVersion = -1
  var needsDraw = true
  var lastDraw = Date.distantPast

  init(terminal: Terminal, worker: TrainingWorker, catalog: [ScenarioSpec], timer: ModelTimer?) {
    self.terminal = terminal
    self.worker = worker
    self.timingWorker = timer.map(TimingWorker.init(timer:))
    self.state = AppState(catalog: catalog, glyphs: terminal.glyphs)
    state.showsImageColor = terminal.showsRGBColor
    state.architecture.isTimingAvailable = timer != nil
  }

  mutating func run() -> Outcome {
    while true {
      if let signal = TerminalSignals.pending { return .signal(signal) }
      absorb(worker.state)
      syncTiming()
      if needsDraw && Date().timeIntervalSince(lastDraw) >= framePeriod {
        do {
          try draw()
        } catch {
          return .failed(error.message)
        }
      }
      guard let key = terminal.readKey(timeoutMilliseconds: inputTimeout()) else { continue }
      needsDraw = true
      if let appKey = appKey(for: key) {
        let commands = state.update(appKey)
        for command in commands { worker.send(command) }
        commandsSent += commands.count
        if state.shouldQuit {
          timingWorker?.cancel()
          return .quit
        }
        syncTiming()
        if !commands.isEmpty {
          absorb(worker.waitForCommands(commandsSent, timeout: keyResponseTimeout))
        }
      }
      // A key press draws at once; only training updates wait for the frame period.
      lastDraw = .distantPast
    }
  }

  /// Blocks for input until the next frame is due while something changes,
  /// and for `idleTimeoutMilliseconds` when nothing does.
  private func inputTimeout() -> Int {
    let isChanging = state.isRunning || state.architecture.timing.isRunning
    guard isChanging || needsDraw else { return idleTimeoutMilliseconds }
    let remaining = framePeriod - Date().timeIntervalSince(lastDraw)
    return max(1, min(Int(framePeriod * 1000), Int((remaining * 1000).rounded(.up))))
  }

  private mutating func draw() throws(TerminalError) {
    try terminal.draw(state.render(width: terminal.width, height: terminal.height))
    lastDraw = Date()
    needsDraw = false
  }

  /// Starts and cancels timing runs as the state requests, and takes the timing
  /// thread's latest report.
  private mutating func syncTiming() {
    guard let timingWorker else { return }
    if let request = state.architecture.timing.takePendingRequest() {
      timingWorker.start(request)
    }
    if state.architecture.timing.isCancelRequested {
      state.architecture.timing.isCancelRequested = false
      timingWorker.cancel()
    }
    guard let report = timingWorker.report, report != lastTimingReport else { return }
    lastTimingReport = report
    let wasRunning = state.architecture.timing.isRunning
    state.architecture.timing.absorb(report)
    switch state.architecture.timing.phase {
    case _ where !wasRunning: break
    case .cancelled: state.message = StatusMessage("timing cancelled")
    case .finished: state.message = StatusMessage("timing finished")
    case .failed(let reason):
      state.message = StatusMessage("timing failed: \(reason)", isError: true)
    case .idle, .running: break
    }
    needsDraw = true
  }

  /// Takes the training thread's state once it reflects every command sent.
  private mutating func absorb(_ published: WorkerState) {
    guard published.version != seenVersion, published.commandsProcessed == commandsSent else {
      return
    }
    seenVersion = published.version
    state.run = published.snapshot
    if published.failure != state.failure, let failure = published.failure {
      state.message = StatusMessage("cannot start the scenario: \(failure)", isError: true)
    }
    state.failure = published.failure
    if !published.isRunning && state.isRunning && (published.snapshot?.isFinished ?? true) {
      state.isRunning = false
      if let run = published.snapshot {
        state.message = StatusMessage(run.divergedAt.map {
          "training diverged at step \($0): the loss is not finite; lower the learning rate "
            + "and press r"
        } ?? "run finished at step \(run.step)", isError: run.divergedAt != nil)
      }
    }
    // The snapshot reflects every command sent, so a lesson can take its next step.
    let lessonCommands = state.advanceLesson()
    for command in lessonCommands { worker.send(command) }
    commandsSent += lessonCommands.count
    needsDraw = true
  }

  private func appKey(for key: TerminalKey) -> Key? {
    switch key {
    case .up: return .up
    case .down: return .down
    case .left: return .left
    case .right: return .right
    case .enter: return .enter
    case .tab: return .tab
    case .backTab: return .backTab
    case .escape: return .escape
    case .backspace, .delete: return .backspace
    case .character(let character): return .character(character)
    case .pageUp: return .pageUp
    case .pageDown: return .pageDown
    case .resize, .home, .end, .function: return nil
    }
  }
}

/// Times forward passes of the engine's own models for the architecture screen.
struct EngineModelTimer: ModelTimer {
  /// Timed runs per model after one warm-up run; the screen shows their median.
  static let repeatCount = 3

  func forwardMilliseconds(
    model: String, input: InputSize, batchSize: Int, isCancelled: @Sendable () -> Bool
  ) throws -> Double {
    let spec = try ModelCatalog.model(named: model)
    let single = try spec.account(input: input, batchSize: 1)
    if let available = availableMemoryBytes(),
      single.estimatedForwardBytes(batchSize: batchSize) > Double(available)
    {
      throw UsageError(message: "\(model) at batch \(batchSize) needs more memory than is "
        + "available; lower the batch or the input size")
    }
    let cancellation = TimingCancellation()
    let timing = try measureModel(
      spec, input: input, batchSize: batchSize, repeatCount: Self.repeatCount,
      cancellation: cancellation
    ) { _ in
      if isCancelled() { cancellation.cancel() }
    }
    return timing.forward.median
  }
}

import Foundation
import LabModels

/// Measures the forward pass of a network; the lab runs it on a background
/// thread for the architecture screen's timing.
public protocol ModelTimer: Sendable {
  /// Returns the median time of one forward pass of `model` over `input` for a
  /// batch of `batchSize`, in milliseconds. A long measurement checks
  /// `isCancelled` between repeats and may return early when it turns true.
  func forwardMilliseconds(
    model: String, input: InputSize, batchSize: Int, isCancelled: @Sendable () -> Bool
  ) throws -> Double
}

/// The models and sizes one timing run measures.
public struct TimingRequest: Sendable, Equatable {
  /// Grows with every request, so reports of an earlier run can be recognised.
  public var id: Int
  public var models: [String]
  public var inputSide: Int
  public var batchSize: Int
}

/// The progress and results of a timing run, as the worker publishes them.
public struct TimingReport: Sendable, Equatable {
  public var requestID: Int
  public var completedCount = 0
  public var totalCount: Int
  /// The model being measured, nil before the first and after the last.
  public var currentModel: String?
  /// Milliseconds per forward pass, by model, for the models measured so far.
  public var milliseconds: [String: Double] = [:]
  public var failure: String?
  public var isFinished = false
  public var isCancelled = false

  /// The part done, in 0...1.
  public var fraction: Double {
    totalCount == 0 ? 1 : Double(completedCount) / Double(totalCount)
  }
}

/// The architecture screen's timing: whether a run is going, its progress, and
/// the latest results with the sizes they were measured at.
public struct TimingState: Sendable, Equatable {
  public enum Phase: Sendable, Equatable {
    case idle, running, finished, cancelled
    case failed(String)
  }

  public var phase = Phase.idle
  /// A run that `update` asked for and the lab has not yet handed to its worker.
  public var pendingRequest: TimingRequest?
  /// The run in progress or the last one.
  public var request: TimingRequest?
  /// Set by Esc while running, until the lab has passed it to the worker.
  public var isCancelRequested = false
  public var progress = 0.0
  public var currentModel: String?
  /// Milliseconds per forward pass, by model, for `request`'s sizes.
  public var milliseconds: [String: Double] = [:]
  private var lastID = 0

  public var isRunning: Bool { phase == .running }

  /// Starts a run of `models` at the given sizes and returns its request.
  mutating func begin(models: [String], inputSide: Int, batchSize: Int) -> TimingRequest {
    lastID += 1
    let request = TimingRequest(id: lastID, models: models, inputSide: inputSide,
      batchSize: batchSize)
    self.request = request
    pendingRequest = request
    phase = .running
    progress = 0
    currentModel = nil
    milliseconds = [:]
    isCancelRequested = false
    return request
  }

  /// Returns the run the lab must start and clears it, so it starts once.
  public mutating func takePendingRequest() -> TimingRequest? {
    defer { pendingRequest = nil }
    return pendingRequest
  }

  /// Takes the worker's latest report of the current run; reports of older runs
  /// are ignored.
  public mutating func absorb(_ report: TimingReport) {
    guard report.requestID == request?.id, phase == .running else { return }
    progress = report.fraction
    currentModel = report.currentModel
    milliseconds = report.milliseconds
    if let failure = report.failure {
      phase = .failed(failure)
    } else if report.isCancelled {
      phase = .cancelled
    } else if report.isFinished {
      phase = .finished
    }
  }
}

/// Runs timing requests on a background thread with a `ModelTimer`, one model
/// after another, and publishes a report after each.
///
/// All mutable state is guarded by `condition`, which is why the class can be
/// `@unchecked Sendable`.
public final class TimingWorker: @unchecked Sendable {
  private let timer: any ModelTimer
  private let condition = NSCondition()
  private var published: TimingReport?
  private var cancelledID: Int?

  public init(timer: any ModelTimer) {
    self.timer = timer
  }

  /// The latest report, nil before the first request.
  public var report: TimingReport? {
    condition.lock()
    defer { condition.unlock() }
    return published
  }

  /// Starts measuring `request` on a new thread. A run still going keeps going
  /// until `cancel()`, but its reports no longer replace this one's.
  public func start(_ request: TimingRequest) {
    condition.lock()
    published = TimingReport(requestID: request.id, totalCount: request.models.count)
    condition.unlock()
    let thread = Thread { [self] in measure(request) }
    thread.name = "losslab timing"
    thread.start()
  }

  /// Asks the current run to stop after the model being measured, or sooner if
  /// the timer checks its cancellation flag.
  public func cancel() {
    condition.lock()
    cancelledID = published?.requestID
    condition.broadcast()
    condition.unlock()
  }

  /// Waits until the current report satisfies `isDone` or `timeout` seconds
  /// pass, and returns the report then.
  public func waitForReport(
    timeout: TimeInterval, until isDone: (TimingReport) -> Bool
  ) -> TimingReport? {
    let deadline = Date(timeIntervalSinceNow: timeout)
    condition.lock()
    defer { condition.unlock() }
    while !(published.map(isDone) ?? false) {
      if !condition.wait(until: deadline) { break }
    }
    return published
  }

  private func isCancelled(_ id: Int) -> Bool {
    condition.lock()
    defer { condition.unlock() }
    return cancelledID == id
  }

  /// Changes the published report of run `id`, if it is still the current one.
  private func publish(_ id: Int, _ change: (inout TimingReport) -> Void) {
    condition.lock()
    if var report = published, report.requestID == id {
      change(&report)
      published = report
      condition.broadcast()
    }
    condition.unlock()
  }

  private func measure(_ request: TimingRequest) {
    let input = InputSize(height: request.inputSide, width: request.inputSide)
    let id = request.id
    for model in request.models {
      if isCancelled(id) {
        publish(id) { $0.isCancelled = true; $0.currentModel = nil }
        return
      }
      publish(id) { $0.currentModel = model }
      do {
        let milliseconds = try timer.forwardMilliseconds(
          model: model, input: input, batchSize: request.batchSize,
          isCancelled: { [self] in isCancelled(id) })
        if isCancelled(id) { continue }
        publish(id) {
          $0.milliseconds[model] = milliseconds
          $0.completedCount += 1
        }
      } catch {
        publish(id) { $0.failure = "\(model): \(error)"; $0.currentModel = nil }
        return
      }
    }
    publish(id) {
      if self.isCancelledLocked(id) { $0.isCancelled = true } else { $0.isFinished = true }
      $0.currentModel = nil
    }
  }

  /// `isCancelled` for use while `condition` is already locked.
  private func isCancelledLocked(_ id: Int) -> Bool { cancelledID == id }
}

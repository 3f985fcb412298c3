import Foundation
import LabModels
import Testing

@testable import LabApp

/// A timer that reports a fixed time per model and waits for the test to let
/// each measurement finish, so progress and cancellation can be observed.
final class GatedTimer: ModelTimer, @unchecked Sendable {
  let gate = DispatchSemaphore(value: 0)
  let lock = NSLock()
  private var measuredModels: [String] = []

  var measured: [String] {
    lock.lock()
    defer { lock.unlock() }
    return measuredModels
  }

  func forwardMilliseconds(
    model: String, input: InputSize, batchSize: Int, isCancelled: @Sendable () -> Bool
  ) throws -> Double {
    gate.wait()
    lock.lock()
    measuredModels.append(model)
    lock.unlock()
    return Double(input.height * batchSize) + Double(measuredModels.count)
  }
}

struct TimerFailure: Error, CustomStringConvertible {
  var description: String { "out of memory" }
}

/// A timer that fails on its first model.
struct FailingTimer: ModelTimer {
  func forwardMilliseconds(
    model: String, input: InputSize, batchSize: Int, isCancelled: @Sendable () -> Bool
  ) throws -> Double {
    throw TimerFailure()
  }
}

@Suite struct TimingTests {
  let request = TimingRequest(id: 1, models: ["vgg16", "vgg19", "resnet50"], inputSide: 64,
    batchSize: 2)

  @Test func workerReportsProgressThenFinishes() throws {
    let timer = GatedTimer()
    let worker = TimingWorker(timer: timer)
    worker.start(request)
    #expect(worker.report?.fraction == 0)
    timer.gate.signal()
    let first = try #require(worker.waitForReport(timeout: 5) { $0.completedCount == 1 })
    #expect(first.fraction == 1.0 / 3)
    #expect(first.milliseconds == ["vgg16": 129])
    timer.gate.signal()
    timer.gate.signal()
    let last = try #require(worker.waitForReport(timeout: 5) { $0.isFinished })
    #expect(last.completedCount == 3)
    #expect(last.fraction == 1)
    #expect(last.milliseconds == ["vgg16": 129, "vgg19": 130, "resnet50": 131])
    #expect(!last.isCancelled)
    #expect(last.currentModel == nil)
  }

  @Test func cancelStopsAfterTheCurrentModel() throws {
    let timer = GatedTimer()
    let worker = TimingWorker(timer: timer)
    worker.start(request)
    timer.gate.signal()
    _ = worker.waitForReport(timeout: 5) { $0.completedCount == 1 }
    _ = worker.waitForReport(timeout: 5) { $0.currentModel == "vgg19" }
    worker.cancel()
    timer.gate.signal()
    let report = try #require(worker.waitForReport(timeout: 5) { $0.isCancelled })
    #expect(report.milliseconds.keys.sorted() == ["vgg16"])
    #expect(!report.isFinished)
    #expect(timer.measured == ["vgg16", "vgg19"])
  }

  @Test func failureIsReportedWithTheModel() throws {
    let worker = TimingWorker(timer: FailingTimer())
    worker.start(request)
    let report = try #require(worker.waitForReport(timeout: 5) { $0.failure != nil })
    #expect(report.failure == "vgg16: out of memory")
  }

  @Test func stateFollowsReportsOfItsOwnRequestOnly() {
    var timing = TimingState()
    let request = timing.begin(models: ["vgg16", "vgg19"], inputSide: 224, batchSize: 1)
    timing.absorb(TimingReport(requestID: request.id + 1, completedCount: 2, totalCount: 2,
      isFinished: true))
    #expect(timing.isRunning)
    #expect(timing.progress == 0)
    timing.absorb(TimingReport(requestID: request.id, completedCount: 1, totalCount: 2,
      currentModel: "vgg19", milliseconds: ["vgg16": 800]))
    #expect(timing.progress == 0.5)
    #expect(timing.currentModel == "vgg19")
    timing.absorb(TimingReport(requestID: request.id, completedCount: 1, totalCount: 2,
      milliseconds: ["vgg16": 800], isCancelled: true))
    #expect(timing.phase == .cancelled)
    #expect(timing.milliseconds == ["vgg16": 800])
  }

  @Test func appStateRunsAFakeTimingToTheEnd() throws {
    var state = AppState(catalog: AppStateTests.catalog)
    state.architecture.isTimingAvailable = true
    _ = state.update(.character("a"))
    _ = state.update(.character("t"))
    let timer = GatedTimer()
    let worker = TimingWorker(timer: timer)
    let request = state.architecture.timing.takePendingRequest()
    worker.start(try #require(request))
    timer.gate.signal()
    timer.gate.signal()
    let report = try #require(worker.waitForReport(timeout: 5) { $0.isFinished })
    state.architecture.timing.absorb(report)
    #expect(state.architecture.timing.phase == .finished)
    let text = state.render(width: 100, height: 30).text()
    #expect(text.contains("Forward time per model"))
    #expect(text.contains("measured at 224×224, batch 1"))
    #expect(text.contains("225 ms"))
    #expect(text.contains("226 ms"))
  }
}

import Foundation

/// How the engine's kernels share work between threads.
///
/// Every parallel kernel splits its output into pieces that do not depend on
/// the thread count (a fixed grid of row blocks, images or channels) and
/// computes each piece whole on one thread, reducing in the same order every
/// time. The thread count only decides which thread takes which piece, so
/// results are bit-identical for any count and from run to run.
public enum Parallel {
  /// The number of threads the kernels use: `LOSSLAB_THREADS` when it is a
  /// positive integer, otherwise the number of active processors.
  public static let threadCount: Int = threadCount(
    environment: ProcessInfo.processInfo.environment,
    processorCount: ProcessInfo.processInfo.activeProcessorCount)

  /// Returns the thread count for an environment. It is kept apart from
  /// `threadCount` so that tests can check the parsing. Counts above 256 are
  /// capped at 256.
  public static func threadCount(environment: [String: String], processorCount: Int) -> Int {
    if let text = environment["LOSSLAB_THREADS"], let count = Int(text), count > 0 {
      return min(count, 256)
    }
    return max(1, processorCount)
  }

  /// Runs `body(piece)` for every piece in `0..<pieceCount`, spread over at
  /// most `threads` threads, and returns when all have finished.
  ///
  /// The calling thread works too, and up to `threads − 1` threads of a
  /// persistent pool join it. Each thread takes the next unclaimed piece
  /// until none is left, so a thread that the operating system delays does
  /// not hold back the others. A piece must write only its own part of the
  /// output. One thread, or one piece, runs inline without touching the pool.
  /// Calls may nest: an inner call finds the pool busy and runs its pieces on
  /// its own thread.
  ///
  /// NOTE: a call returns only after its last piece, so when another process
  /// occupies a core, a delayed thread can make two threads slower than one. On a
  /// 2-core machine with one core busy, a 1536³ GEMM measured about 0.7 times
  /// its single-thread speed on two threads.
  public static func forEach(
    _ pieceCount: Int, threads: Int = threadCount, _ body: (Int) -> Void
  ) {
    let workers = min(threads, pieceCount)
    if workers <= 1 {
      for piece in 0..<pieceCount { body(piece) }
      return
    }
    withoutActuallyEscaping(body) { body in
      WorkerPool.shared.run(ParallelJob(body: body, pieceCount: pieceCount, helpers: workers - 1))
    }
  }
}

/// The shared state of one `forEach` call. The pool's lock guards every
/// field except `body` and `pieceCount`.
private final class ParallelJob: @unchecked Sendable {
  /// The caller's closure. `WorkerPool.run` does not return while a helper can
  /// still call it, which is what makes escaping it safe.
  let body: (Int) -> Void
  let pieceCount: Int
  /// The next piece that no thread has claimed.
  var nextPiece = 0
  /// How many more pool threads may join.
  var openHelperSlots: Int
  /// Pool threads that joined and have not left yet.
  var activeHelpers = 0

  init(body: @escaping (Int) -> Void, pieceCount: Int, helpers: Int) {
    self.body = body
    self.pieceCount = pieceCount
    openHelperSlots = helpers
  }

  /// Whether a pool thread could still do something for this job.
  var isOpen: Bool { openHelperSlots > 0 && nextPiece < pieceCount }
}

/// Threads that sleep until a `forEach` call posts a job, then claim its
/// pieces alongside the caller. Threads are started on demand, up to the
/// largest helper count asked for, and live as long as the process.
private final class WorkerPool: @unchecked Sendable {
  static let shared = WorkerPool()

  /// Guards every field below and every mutable field of the posted jobs.
  private let condition = NSCondition()
  private var jobs: [ParallelJob] = []
  private var threadCount = 0

  /// Posts `job`, works on it with the calling thread, and returns once every
  /// piece has run and no pool thread still works on the job.
  func run(_ job: ParallelJob) {
    condition.lock()
    jobs.append(job)
    while threadCount < job.openHelperSlots { startThread() }
    condition.broadcast()
    condition.unlock()

    work(on: job)

    condition.lock()
    jobs.removeAll { $0 === job }
    while job.activeHelpers > 0 { condition.wait() }
    condition.unlock()
  }

  /// Claims and runs pieces of `job` until none is left.
  private func work(on job: ParallelJob) {
    while true {
      condition.lock()
      let piece = job.nextPiece
      job.nextPiece += 1
      condition.unlock()
      if piece >= job.pieceCount { return }
      job.body(piece)
    }
  }

  /// Starts one more pool thread. Call with the lock held.
  private func startThread() {
    threadCount += 1
    let thread = Thread { [self] in helperLoop() }
    thread.name = "LossLab worker \(threadCount)"
    // Kernels run on these threads as they would on the main thread, so they
    // get the main thread's usual stack size.
    thread.stackSize = 8 << 20
    thread.start()
  }

  private func helperLoop() {
    condition.lock()
    while true {
      guard let job = jobs.first(where: { $0.isOpen }) else {
        condition.wait()
        continue
      }
      job.openHelperSlots -= 1
      job.activeHelpers += 1
      condition.unlock()

      work(on: job)

      condition.lock()
      job.activeHelpers -= 1
      if job.activeHelpers == 0 { condition.broadcast() }
    }
  }
}

/// Carries a pointer or other value into code that runs on several threads.
/// The kernels guarantee that concurrent pieces write disjoint memory.
struct UncheckedSendable<Value>: @unchecked Sendable {
  let value: Value
  init(_ value: Value) { self.value = value }
}

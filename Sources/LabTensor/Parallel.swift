import Dispatch
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

  /// The thread count for an environment, kept apart from `threadCount` so
  /// that tests can check the parsing.
  public static func threadCount(environment: [String: String], processorCount: Int) -> Int {
    if let text = environment["LOSSLAB_THREADS"], let count = Int(text), count > 0 {
      return min(count, 256)
    }
    return max(1, processorCount)
  }

  /// Runs `body(piece)` for every piece in `0..<pieceCount`, spread over at
  /// most `threadCount` threads, and returns when all have finished.
  ///
  /// Thread t takes pieces t, t + threads, t + 2·threads, …; a piece must write
  /// only its own part of the output. One thread, or one piece, runs inline
  /// without touching Dispatch.
  public static func forEach(
    _ pieceCount: Int, threads: Int = threadCount, _ body: (Int) -> Void
  ) {
    let workers = min(threads, pieceCount)
    if workers <= 1 {
      for piece in 0..<pieceCount { body(piece) }
      return
    }
    withoutActuallyEscaping(body) { body in
      let work = UncheckedSendable(body)
      DispatchQueue.concurrentPerform(iterations: workers) { worker in
        var piece = worker
        while piece < pieceCount {
          work.value(piece)
          piece += workers
        }
      }
    }
  }
}

/// Carries a value that is only read across threads into a `@Sendable`
/// closure. The kernels guarantee that concurrent pieces write disjoint memory.
struct UncheckedSendable<Value>: @unchecked Sendable {
  let value: Value
  init(_ value: Value) { self.value = value }
}

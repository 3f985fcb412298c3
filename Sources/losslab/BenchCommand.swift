import Foundation
import LabTensor

/// `losslab bench`: times the engine's workloads after a warm-up and prints
/// min, median and max milliseconds per call.
///
/// bench/compare.py runs the same workloads in NumPy, PyTorch and ONNX Runtime
/// and writes the ratios into BENCHMARKS.md, so a workload here must do what
/// its namesake there does.
func runBench(_ arguments: ParsedArguments) throws -> Int32 {
  let names = arguments.positional.isEmpty ? benchWorkloads.map(\.name) : arguments.positional
  var selected: [BenchWorkload] = []
  for name in names {
    guard let workload = benchWorkloads.first(where: { $0.name == name }) else {
      throw UsageError(message: "unknown workload '\(name)'; workloads are: "
        + benchWorkloads.map(\.name).joined(separator: ", "))
    }
    selected.append(workload)
  }
  let repeatCount = try positiveInteger(arguments, "--repeat", default: 10)
  let format = arguments.value("--format") ?? "text"
  guard ["text", "json"].contains(format) else {
    throw UsageError(message: "--format must be text or json, got '\(format)'")
  }

  var results: [BenchResult] = []
  if format == "text" { print(BenchResult.textHeader) }
  for workload in selected {
    let run = workload.prepare()
    for _ in 0..<workload.warmUpCount { run() }
    var samples: [Double] = []
    let clock = ContinuousClock()
    for _ in 0..<repeatCount {
      let elapsed = clock.measure { run() }
      samples.append(Double(elapsed.components.attoseconds) / 1e15
        + Double(elapsed.components.seconds) * 1e3)
    }
    let result = BenchResult(workload: workload, samples: samples)
    if format == "text" { print(result.textRow) }
    results.append(result)
  }
  if format == "json" {
    let report: [String: Any] = [
      "workloads": results.map { $0.json(includingSamples: arguments.has("--samples")) },
      "threads": Parallel.threadCount,
      "peak_memory_mb": peakResidentMegabytes(),
    ]
    let data = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])
    print(String(decoding: data, as: UTF8.self))
  } else {
    print("threads: \(Parallel.threadCount) (LOSSLAB_THREADS); "
      + "peak resident memory: \(Int(peakResidentMegabytes().rounded())) MB")
  }
  return 0
}

/// One timed workload: `prepare` builds its data and model outside the timing
/// and returns the call that is timed.
struct BenchWorkload {
  var name: String
  var summary: String
  /// Floating-point operations of one call, for GFLOP/s; nil where a count
  /// would mislead (a training step mixes many small kernels).
  var floatingPointOperations: Double?
  var warmUpCount = 2
  var prepare: () -> () -> Void
}

/// The timings of one workload.
struct BenchResult {
  var workload: BenchWorkload
  var samples: [Double]

  var minimum: Double { samples.min() ?? .nan }
  var maximum: Double { samples.max() ?? .nan }
  var median: Double {
    let sorted = samples.sorted()
    guard !sorted.isEmpty else { return .nan }
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
  }
  /// GFLOP/s at the median time.
  var gigaflops: Double? {
    workload.floatingPointOperations.map { $0 / (median * 1e6) }
  }

  static let textHeader = "workload" .padding(toLength: 16, withPad: " ", startingAt: 0)
    + ["min ms", "median ms", "max ms", "GFLOP/s"].map { pad($0) }.joined()

  var textRow: String {
    workload.name.padding(toLength: 16, withPad: " ", startingAt: 0)
      + [minimum, median, maximum].map { pad(String(format: "%.3f", $0)) }.joined()
      + pad(gigaflops.map { String(format: "%.1f", $0) } ?? "-")
  }

  func json(includingSamples: Bool) -> [String: Any] {
    var object: [String: Any] = [
      "name": workload.name, "unit": "ms", "min": minimum, "median": median, "max": maximum,
    ]
    if let gigaflops { object["gflops"] = gigaflops }
    if includingSamples { object["samples"] = samples }
    return object
  }
}

private func pad(_ text: String) -> String {
  String(repeating: " ", count: max(1, 12 - text.count)) + text
}

/// Returns the peak resident set size of this process so far, in MB (10⁶ bytes).
///
/// It reads VmHWM from /proc/self/status, which starts afresh at exec.
/// getrusage's ru_maxrss does not: on Linux it keeps the peak of the process
/// that started this one, so a bench run from a large Python process would
/// report Python's memory.
func peakResidentMegabytes() -> Double {
  if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
    let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
    let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "")
  {
    return kilobytes * 1024 / 1e6
  }
  var usage = rusage()
  getrusage(RUSAGE_SELF.rawValue, &usage)
  // Linux reports ru_maxrss in kilobytes.
  return Double(usage.ru_maxrss) * 1024 / 1e6
}

/// Returns the value of a positive integer option, or `fallback` when it is absent.
func positiveInteger(
  _ arguments: ParsedArguments, _ option: String, default fallback: Int
) throws(UsageError) -> Int {
  guard let text = arguments.value(option) else { return fallback }
  guard let value = Int(text), value > 0 else {
    throw UsageError(message: "\(option) must be a positive whole number, got '\(text)'")
  }
  return value
}

/// Returns `count` standard normal values from a seeded generator, times `scale`.
func normalValues(_ count: Int, _ generator: inout RandomGenerator, scale: Float = 1) -> [Float] {
  (0..<count).map { _ in Float(generator.normal()) * scale }
}

/// Lists the workloads and what each times, for `losslab help bench`.
@Sendable func benchWorkloadList() -> String {
  let width = benchWorkloads.map(\.name.count).max() ?? 0
  return "workloads (all by default), each timed after a warm-up:\n"
    + benchWorkloads.map {
      "  \($0.name.padding(toLength: width + 2, withPad: " ", startingAt: 0))\($0.summary)"
    }.joined(separator: "\n")
    + "\n\nThreads: LOSSLAB_THREADS (default: the number of processors). bench/compare.sh runs "
    + "the same workloads in NumPy, PyTorch and ONNX Runtime and writes BENCHMARKS.md."
}

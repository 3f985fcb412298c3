import LabNN
import LabTensor
import Synchronization

/// A flag that another thread sets to stop a running ``measureModel`` between
/// two runs, such as when a person presses Esc on the architecture screen.
public final class TimingCancellation: Sendable {
  private let flag = Atomic<Bool>(false)

  public init() {}

  public func cancel() { flag.store(true, ordering: .relaxed) }

  public var isCancelled: Bool { flag.load(ordering: .relaxed) }
}

/// How far a measurement has come, reported after every run.
public struct TimingProgress: Sendable, Equatable {
  public enum Phase: String, Sendable {
    case building, warmUp = "warm-up", forward, backward
  }

  public var phase: Phase
  /// Runs finished so far, warm-up included.
  public var completedRuns: Int
  public var totalRuns: Int

  /// The finished share, from 0 to 1.
  public var fraction: Double { totalRuns == 0 ? 1 : Double(completedRuns) / Double(totalRuns) }
}

/// The minimum, median and maximum of repeated measurements, in milliseconds.
public struct DurationSummary: Sendable, Equatable {
  public var min: Double
  public var median: Double
  public var max: Double

  /// Summarises `samples`; the median of an even count is the mean of the two
  /// middle values.
  ///
  /// - Precondition: `samples` is not empty.
  public init(samples: [Double]) {
    precondition(!samples.isEmpty, "DurationSummary: no samples")
    let sorted = samples.sorted()
    let middle = sorted.count / 2
    min = sorted[0]
    max = sorted[sorted.count - 1]
    median = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
  }
}

/// The measured forward time of one layer call.
public struct LayerTiming: Sendable, Equatable {
  public var name: String
  /// The PyTorch class name, such as `Conv2d`.
  public var kind: String
  /// The median over the timed runs. The call that ends a residual block
  /// includes the addition of the shortcut.
  public var milliseconds: Double
  /// Multiply-accumulates of the call for the whole batch.
  public var macs: Int

  public init(name: String, kind: String, milliseconds: Double, macs: Int) {
    self.name = name
    self.kind = kind
    self.milliseconds = milliseconds
    self.macs = macs
  }

  /// 2 × MACs per second, in billions; 0 for layers without MACs.
  public var gflopsPerSecond: Double {
    milliseconds > 0 ? 2 * Double(macs) / (milliseconds * 1e6) : 0
  }
}

/// Measured forward (and backward) times of a network for one input size and batch.
public struct ModelTiming: Sendable, Equatable {
  public var model: String
  /// [N, C, H, W].
  public var input: [Int]
  public var warmUpCount: Int
  public var repeatCount: Int
  public var forward: DurationSummary
  /// The backward pass from the sum of the outputs, after a recorded forward
  /// pass that is not part of this time; nil unless requested.
  public var backward: DurationSummary?
  /// One entry per layer call, in the order of `ModelAccount.layers`.
  public var layers: [LayerTiming]
}

/// A measurement that did not finish.
public enum TimingError: Error, Sendable, Equatable, CustomStringConvertible {
  case cancelled
  case invalidInput(ArchitectureError)

  public var description: String {
    switch self {
    case .cancelled: "timing cancelled"
    case .invalidInput(let error): error.description
    }
  }
}

/// Builds `spec` with seeded weights and measures its forward pass, and with
/// `includesBackward` its backward pass, on a seeded random batch.
///
/// The network runs in evaluation mode (batch norm with running statistics,
/// no dropout). Forward runs record no graph; backward runs record one and
/// take the gradient of the sum of the outputs with respect to every
/// parameter. Call it from a background thread: it blocks until done, calls
/// `progress` on the calling thread after building and after every run, and
/// checks `cancellation` before every run.
///
/// - Parameters:
///   - batchSize: Images per batch; 1 by default.
///   - repeatCount: Timed runs of each pass; 5 by default.
///   - warmUpCount: Untimed forward runs first; 1 by default.
///   - seed: Seeds the weights and the input; 0 by default.
/// - Throws: ``TimingError/invalidInput(_:)`` for an input too small for the
///   network, ``TimingError/cancelled`` when `cancellation` was set.
/// - Precondition: `batchSize` and `repeatCount` are positive and
///   `warmUpCount` is not negative. The caller checks that the batch fits in
///   memory, for example with ``ModelAccount/estimatedForwardBytes(batchSize:)``.
public func measureModel(
  _ spec: ModelSpec, input: InputSize, batchSize: Int = 1, repeatCount: Int = 5,
  warmUpCount: Int = 1, includesBackward: Bool = false, seed: UInt64 = 0,
  cancellation: TimingCancellation? = nil, progress: (TimingProgress) -> Void = { _ in }
) throws(TimingError) -> ModelTiming {
  precondition(batchSize > 0 && repeatCount > 0 && warmUpCount >= 0,
    "measureModel: batch \(batchSize) and repeat count \(repeatCount) must be positive, "
      + "warm-up count \(warmUpCount) not negative")
  let account: ModelAccount
  do {
    account = try spec.account(input: input, batchSize: batchSize)
  } catch {
    throw .invalidInput(error)
  }
  let totalRuns = warmUpCount + repeatCount * (includesBackward ? 2 : 1)
  var completed = 0
  func step(_ phase: TimingProgress.Phase) throws(TimingError) {
    if phase != .building { completed += 1 }
    progress(TimingProgress(phase: phase, completedRuns: completed, totalRuns: totalRuns))
  }
  func checkCancellation() throws(TimingError) {
    if cancellation?.isCancelled == true { throw .cancelled }
  }

  try checkCancellation()
  let network = Network(spec: spec, seed: seed)
  network.setTraining(false)
  var generator = RandomGenerator(seed: seed ^ 0x1A9E)
  let shape = [batchSize, spec.inputChannels, input.height, input.width]
  let images = Tensor(
    shape: shape, data: (0..<shape.reduce(1, *)).map { _ in generator.uniform(0, 1) })
  try step(.building)

  network.setParametersRequireGradient(false)
  for _ in 0..<warmUpCount {
    try checkCancellation()
    _ = network(images)
    try step(.warmUp)
  }
  var forwardTimes: [Double] = []
  var layerTimes = [[Double]](repeating: [], count: account.layers.count)
  for _ in 0..<repeatCount {
    try checkCancellation()
    let times = timedForward(network, images)
    forwardTimes.append(times.total)
    for (index, time) in times.layers.enumerated() where index < layerTimes.count {
      layerTimes[index].append(time)
    }
    try step(.forward)
  }
  var backwardTimes: [Double] = []
  if includesBackward {
    network.setParametersRequireGradient(true)
    for _ in 0..<repeatCount {
      try checkCancellation()
      network.zeroGradients()
      let total = network(images).sum()
      let start = ContinuousClock.now
      total.backward()
      backwardTimes.append(milliseconds(ContinuousClock.now - start))
      try step(.backward)
    }
    network.zeroGradients()
  }
  let layers = account.layers.enumerated().map { index, layer in
    LayerTiming(name: layer.name, kind: layer.kind,
      milliseconds: DurationSummary(samples: layerTimes[index]).median, macs: layer.macs)
  }
  return ModelTiming(
    model: spec.name, input: shape, warmUpCount: warmUpCount, repeatCount: repeatCount,
    forward: DurationSummary(samples: forwardTimes),
    backward: includesBackward ? DurationSummary(samples: backwardTimes) : nil, layers: layers)
}

/// Runs one forward pass and returns its time and each layer call's time, in
/// milliseconds. A call's time is the span since the previous call ended.
private func timedForward(_ network: Network, _ images: Tensor)
  -> (total: Double, layers: [Double])
{
  var layerTimes: [Double] = []
  let start = ContinuousClock.now
  var previous = start
  _ = network.forward(images) { _, _ in
    let now = ContinuousClock.now
    layerTimes.append(milliseconds(now - previous))
    previous = now
  }
  return (milliseconds(previous - start), layerTimes)
}

private func milliseconds(_ duration: Duration) -> Double {
  let (seconds, attoseconds) = duration.components
  return Double(seconds) * 1e3 + Double(attoseconds) * 1e-15
}

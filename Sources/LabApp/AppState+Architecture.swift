import LabModels

/// The quantity of the architecture screen's bar chart.
public enum ArchitectureMetric: String, CaseIterable, Sendable {
  case parameters, macs, activations, time

  /// The chart's title, which names what is counted.
  public var title: String {
    switch self {
    case .parameters: return "Parameters per stage"
    case .macs: return "MACs per stage (conv + linear)"
    case .activations: return "Memory per stage (Float32 out)"
    case .time: return "Forward time per model (ms)"
    }
  }
}

/// The architecture screen: the models compared, the input size and batch, the
/// chart shown and the timing.
public struct ArchitectureState: Sendable, Equatable {
  /// The input sides the left and right keys step through, in pixels.
  public static let inputSides = [32, 64, 96, 128, 160, 192, 224]
  public static let batchSizes = [1, 2, 4, 8, 16, 32, 64]
  /// The pair always compared, stage by stage.
  public static let pair = ["vgg16", "vgg19"]
  /// The models that can be added to the comparison, in catalog order.
  public static let candidates = ModelCatalog.names.filter { !pair.contains($0) }

  public var inputSide = 224
  public var batchSize = 1
  /// The candidates added to the comparison.
  public var addedModels: Set<String> = []
  /// Index into `candidates` of the model that Enter adds or removes.
  public var candidateIndex = 0
  public var metric = ArchitectureMetric.parameters
  public var timing = TimingState()
  /// Whether the lab supplied a forward-pass timer.
  public var isTimingAvailable = false

  public init() {}

  /// The compared models: the pair, then the added ones in catalog order.
  public var models: [String] { Self.pair + Self.candidates.filter(addedModels.contains) }

  public var candidate: String { Self.candidates[candidateIndex] }

  public var input: InputSize { InputSize(height: inputSide, width: inputSide) }

  /// Computes the accounts of the compared models at the current sizes. A model
  /// that rejects the input is left out, which no listed model does from 32×32 up.
  public func accounts() -> [ModelAccount] {
    models.compactMap { name in
      try? ModelCatalog.model(named: name).account(input: input, batchSize: batchSize)
    }
  }
}

extension AppState {
  /// Every key of the architecture screen, as the help screen lists them.
  public static let architectureKeyHelp: [(keys: String, action: String)] = [
    ("← →", "input size: 32 to 224 pixels"),
    ("- +", "batch size: 1 to 64"),
    ("↑ ↓  k j", "choose a model to add or remove"),
    ("Enter  space", "add or remove the chosen model"),
    ("m", "chart: parameters, MACs, memory, time"),
    ("t", "time one forward pass per model"),
    ("Esc", "cancel timing; otherwise back to training"),
    ("a", "back to training"),
    ("e", "loss explainer pages"),
    ("?", "show or hide this help"),
    ("q", "quit"),
  ]

  /// Handles a key on the architecture screen.
  mutating func updateArchitecture(_ key: Key) {
    switch key {
    case .escape:
      if architecture.timing.isRunning {
        architecture.timing.isCancelRequested = true
        message = StatusMessage("cancelling the timing run")
      } else {
        toggleScreen(.architecture)
      }
    case .character("a"): toggleScreen(.architecture)
    case .character("e"): toggleScreen(.explainer)
    case .left: changeInput(sideBy: -1)
    case .right: changeInput(sideBy: 1)
    case .character("-"): changeInput(batchBy: -1)
    case .character("+"), .character("="): changeInput(batchBy: 1)
    case .up, .character("k"), .down, .character("j"):
      let offset = key == .up || key == .character("k") ? -1 : 1
      let count = ArchitectureState.candidates.count
      architecture.candidateIndex = (architecture.candidateIndex + offset + count) % count
      let name = architecture.candidate
      let action = architecture.addedModels.contains(name) ? "removes" : "adds"
      message = StatusMessage("Enter \(action) \(name)")
    case .enter, .character(" "): toggleCandidate()
    case .character("m"):
      let all = ArchitectureMetric.allCases
      architecture.metric = all[(all.firstIndex(of: architecture.metric)! + 1) % all.count]
    case .character("t"): startTiming()
    default: break
    }
  }

  private mutating func toggleCandidate() {
    let name = architecture.candidate
    if architecture.addedModels.remove(name) == nil {
      architecture.addedModels.insert(name)
      message = StatusMessage("added \(name) to the comparison")
    } else {
      message = StatusMessage("removed \(name) from the comparison")
    }
  }

  /// Steps the input side or the batch size, which outdates earlier timings.
  private mutating func changeInput(sideBy sideStep: Int = 0, batchBy batchStep: Int = 0) {
    guard !architecture.timing.isRunning else {
      message = StatusMessage("timing is running; Esc cancels it first", isError: true)
      return
    }
    let sides = ArchitectureState.inputSides
    let batches = ArchitectureState.batchSizes
    let side = sides.firstIndex(of: architecture.inputSide) ?? sides.count - 1
    let batch = batches.firstIndex(of: architecture.batchSize) ?? 0
    architecture.inputSide = sides[min(max(0, side + sideStep), sides.count - 1)]
    architecture.batchSize = batches[min(max(0, batch + batchStep), batches.count - 1)]
    let unit = glyphs.isUnicode ? "×" : "x"
    message = StatusMessage("input \(architecture.inputSide)\(unit)\(architecture.inputSide), "
      + "batch \(architecture.batchSize)")
  }

  private mutating func startTiming() {
    guard architecture.isTimingAvailable else {
      message = StatusMessage("timing needs a forward pass of the convolutional models, "
        + "which this build does not have", isError: true)
      return
    }
    guard !architecture.timing.isRunning else {
      message = StatusMessage("timing is already running; Esc cancels it")
      return
    }
    let request = architecture.timing.begin(models: architecture.models,
      inputSide: architecture.inputSide, batchSize: architecture.batchSize)
    architecture.metric = .time
    message = StatusMessage("timing \(request.models.count) models; Esc cancels")
  }
}

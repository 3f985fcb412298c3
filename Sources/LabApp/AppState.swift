import LabCharts
import LabScenario

/// The panel that arrow keys act on.
public enum Focus: String, CaseIterable, Sendable {
  case scenarios, parameters, chart

  public var title: String {
    switch self {
    case .scenarios: return "Scenarios"
    case .parameters: return "Parameters"
    case .chart: return "Loss"
    }
  }
}

/// A line for the message row: a confirmation, a hint, or an error.
public struct StatusMessage: Equatable, Sendable {
  public var text: String
  public var isError: Bool

  public init(_ text: String, isError: Bool = false) {
    self.text = text
    self.isError = isError
  }
}

/// Everything the lab shows. `update` changes it in response to keys and
/// `render` draws it; neither touches a terminal, so both are testable.
public struct AppState: Sendable {
  /// The scenarios, grouped by loss in the order the list shows them.
  public private(set) var catalog: [ScenarioSpec]
  /// Index into `catalog` of the highlighted scenario.
  public var selected = 0
  /// Index into `catalog` of the open scenario.
  public var openIndex: Int?
  public var focus = Focus.scenarios
  /// The settings the current run trains with, including live changes.
  public var spec: ScenarioSpec?
  /// Settings changed in ways that take effect on the next reset.
  public var pendingSpec: ScenarioSpec?
  /// The parameter the panel highlights, kept by name so it stays highlighted
  /// when a change shows or hides other parameters.
  var highlightedParameter = ParameterPath.learningRate
  /// The text being typed for the highlighted parameter, while editing.
  public var editingText: String?
  public var run: RunSnapshot?
  /// Earlier runs kept for comparison with `run` (key c), oldest first.
  public var comparedRuns: [RunSnapshot] = []
  public var isRunning = false
  /// The reason the open scenario could not start, such as a malformed data file.
  public var failure: String?
  public var isLogScale = false
  /// Whether the chart shows the task's validation metric (RMSE, accuracy,
  /// recall@1, PSNR) rather than the loss. Key m switches.
  public var chartsMetric = false
  /// Whether the loss chart and the task view fill the screen (key p), for a
  /// projector: the scenario and parameter panels are hidden.
  public var isPresenting = false
  public var isHelpVisible = false
  public var message: StatusMessage?
  public var glyphs: GlyphSet
  /// Whether photos and heat maps are drawn in 24-bit or 256-colour cells.
  /// False draws photos as a grey ramp of shade characters, for terminals
  /// with fewer than 256 colours and for `NO_COLOR`. True by default.
  public var showsImageColor = true
  public var shouldQuit = false
  /// The screen shown: training (the default), architectures or the loss explainer.
  public var screen = LabScreen.training
  public var architecture = ArchitectureState()
  public var explainer = ExplainerState()
  /// The script being played as a lesson (key L), nil outside a lesson.
  public internal(set) var lesson: LessonState?

  /// The parameters the panel lists, in order.
  public static let parameters: [ParameterPath] = [
    .learningRate, .optimizer, .momentum, .batchSize, .hidden, .stepCount, .evaluationInterval,
    .speed, .noise, .validationFraction, .sampleCount, .seed, .loss, .delta, .beta,
    .labelSmoothing, .classWeights, .positiveWeight, .task, .weightDecay, .schedule,
    .scheduleStepSize, .scheduleGamma, .warmupSteps, .features, .classCount, .lags, .outliers,
    .margin, .miner, .distance, .embeddingSize, .classesPerBatch, .samplesPerClass, .identities,
    .samplesPerIdentity, .variation,
    .pixelLoss, .perceptualWeight, .vggLayers, .vggWeights, .imageTask, .imageFactor,
    .imageNoise, .imageMask, .imageSize, .photos, .validationPhotos, .stylePhoto, .styleWeight,
    .styleLayers, .totalVariationWeight, .adversarialWeight,
  ]

  public init(catalog: [ScenarioSpec], glyphs: GlyphSet = .unicode) {
    self.catalog = catalog.sorted { left, right in
      let groups = LossKind.allCases
      let (a, b) = (groups.firstIndex(of: left.loss)!, groups.firstIndex(of: right.loss)!)
      return a != b ? a < b : left.title < right.title
    }
    self.glyphs = glyphs
  }

  /// The settings the parameter panel shows: pending changes over the live ones.
  public var draft: ScenarioSpec? { pendingSpec ?? spec }

  /// The parameters that apply to the draft settings, in panel order: every
  /// one before a scenario is open. The panel lists only these, so an image
  /// scenario does not bury its settings under forty that do not apply.
  public var visibleParameters: [ParameterPath] {
    guard let draft else { return Self.parameters }
    return Self.parameters.filter { $0.applies(to: draft) }
  }

  /// The position of the highlighted parameter in `visibleParameters`. When
  /// the highlighted one no longer applies, the next one that does; setting
  /// it clamps to the list.
  public var parameterIndex: Int {
    get {
      let visible = visibleParameters
      if let index = visible.firstIndex(of: highlightedParameter) { return index }
      let order = Self.parameters.firstIndex(of: highlightedParameter) ?? 0
      let next = visible.firstIndex { (Self.parameters.firstIndex(of: $0) ?? 0) > order }
      return next ?? max(0, visible.count - 1)
    }
    set {
      let visible = visibleParameters
      guard !visible.isEmpty else { return }
      highlightedParameter = visible[min(max(0, newValue), visible.count - 1)]
    }
  }

  public var selectedParameter: ParameterPath {
    let visible = visibleParameters
    return visible.isEmpty ? highlightedParameter : visible[parameterIndex]
  }

  /// Selects the scenario with `id`, if the catalog has it.
  @discardableResult
  public mutating func select(id: String) -> Bool {
    guard let index = catalog.firstIndex(where: { $0.id == id }) else { return false }
    selected = index
    return true
  }
}

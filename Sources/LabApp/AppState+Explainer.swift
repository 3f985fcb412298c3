import LabScenario

/// The losses the explainer has a page for, in page order, by PyTorch's names.
public enum ExplainedLoss: String, CaseIterable, Sendable {
  case mse, l1, huber
  case smoothL1 = "smooth_l1"
  case crossEntropy = "cross_entropy"
  case bceWithLogits = "bce_with_logits"
  case tripletMargin = "triplet_margin"
  /// The perceptual, Gram style and total variation losses, on one page of
  /// text: they compare VGG features of whole images, so no curve over one
  /// prediction shows them.
  case perceptual

  /// Creates the page of a scenario's loss.
  init(_ loss: LossKind) {
    switch loss {
    case .mse: self = .mse
    case .l1: self = .l1
    case .huber: self = .huber
    case .smoothL1: self = .smoothL1
    case .crossEntropy: self = .crossEntropy
    case .bceWithLogits: self = .bceWithLogits
    case .triplet: self = .tripletMargin
    case .perceptual: self = .perceptual
    }
  }
}

/// An option of a loss that the explainer lets a person change, with the
/// values it steps through.
public struct LossOption: Sendable, Equatable {
  /// PyTorch's name of the option, such as `delta`.
  public var name: String
  /// A short description of the option, shown beside its name.
  public var meaning: String
  public var choices: [Double]
  /// Index into `choices` of the current value.
  public var index: Int

  public init(_ name: String, meaning: String, choices: [Double], initial: Double) {
    self.name = name
    self.meaning = meaning
    self.choices = choices
    self.index = choices.firstIndex(of: initial) ?? 0
  }

  public var value: Double { choices[index] }
}

extension ExplainedLoss {
  /// The options the page can change, at PyTorch's defaults where it has one.
  public var defaultOptions: [LossOption] {
    switch self {
    case .mse, .l1, .perceptual: return []
    case .huber:
      return [LossOption("delta", meaning: "where quadratic turns linear",
        choices: [0.25, 0.5, 1, 2, 3], initial: 1)]
    case .smoothL1:
      return [LossOption("beta", meaning: "where quadratic turns linear",
        choices: [0, 0.25, 0.5, 1, 2, 3], initial: 1)]
    case .crossEntropy:
      return [
        LossOption("label_smoothing", meaning: "mass ε spread over all classes",
          choices: [0, 0.05, 0.1, 0.2, 0.5], initial: 0),
        LossOption("classes", meaning: "C; the other logits are 0",
          choices: [2, 3, 10, 100], initial: 3),
      ]
    case .bceWithLogits:
      return [
        LossOption("pos_weight", meaning: "weight of the positive term",
          choices: [0.25, 0.5, 1, 2, 4, 10], initial: 1),
        LossOption("target", meaning: "y, the label", choices: [1, 0, 0.5], initial: 1),
      ]
    case .tripletMargin:
      return [LossOption("margin", meaning: "gap wanted between d(a,n) and d(a,p)",
        choices: [0.1, 0.2, 0.5, 1, 2], initial: 1)]
    }
  }
}

/// The explainer's page, highlighted option and option values.
public struct ExplainerState: Sendable, Equatable {
  public var page = ExplainedLoss.mse
  /// Index into the page's options of the highlighted one.
  public var optionIndex = 0
  /// The options of every page, kept while a person moves between pages.
  public var options: [ExplainedLoss: [LossOption]]
  /// The first line of the page text shown, for pages longer than the screen.
  public var textOffset = 0

  /// The lines Page Down scrolls the text by.
  static let scrollStep = 8

  public init() {
    options = Dictionary(uniqueKeysWithValues: ExplainedLoss.allCases.map {
      ($0, $0.defaultOptions)
    })
  }

  /// The options of the current page.
  public var pageOptions: [LossOption] { options[page] ?? [] }

  /// Returns the value of option `name` of the current page, nil if it has none.
  public func value(of name: String) -> Double? {
    pageOptions.first { $0.name == name }?.value
  }

  mutating func movePage(by offset: Int) {
    let all = ExplainedLoss.allCases
    let index = all.firstIndex(of: page)!
    page = all[(index + offset + all.count) % all.count]
    optionIndex = 0
    textOffset = 0
  }

  /// Steps the highlighted option by `offset` choices, stopping at the ends.
  /// Returns the option after the change, or nil when the page has none.
  mutating func stepOption(by offset: Int) -> LossOption? {
    guard var list = options[page], list.indices.contains(optionIndex) else { return nil }
    let option = list[optionIndex]
    list[optionIndex].index = min(max(0, option.index + offset), option.choices.count - 1)
    options[page] = list
    return list[optionIndex]
  }

  /// Moves to the next value of the highlighted option, from the last back to the first.
  mutating func cycleOption() -> LossOption? {
    guard var list = options[page], list.indices.contains(optionIndex) else { return nil }
    list[optionIndex].index = (list[optionIndex].index + 1) % list[optionIndex].choices.count
    options[page] = list
    return list[optionIndex]
  }
}

extension AppState {
  /// Every key of the explainer pages, as the help screen lists them.
  public static let explainerKeyHelp: [(keys: String, action: String)] = [
    ("← →  Tab", "previous or next loss page"),
    ("↑ ↓  k j", "highlight an option of the page"),
    ("- +", "lower or raise the highlighted option"),
    ("o", "cycle the highlighted option through its values"),
    ("PgUp PgDn", "scroll a page text that does not fit"),
    ("e  Esc", "back to training"),
    ("a", "architecture screen"),
    ("?", "show or hide this help"),
    ("q", "quit"),
  ]

  /// Handles a key on the explainer pages.
  mutating func updateExplainer(_ key: Key) {
    switch key {
    case .character("e"), .escape: toggleScreen(.explainer)
    case .character("a"): toggleScreen(.architecture)
    case .left, .backTab: explainer.movePage(by: -1)
    case .right, .tab: explainer.movePage(by: 1)
    case .up, .character("k"):
      explainer.optionIndex = max(0, explainer.optionIndex - 1)
    case .down, .character("j"):
      explainer.optionIndex = min(max(0, explainer.pageOptions.count - 1),
        explainer.optionIndex + 1)
    case .character("-"): reportOption(explainer.stepOption(by: -1))
    case .character("+"), .character("="): reportOption(explainer.stepOption(by: 1))
    case .character("o"): reportOption(explainer.cycleOption())
    case .pageDown:
      // The narrowest text column (a 96-column screen) wraps into the most lines.
      let lineCount = pageTextLines(width: 45).count
      explainer.textOffset = min(explainer.textOffset + ExplainerState.scrollStep,
        max(0, lineCount - 1))
    case .pageUp: explainer.textOffset = max(0, explainer.textOffset - ExplainerState.scrollStep)
    default: break
    }
  }

  private mutating func reportOption(_ option: LossOption?) {
    guard let option else {
      message = StatusMessage("\(explainer.page.rawValue) has no options to change here")
      return
    }
    message = StatusMessage("\(option.name) set to \(formatOption(option.value))")
  }
}

/// Formats an option value without trailing zeros: `1`, `0.25`.
func formatOption(_ value: Double) -> String {
  value == value.rounded() && abs(value) < 1e9 ? String(Int(value)) : String(value)
}

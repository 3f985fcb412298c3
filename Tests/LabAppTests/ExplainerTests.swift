import LabCharts
import LabNN
import LabTensor
import Testing

@testable import LabApp
@testable import LabScenario

@Suite struct ExplainerTests {
  func explainerState(glyphs: GlyphSet = .unicode) -> AppState {
    var state = AppState(catalog: AppStateTests.catalog, glyphs: glyphs)
    _ = state.update(.character("e"))
    return state
  }

  func state(on page: ExplainedLoss, glyphs: GlyphSet = .unicode) -> AppState {
    var state = explainerState(glyphs: glyphs)
    state.explainer.page = page
    return state
  }

  @Test func keyEOpensAndEscapeCloses() {
    var state = explainerState()
    #expect(state.screen == .explainer)
    _ = state.update(.escape)
    #expect(state.screen == .training)
    _ = state.update(.character("e"))
    _ = state.update(.character("e"))
    #expect(state.screen == .training)
  }

  @Test func arrowsAndTabMoveBetweenPagesAndWrap() {
    var state = explainerState()
    _ = state.update(.right)
    #expect(state.explainer.page == .l1)
    _ = state.update(.tab)
    #expect(state.explainer.page == .huber)
    _ = state.update(.backTab)
    _ = state.update(.left)
    _ = state.update(.left)
    #expect(state.explainer.page == .perceptual)
  }

  @Test func plusMinusAndOChangeTheHighlightedOption() {
    var state = state(on: .huber)
    #expect(state.explainer.value(of: "delta") == 1)
    _ = state.update(.character("+"))
    #expect(state.explainer.value(of: "delta") == 2)
    #expect(state.message == StatusMessage("delta set to 2"))
    _ = state.update(.character("-"))
    _ = state.update(.character("-"))
    #expect(state.explainer.value(of: "delta") == 0.5)
    _ = state.update(.character("o"))
    #expect(state.explainer.value(of: "delta") == 1)
    for _ in 0..<3 { _ = state.update(.character("o")) }
    #expect(state.explainer.value(of: "delta") == 0.25)
  }

  @Test func upAndDownChooseAmongOptions() {
    var state = state(on: .bceWithLogits)
    _ = state.update(.down)
    #expect(state.explainer.optionIndex == 1)
    _ = state.update(.down)
    #expect(state.explainer.optionIndex == 1)
    _ = state.update(.character("o"))
    #expect(state.explainer.value(of: "target") == 0)
    #expect(state.explainer.value(of: "pos_weight") == 1)
    _ = state.update(.character("k"))
    #expect(state.explainer.optionIndex == 0)
  }

  @Test func optionsSurviveLeavingThePage() {
    var state = state(on: .tripletMargin)
    _ = state.update(.character("-"))
    _ = state.update(.right)
    _ = state.update(.left)
    #expect(state.explainer.value(of: "margin") == 0.5)
  }

  @Test func pageKeysScrollLongTextWithinBounds() {
    var state = state(on: .crossEntropy)
    let before = state.render(width: 80, height: 24)
    #expect(before.text().contains("PgDn more"))
    #expect(!before.text().contains("the loss never reaches 0"))
    _ = state.update(.pageDown)
    #expect(state.explainer.textOffset == 8)
    let after = state.render(width: 80, height: 24).text()
    #expect(after.contains("the loss never reaches 0"))
    #expect(after.contains("PgUp"))
    for _ in 0..<20 { _ = state.update(.pageDown) }
    let lineCount = state.pageTextLines(width: 45).count
    #expect(state.explainer.textOffset == lineCount - 1)
    for _ in 0..<20 { _ = state.update(.pageUp) }
    #expect(state.explainer.textOffset == 0)
    _ = state.update(.pageDown)
    _ = state.update(.right)
    #expect(state.explainer.textOffset == 0)
  }

  @Test func pageKeysHaveScriptNames() {
    #expect(Key(name: "pagedown") == .pageDown)
    #expect(Key(name: "pageup") == .pageUp)
  }

  @Test func pageWithoutOptionsSaysSo() {
    var state = explainerState()
    _ = state.update(.character("+"))
    #expect(state.message == StatusMessage("mse has no options to change here"))
  }

  /// Computes the loss and gradient at one point here from single-element
  /// LabNN calls, independently of the batched curve.
  func reference(_ page: ExplainedLoss, at x: Float, options: [LossOption]) throws
    -> (loss: Float, gradient: Float)
  {
    func value(_ name: String) -> Float {
      Float(options.first { $0.name == name }!.value)
    }
    switch page {
    case .mse, .l1, .huber, .smoothL1:
      let input = Tensor(shape: [1], data: [x], requiresGradient: true)
      let target = Tensor(shape: [1], data: [0])
      let loss: Tensor
      switch page {
      case .mse: loss = try meanSquaredError(predicted: input, expected: target)
      case .l1: loss = try l1Loss(predicted: input, expected: target)
      case .huber: loss = try huberLoss(predicted: input, expected: target, delta: value("delta"))
      default: loss = try smoothL1Loss(predicted: input, expected: target, beta: value("beta"))
      }
      loss.backward()
      return (loss.data[0], input.gradient![0])
    case .crossEntropy:
      let classes = Int(value("classes"))
      var row = [Float](repeating: 0, count: classes)
      row[0] = x
      let input = Tensor(shape: [1, classes], data: row, requiresGradient: true)
      let loss = try crossEntropy(logits: input, classIndices: ClassIndices(shape: [1],
        values: [0]), labelSmoothing: value("label_smoothing"))
      loss.backward()
      return (loss.data[0], input.gradient![0])
    case .bceWithLogits:
      let input = Tensor(shape: [1], data: [x], requiresGradient: true)
      let loss = try binaryCrossEntropyWithLogits(logits: input,
        targets: Tensor(shape: [1], data: [value("target")]),
        positiveWeight: Tensor(shape: [1], data: [value("pos_weight")]))
      loss.backward()
      return (loss.data[0], input.gradient![0])
    case .tripletMargin:
      // x = d(a,p) − d(a,n) with a = 0 and n = 3, so p = x + 3 up to ε.
      let positive = Tensor(shape: [1], data: [x + 3], requiresGradient: true)
      let loss = try tripletMarginLoss(anchor: Tensor(shape: [1], data: [0]),
        positive: positive, negative: Tensor(shape: [1], data: [3]), margin: value("margin"))
      loss.backward()
      return (loss.data[0], positive.gradient![0])
    case .perceptual:
      return (.nan, .nan)
    }
  }

  @Test(arguments: ExplainedLoss.allCases.filter { $0 != .perceptual })
  func plottedValuesAreTheLibraryValues(page: ExplainedLoss) throws {
    var options = page.defaultOptions
    for index in options.indices { options[index].index = options[index].choices.count - 1 }
    for chosen in [page.defaultOptions, options] {
      let curve = try #require(page.curve(options: chosen, sampleCount: 41))
      #expect(curve.xs.count == 41)
      #expect(curve.losses.count == 41)
      #expect(curve.gradients.count == 41)
      for index in [1, 7, 13, 20, 29, 39] {
        let expected = try reference(page, at: Float(curve.xs[index]), options: chosen)
        #expect(abs(Float(curve.losses[index]) - expected.loss)
          <= 1e-5 * max(1, abs(expected.loss)), "\(page) loss at \(curve.xs[index])")
        #expect(abs(Float(curve.gradients[index]) - expected.gradient)
          <= 1e-4 * max(1, abs(expected.gradient)), "\(page) gradient at \(curve.xs[index])")
      }
    }
  }

  @Test func huberCurveHasItsKnownShape() throws {
    let curve = try #require(ExplainedLoss.huber.curve(options: ExplainedLoss.huber
      .defaultOptions, sampleCount: 7))
    #expect(curve.xs == [-3, -2, -1, 0, 1, 2, 3])
    #expect(curve.losses == [2.5, 1.5, 0.5, 0, 0.5, 1.5, 2.5])
    #expect(curve.gradients == [-1, -1, -1, 0, 1, 1, 1])
  }

  @Test func perceptualPageHasNoPlot() {
    #expect(ExplainedLoss.perceptual.curve(options: []) == nil)
    let text = state(on: .perceptual).render(width: 100, height: 30).text()
    #expect(text.contains("no curve over one"))
    #expect(!text.contains("does not compute"))
  }

  @Test func explainerOpensOnScenarioLoss() throws {
    var spec = ScenarioReader.defaultSpec(path: "scenarios/x.json")
    try ParameterPath.loss.apply("huber", to: &spec)
    var state = AppState(catalog: [spec])
    _ = state.update(.enter)
    _ = state.update(.character("e"))
    #expect(state.screen == .explainer)
    #expect(state.explainer.page == .huber)
  }

  @Test func everyPageNamesUsesAndTheKnownFaults() {
    let pages = ExplainedLoss.allCases.map(\.page)
    let all = pages.flatMap { [$0.usedFor] + $0.pitfalls }.joined(separator: " ")
    for phrase in [
      "prices and measurements", "images, text and diagnoses", "face recognition",
      "recommendation and retrieval", "super-resolution, style transfer, denoising and GAN",
      "1.05983, not 5.29916", "[N,1] against [N]", "exp(100)", "1.41421e-6",
      "(554.7,567.2,564.9)", "(−2.118,−2.036,2.640)",
    ] {
      #expect(all.contains(phrase), "\(phrase)")
    }
  }

  @Test func widePageShowsFormulaGradientAndPlot() {
    var state = state(on: .huber)
    _ = state.update(.character("+"))
    state.message = nil
    let buffer = state.render(width: 100, height: 30)
    let text = buffer.text()
    #expect(buffer.row(0).hasPrefix(" LossLab  •  Loss explainer  3/8  huber"))
    #expect(text.contains("ℓ = ½d²            if |d| < δ"))
    #expect(text.contains("∂ℓ/∂x = d if |d| < δ, else δ·sign(d)"))
    #expect(text.contains("▶ delta = 2"))
    #expect(buffer.row(29).hasPrefix(" huber  •  delta 2  •  plot: LabNN huber"))
    expectSnapshot(buffer, named: "explainer-huber-100x30")
  }

  @Test func crossEntropyPageAtTheSmallSize() {
    let buffer = state(on: .crossEntropy).render(width: 60, height: 20)
    #expect(buffer.text().contains("qₖ = (1 − ε)·[k = y] + ε/C"))
    expectSnapshot(buffer, named: "explainer-cross-entropy-60x20")
  }

  @Test func asciiPagesUseOnlyAscii() {
    for page in ExplainedLoss.allCases {
      for size in [(100, 30), (60, 20)] {
        let buffer = state(on: page, glyphs: .ascii).render(width: size.0, height: size.1)
        let wide = buffer.cells.filter { !$0.character.isASCII }
        #expect(wide.isEmpty, "\(page): non-ASCII \(Set(wide.map(\.character)))")
      }
    }
    expectSnapshot(state(on: .tripletMargin, glyphs: .ascii).render(width: 100, height: 30),
      named: "explainer-triplet-ascii-100x30")
  }

  @Test func belowTheMinimumShowsBothSizes() {
    let buffer = explainerState().render(width: 60, height: 19)
    #expect(buffer.text().contains("terminal too small"))
    #expect(buffer.text().contains("need 60×20"))
  }

  @Test(arguments: [(0, 0), (2, 1), (60, 20), (95, 24), (96, 24), (250, 80)])
  func everyPageRendersAtAnySize(width: Int, height: Int) {
    for page in ExplainedLoss.allCases {
      let buffer = state(on: page).render(width: width, height: height)
      #expect(buffer.width == width)
      #expect(buffer.height == height)
    }
  }

  @Test func helpListsTheExplainerKeys() {
    var state = explainerState()
    _ = state.update(.character("?"))
    let text = state.render(width: 100, height: 30).text()
    for entry in AppState.explainerKeyHelp { #expect(text.contains(entry.action)) }
  }

  @Test func quitWorksOnTheSideScreens() {
    var state = explainerState()
    #expect(state.update(.character("q")) == [.pause])
    #expect(state.shouldQuit)
  }

  @Test func asciiTextSpellsOutSymbols() {
    #expect(asciiText("ℓ = ½d²/β, ∂ℓ/∂x ≈ σ(x)") == "l = 1/2d^2/beta, dl/dx ~ sigmoid(x)")
    #expect(asciiText("日本") == "??")
  }
}

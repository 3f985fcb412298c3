import LabCharts
import Testing

@testable import LabApp
@testable import LabScenario

@Suite struct AppStateTests {
  static func spec(_ id: String, title: String) -> ScenarioSpec {
    var spec = ScenarioReader.defaultSpec(path: "scenarios/\(id).json")
    spec.title = title
    spec.data.sampleCount = 100
    spec.training.stepCount = 50
    return spec
  }

  static let catalog = [spec("b", title: "Beta"), spec("a", title: "Alpha")]

  func openState() -> AppState {
    var state = AppState(catalog: Self.catalog)
    _ = state.update(.enter)
    state.focus = .parameters
    return state
  }

  @Test func catalogSortsByLossThenTitle() {
    let state = AppState(catalog: Self.catalog)
    #expect(state.catalog.map(\.title) == ["Alpha", "Beta"])
    #expect(state.selected == 0)
  }

  @Test func enterOpensSelectedScenario() {
    var state = AppState(catalog: Self.catalog)
    _ = state.update(.down)
    let commands = state.update(.enter)
    #expect(commands == [.start(state.catalog[1])])
    #expect(state.openIndex == 1)
    #expect(state.spec?.title == "Beta")
  }

  @Test func vimKeysMoveLikeArrows() {
    var state = AppState(catalog: Self.catalog)
    _ = state.update(.character("j"))
    #expect(state.selected == 1)
    _ = state.update(.character("k"))
    #expect(state.selected == 0)
    _ = state.update(.character("k"))
    #expect(state.selected == 0)
  }

  @Test func spaceTogglesRunning() {
    var state = openState()
    #expect(state.update(.character(" ")) == [.run])
    #expect(state.isRunning)
    #expect(state.update(.character(" ")) == [.pause])
    #expect(!state.isRunning)
  }

  @Test func tabCyclesFocus() {
    var state = AppState(catalog: Self.catalog)
    _ = state.update(.tab)
    #expect(state.focus == .parameters)
    _ = state.update(.tab)
    #expect(state.focus == .chart)
    _ = state.update(.tab)
    #expect(state.focus == .scenarios)
    _ = state.update(.backTab)
    #expect(state.focus == .chart)
  }

  @Test func rightArrowRaisesLearningRateLive() {
    var state = openState()
    let commands = state.update(.right)
    #expect(state.spec?.optimizer.learningRate == 0.02)
    #expect(commands == [.applyLive(state.spec!)])
    #expect(state.message == StatusMessage("learning rate set to 0.02"))
  }

  @Test func typedInvalidValueIsRejected() {
    var state = openState()
    let before = state.spec
    _ = state.update(.enter)
    for character in "fast" { _ = state.update(.character(character)) }
    let commands = state.update(.enter)
    #expect(commands.isEmpty)
    #expect(state.spec == before)
    #expect(state.message?.isError == true)
    #expect(state.message?.text == "learning rate: invalid value 'fast'; enter a number from "
      + "1e-08 to 10, such as 0.001")
  }

  @Test func typedValueIsApplied() {
    var state = openState()
    _ = state.update(.enter)
    for character in "0.5" { _ = state.update(.character(character)) }
    _ = state.update(.backspace)
    _ = state.update(.character("2"))
    _ = state.update(.enter)
    #expect(state.spec?.optimizer.learningRate == 0.2)
    #expect(state.editingText == nil)
  }

  @Test func modelChangeWaitsForReset() {
    var state = openState()
    state.parameterIndex = state.visibleParameters.firstIndex(of: .hidden)!
    let commands = state.update(.right)
    #expect(commands.isEmpty)
    #expect(state.spec?.model.hidden == [32, 32])
    #expect(state.pendingSpec?.model.hidden == [64, 64])
    #expect(state.message?.text.hasSuffix("changes the data or model; press r to reset") == true)
    let reset = state.update(.character("r"))
    #expect(reset == [.start(state.spec!)])
    #expect(state.spec?.model.hidden == [64, 64])
    #expect(state.pendingSpec == nil)
  }

  @Test func samplesRejectedForFileData() {
    var spec = Self.spec("c", title: "CSV")
    spec.data.source = .csv(path: "data/c.csv", target: "y")
    var state = AppState(catalog: [spec])
    _ = state.update(.enter)
    let commands = state.setParameter(.sampleCount, to: "1000")
    #expect(commands.isEmpty)
    #expect(state.pendingSpec == nil)
    #expect(state.spec?.data.sampleCount == 100)
    #expect(state.message == StatusMessage(
      "samples applies only to generated data; this scenario reads a file", isError: true))
  }

  @Test func helpListsEveryKeyAndClosesOnAnyKey() {
    var state = AppState(catalog: Self.catalog)
    _ = state.update(.character("?"))
    let screen = state.render(width: 100, height: 30).text()
    for entry in AppState.keyHelp { #expect(screen.contains(entry.action)) }
    _ = state.update(.character("x"))
    #expect(!state.isHelpVisible)
  }

  @Test func quitStopsTraining() {
    var state = openState()
    #expect(state.update(.character("q")) == [.pause])
    #expect(state.shouldQuit)
  }

  @Test func presentationKeyHidesThePanels() {
    var state = openState()
    _ = state.update(.character("p"))
    #expect(state.isPresenting)

    let screen = (0..<30).map { state.render(width: 100, height: 30).row($0) }
    #expect(!screen.contains { $0.contains("Scenarios") })
    #expect(!screen.contains { $0.contains("Parameters") })
    #expect(screen[1].hasPrefix("┌ Loss "))
    #expect(screen[1].hasSuffix("┐"))

    _ = state.update(.character("p"))
    #expect(!state.isPresenting)
    #expect(state.render(width: 100, height: 30).row(1).contains("Scenarios"))
  }

  @Test func logKeyTogglesScale() {
    var state = openState()
    _ = state.update(.character("l"))
    #expect(state.isLogScale)
    _ = state.update(.character("l"))
    #expect(!state.isLogScale)
  }
}

@Suite struct AppRenderTests {
  @Test func metricKeyChartsTaskMetric() {
    var replay = Replay(spec: AppStateTests.catalog[1], catalog: AppStateTests.catalog)
    replay.press(.enter)
    replay.train(steps: 50)
    replay.press(.character("m"))
    #expect(replay.state.chartsMetric)
    let screen = replay.state.render(width: 100, height: 30).text()
    #expect(screen.contains("val RMSE"))
    #expect(!screen.contains("mse loss"))
    replay.press(.character("m"))
    #expect(!replay.state.chartsMetric)
  }

  @Test func liveChangeAfterFinishWaits() {
    var replay = Replay(spec: AppStateTests.catalog[1], catalog: AppStateTests.catalog)
    replay.press(.enter)
    replay.train(steps: 50)
    let trained = replay.state.spec
    replay.press(.tab)
    replay.press(.right)
    #expect(replay.state.selectedParameter == .learningRate)
    #expect(replay.state.spec == trained)
    #expect(replay.state.pendingSpec != nil)
    #expect(replay.state.message?.text.contains("the run has finished") == true)
  }

  @Test func tooSmallScreenNamesBothSizes() {
    let state = AppState(catalog: AppStateTests.catalog)
    let buffer = state.render(width: 30, height: 6)
    #expect(buffer.row(1) == "      terminal too small      ")
    #expect(buffer.row(2) == "          need 80×24          ")
    #expect(buffer.row(3) == "          have 30×6           ")
  }

  @Test(arguments: [(0, 0), (1, 1), (20, 5), (79, 24), (80, 23), (80, 24), (300, 100)])
  func anySizeRenders(width: Int, height: Int) {
    var state = AppState(catalog: AppStateTests.catalog)
    _ = state.update(.enter)
    let buffer = state.render(width: width, height: height)
    #expect(buffer.width == width)
    #expect(buffer.height == height)
  }

  @Test func asciiGlyphsUseNoOtherCharacters() {
    var state = AppState(catalog: AppStateTests.catalog, glyphs: .ascii)
    _ = state.update(.enter)
    _ = state.update(.character("?"))
    let buffer = state.render(width: 80, height: 24)
    let wide = buffer.cells.filter { !$0.character.isASCII }
    #expect(wide.isEmpty, "non-ASCII: \(Set(wide.map(\.character)))")
  }

  @Test func statusLineNamesStepAndMetric() throws {
    var replay = Replay(spec: AppStateTests.catalog[1], catalog: AppStateTests.catalog)
    replay.press(.enter)
    replay.train(steps: 20)
    let status = replay.state.statusText()
    #expect(status.hasPrefix("step 20/50  •  paused  •  train "))
    #expect(status.contains("  •  val "))
    #expect(status.contains("RMSE "))
  }
}

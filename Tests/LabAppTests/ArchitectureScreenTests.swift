import LabCharts
import LabModels
import Testing

@testable import LabApp

@Suite struct ArchitectureScreenTests {
  func architectureState(glyphs: GlyphSet = .unicode) -> AppState {
    var state = AppState(catalog: AppStateTests.catalog, glyphs: glyphs)
    _ = state.update(.character("a"))
    return state
  }

  @Test func keyAOpensAndClosesTheScreen() {
    var state = architectureState()
    #expect(state.screen == .architecture)
    _ = state.update(.character("a"))
    #expect(state.screen == .training)
    _ = state.update(.character("a"))
    _ = state.update(.escape)
    #expect(state.screen == .training)
  }

  @Test func arrowsStepTheInputSideWithinRange() {
    var state = architectureState()
    _ = state.update(.right)
    #expect(state.architecture.inputSide == 224)
    _ = state.update(.left)
    #expect(state.architecture.inputSide == 192)
    for _ in 0..<10 { _ = state.update(.left) }
    #expect(state.architecture.inputSide == 32)
    #expect(state.screen == .architecture)
    #expect(state.message == StatusMessage("input 32×32, batch 1"))
  }

  @Test func minusAndPlusStepTheBatchSize() {
    var state = architectureState()
    _ = state.update(.character("-"))
    #expect(state.architecture.batchSize == 1)
    _ = state.update(.character("+"))
    _ = state.update(.character("="))
    #expect(state.architecture.batchSize == 4)
    for _ in 0..<10 { _ = state.update(.character("+")) }
    #expect(state.architecture.batchSize == 64)
  }

  @Test func enterAddsAndRemovesTheChosenModel() {
    var state = architectureState()
    #expect(state.architecture.models == ["vgg16", "vgg19"])
    _ = state.update(.up)
    #expect(state.architecture.candidate == "resnet50")
    _ = state.update(.enter)
    _ = state.update(.character("j"))
    #expect(state.architecture.candidate == "vgg11")
    _ = state.update(.character(" "))
    #expect(state.architecture.models == ["vgg16", "vgg19", "vgg11", "resnet50"])
    _ = state.update(.enter)
    #expect(state.architecture.models == ["vgg16", "vgg19", "resnet50"])
    #expect(state.message == StatusMessage("removed vgg11 from the comparison"))
  }

  @Test func mCyclesTheChartMetric() {
    var state = architectureState()
    let seen = (0..<4).map { _ in
      defer { _ = state.update(.character("m")) }
      return state.architecture.metric
    }
    #expect(seen == ArchitectureMetric.allCases)
    #expect(state.architecture.metric == .parameters)
  }

  @Test func timingWithoutATimerSaysWhy() {
    var state = architectureState()
    _ = state.update(.character("t"))
    #expect(state.architecture.timing.phase == .idle)
    #expect(state.message?.isError == true)
    #expect(state.message?.text.contains("forward pass") == true)
  }

  @Test func timingKeyRequestsAndEscapeCancels() {
    var state = architectureState()
    state.architecture.isTimingAvailable = true
    _ = state.update(.character("t"))
    #expect(state.architecture.timing.isRunning)
    let request = state.architecture.timing.takePendingRequest()
    #expect(request?.models == ["vgg16", "vgg19"])
    #expect(request?.inputSide == 224)
    #expect(state.architecture.timing.takePendingRequest() == nil)
    _ = state.update(.left)
    #expect(state.architecture.inputSide == 224)
    _ = state.update(.escape)
    #expect(state.architecture.timing.isCancelRequested)
    #expect(state.screen == .architecture)
  }

  @Test func theStatusLineNamesBothTotalsAndWhatTheyCount() {
    let state = architectureState()
    #expect(state.architectureStatusText() == "VGG-16 138,357,544 params, 15.5G MACs  •  "
      + "VGG-19 143,667,240 params, 19.6G MACs  •  MACs: conv + linear")
  }

  @Test func theExplanationUsesComputedDifferences() {
    let lines = ArchitectureNotes.explanation(for: ArchitectureState())
    #expect(lines[0].contains("+5.3M parameters, +4.2G MACs at 224×224, batch 1"))
    #expect(lines[0].contains("+0.784 top-1"))
    #expect(lines[1].contains("ResNet-50: 76.130 top-1 with 25.6M parameters"))
    #expect(lines[1].contains("(102.8M parameters)"))
  }

  @Test func everyModelHasAPublishedAccuracy() {
    for name in ModelCatalog.names {
      #expect(ArchitectureNotes.topOneAccuracy[name] != nil, "\(name)")
    }
  }

  @Test func wideScreenShowsTablesTotalsAndSource() {
    let buffer = architectureState().render(width: 100, height: 30)
    let text = buffer.text()
    #expect(buffer.row(0).hasPrefix(" LossLab  •  Architectures  input 224×224  batch 1"))
    #expect(buffer.row(1).hasPrefix("┌ VGG-16 vs VGG-19 by stage "))
    #expect(text.contains("│ stage5       3/4 512     7×7     7.1M     9.4M   1.4G   1.8G │"))
    #expect(text.contains("│VGG-16 138,357,544    14.7M     123.6M 15.5G 114.7MB  71.592"))
    #expect(text.contains("top-1: torchvision model documentation, IMAGENET1K_V1 weights"))
    #expect(text.contains("Parameters per stage"))
    expectSnapshot(buffer, named: "architecture-100x30")
  }

  @Test func addedResNetRelabelsTheChartStages() {
    var state = architectureState()
    _ = state.update(.up)
    _ = state.update(.enter)
    _ = state.update(.character("m"))
    let buffer = state.render(width: 100, height: 30)
    #expect(buffer.text().contains("ResNet-50"))
    expectSnapshot(buffer, named: "architecture-resnet50-macs-100x30")
  }

  @Test func smallScreenKeepsTheTables() {
    let buffer = architectureState().render(width: 60, height: 20)
    #expect(buffer.text().contains("VGG-19"))
    #expect(buffer.text().contains("138,357,544"))
    expectSnapshot(buffer, named: "architecture-60x20")
  }

  @Test func asciiScreenUsesOnlyAscii() {
    var state = architectureState(glyphs: .ascii)
    _ = state.update(.up)
    _ = state.update(.enter)
    for size in [(100, 30), (60, 20)] {
      let buffer = state.render(width: size.0, height: size.1)
      let wide = buffer.cells.filter { !$0.character.isASCII }
      #expect(wide.isEmpty, "non-ASCII: \(Set(wide.map(\.character)))")
    }
    expectSnapshot(state.render(width: 100, height: 30), named: "architecture-ascii-100x30")
  }

  @Test func belowTheMinimumShowsBothSizes() {
    let buffer = architectureState().render(width: 59, height: 20)
    #expect(buffer.text().contains("need 60×20"))
    #expect(buffer.text().contains("have 59×20"))
  }

  @Test(arguments: [(0, 0), (1, 1), (60, 19), (61, 21), (99, 27), (100, 24), (300, 100)])
  func anySizeRenders(width: Int, height: Int) {
    var state = architectureState()
    for _ in 0..<9 {
      _ = state.update(.down)
      _ = state.update(.enter)
    }
    let buffer = state.render(width: width, height: height)
    #expect(buffer.width == width)
    #expect(buffer.height == height)
  }

  @Test func runningTimingShowsAProgressBar() {
    var state = architectureState()
    state.architecture.isTimingAvailable = true
    _ = state.update(.character("t"))
    let id = state.architecture.timing.request!.id
    state.architecture.timing.absorb(TimingReport(requestID: id, completedCount: 1,
      totalCount: 2, currentModel: "vgg19", milliseconds: ["vgg16": 812]))
    let text = state.render(width: 100, height: 30).text()
    #expect(text.contains("vgg19 ███"))
    #expect(text.contains(" 50%"))
    #expect(text.contains("VGG-16"))
    #expect(text.contains("812 ms"))
  }

  @Test func helpListsTheScreenKeys() {
    var state = architectureState()
    _ = state.update(.character("?"))
    let text = state.render(width: 100, height: 30).text()
    for entry in AppState.architectureKeyHelp { #expect(text.contains(entry.action)) }
    _ = state.update(.character("x"))
    #expect(!state.isHelpVisible)
    #expect(state.screen == .architecture)
  }
}

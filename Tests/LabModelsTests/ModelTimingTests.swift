import LabModels
import Testing

@Suite struct ModelTimingTests {
  @Test func summaryOfOddCount() {
    let summary = DurationSummary(samples: [3, 1, 2])
    #expect(summary.min == 1)
    #expect(summary.median == 2)
    #expect(summary.max == 3)
  }

  @Test func summaryOfEvenCount() {
    #expect(DurationSummary(samples: [4, 1, 2, 10]).median == 3)
  }

  @Test func layerRateFromMacs() {
    let layer = LayerTiming(name: "conv", kind: "Conv2d", milliseconds: 2, macs: 1_000_000)
    #expect(abs(layer.gflopsPerSecond - 1) < 1e-12)
  }

  @Test func measuresEveryLayerCall() throws {
    let spec = try ModelCatalog.model(named: "resnet18")
    var reports: [TimingProgress] = []
    let timing = try measureModel(
      spec, input: InputSize(height: 32, width: 32), repeatCount: 2, includesBackward: true
    ) { reports.append($0) }
    let account = try spec.account(input: InputSize(height: 32, width: 32))
    #expect(timing.layers.map(\.name) == account.layers.map(\.name))
    #expect(timing.layers.map(\.macs) == account.layers.map(\.macs))
    #expect(timing.input == [1, 3, 32, 32])
    #expect(timing.forward.min <= timing.forward.median)
    #expect(timing.forward.median <= timing.forward.max)
    #expect(timing.forward.min > 0)
    #expect(try #require(timing.backward).min > 0)
    #expect(reports.first?.phase == .building)
    #expect(reports.last?.completedRuns == 5)
    #expect(reports.last?.totalRuns == 5)
    #expect(reports.map(\.phase).contains(.backward))
  }

  @Test func cancellationStopsMeasurement() throws {
    let spec = try ModelCatalog.model(named: "resnet18")
    let cancellation = TimingCancellation()
    var runs = 0
    #expect(throws: TimingError.cancelled) {
      _ = try measureModel(
        spec, input: InputSize(height: 32, width: 32), repeatCount: 50,
        cancellation: cancellation
      ) { progress in
        runs = progress.completedRuns
        if progress.completedRuns == 2 { cancellation.cancel() }
      }
    }
    #expect(runs == 2)
  }

  @Test func smallInputIsRejected() throws {
    let spec = try ModelCatalog.model(named: "vgg11")
    #expect(throws: TimingError.self) {
      _ = try measureModel(spec, input: InputSize(height: 16, width: 16))
    }
  }
}

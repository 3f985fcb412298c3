import Testing

@testable import LabScenario

@Suite struct RunHistoryTests {
  @Test func seriesStaysWithinCapacity() {
    var series = HistorySeries(capacity: 8)
    for step in 0..<1000 { series.append(step: step, value: Double(step)) }
    #expect(series.points.count <= 8)
    #expect(series.last?.step == 999)
  }

  @Test func mergedPairsAverage() {
    var series = HistorySeries(capacity: 4)
    for (step, value) in [1.0, 3.0, 5.0, 7.0, 9.0].enumerated() {
      series.append(step: step, value: value)
    }
    #expect(series.points.map(\.value) == [2, 6, 9])
    #expect(series.points.map(\.step) == [1, 3, 4])
  }

  @Test func nonFiniteValuesAreCountedAndKeptAsGaps() {
    var series = HistorySeries(capacity: 4)
    for value in [1.0, .nan, 2.0, .infinity, 3.0] { series.append(step: 0, value: value) }
    #expect(series.nonFiniteCount == 2)
    #expect(series.points.count == 3)
    #expect(series.points[0].value.isNaN)
    #expect(series.points[1].value.isNaN)
    #expect(series.points[2].value == 3)
  }
}

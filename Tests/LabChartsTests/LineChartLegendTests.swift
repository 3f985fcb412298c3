import Testing

@testable import LabCharts

@Suite("LineChart+Legend")
struct LineChartLegendTests {
  /// Returns the legend row drawn into a `width`-cell row pre-filled with `·`.
  private func legendRow(_ chart: LineChart, width: Int) -> CellBuffer {
    var buffer = CellBuffer(width: width, height: 1, filling: Cell("·"))
    chart.renderLegend(into: &buffer, area: buffer.bounds, summary: chart.summarize())
    return buffer
  }

  @Test func textWithValue() {
    let summary = SeriesSummary(plottedCount: 3, latestFiniteValue: 0.123_45)
    #expect(LineChart.legendText(name: "train", summary: summary) == "train 0.1235")
  }

  @Test func textWithCounts() {
    let summary = SeriesSummary(
      plottedCount: 1, nonFiniteCount: 2, leftOutCount: 1, latestFiniteValue: 0.25)
    #expect(LineChart.legendText(name: "val", summary: summary)
      == "val 0.25, 2 non-finite, 1 left out (log)")
  }

  @Test func textWithoutValue() {
    let summary = SeriesSummary(nonFiniteCount: 3)
    #expect(LineChart.legendText(name: "val", summary: summary) == "val, 3 non-finite")
  }

  @Test func twoSeries() {
    let chart = LineChart(series: [
      ChartSeries(name: "train", points: steps([0.5, 0.1234])),
      ChartSeries(name: "val", points: steps([0.5, 0.2345]), lineStyle: .dashed),
    ])
    #expect(legendRow(chart, width: 30).row(0) == "⣿ train 0.1234  ⠛ val 0.2345··")
  }

  @Test func samplesPerLineStyle() {
    let styles: [LineStyle] = [.solid, .dotted, .dashed, .sparse]
    let series = styles.map { ChartSeries(name: "", points: [], lineStyle: $0) }
    let row = legendRow(LineChart(series: series), width: 12).row(0)
    #expect(row == "⣿   ⢕   ⠛   ")
    #expect(LineStyle.sparse.brailleSample == "⠂")
  }

  @Test func asciiMarkers() {
    let chart = LineChart(
      series: [
        ChartSeries(name: "a", points: steps([1])), ChartSeries(name: "b", points: steps([2])),
      ],
      glyphs: .ascii)
    #expect(legendRow(chart, width: 14).row(0) == "* a 1  + b 2··")
  }

  @Test func sampleInSeriesStyle() {
    let style = CellStyle(foreground: .green, isBold: true)
    let chart = LineChart(series: [ChartSeries(name: "a", points: steps([1]), style: style)])
    let buffer = legendRow(chart, width: 5)
    #expect(buffer[0, 0].style == style)
    #expect(buffer[2, 0].style == .plain)
  }

  @Test func clippedAtRight() {
    let chart = LineChart(series: [
      ChartSeries(name: "train", points: steps([1])), ChartSeries(name: "val", points: steps([2])),
    ])
    #expect(legendRow(chart, width: 10).row(0) == "⣿ train 1 ")
    #expect(legendRow(chart, width: 1).row(0) == "⣿")
  }

  @Test func entriesWrapWhole() {
    let styles: [LineStyle] = [.solid, .dashed, .dotted, .sparse]
    let chart = LineChart(series: ["semi_hard", "batch_hard", "batch_all", "all"].enumerated()
      .map { index, name in
        ChartSeries(name: name, points: steps([0.5]), lineStyle: styles[index])
      })
    #expect(chart.legendRowCount(width: 30, summary: chart.summarize()) == 3)
    #expect(chart.legendRowCount(width: 36, summary: chart.summarize()) == 2)
    var buffer = CellBuffer(width: 36, height: 2, filling: Cell("·"))
    chart.renderLegend(into: &buffer, area: buffer.bounds, summary: chart.summarize())
    #expect(buffer.row(0) == "⣿ semi_hard 0.5  ⠛ batch_hard 0.5···")
    #expect(buffer.row(1) == "⢕ batch_all 0.5  ⠂ all 0.5··········")
  }

  @Test func wrappedEntriesShareLastRow() {
    let chart = LineChart(series: [
      ChartSeries(name: "first", points: steps([1])),
      ChartSeries(name: "second", points: steps([2])),
    ])
    #expect(chart.legendRowCount(width: 12, summary: chart.summarize()) == 2)
    #expect(legendRow(chart, width: 12).row(0) == "⣿ first 1  ⣿")
  }
}

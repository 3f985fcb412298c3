import Testing

@testable import LabCharts

/// Returns points at steps 0, 1, 2, … with the given y values.
func steps(_ values: [Double]) -> [ChartPoint] {
  values.enumerated().map { ChartPoint(x: Double($0.offset), y: $0.element) }
}

@Suite("LineChart+Data")
struct LineChartDataTests {
  @Test func nonFiniteCounted() throws {
    let points = steps([1, 0.5, .nan, 0.25, .infinity])
    let chart = LineChart(series: [ChartSeries(name: "train", points: points)])
    let summary = chart.summarize()
    #expect(summary.series == [
      SeriesSummary(plottedCount: 3, nonFiniteCount: 2, leftOutCount: 0, latestFiniteValue: 0.25)
    ])
    let axes = try #require(summary.axes)
    #expect(axes.y.lower == 0.25)
    #expect(axes.y.upper == 1)
    #expect(axes.x.lower == 0)
    #expect(axes.x.upper == 3)
  }

  @Test func logLeavesOutNonPositive() throws {
    let chart = LineChart(
      series: [ChartSeries(name: "train", points: steps([1, 0.1, 0, -0.5]))],
      yScale: .logarithmic)
    let summary = chart.summarize()
    #expect(summary.series == [
      SeriesSummary(plottedCount: 2, nonFiniteCount: 0, leftOutCount: 2, latestFiniteValue: -0.5)
    ])
    let axes = try #require(summary.axes)
    #expect(axes.y.lower == 0.1)
    #expect(axes.y.upper == 1)
  }

  @Test func linearKeepsNonPositive() throws {
    let chart = LineChart(series: [ChartSeries(name: "train", points: steps([1, 0.1, 0, -0.5]))])
    let summary = chart.summarize()
    #expect(summary.series.first?.leftOutCount == 0)
    let axes = try #require(summary.axes)
    #expect(axes.y.lower == -0.5)
  }

  @Test func allNaNHasNoAxes() {
    let chart = LineChart(series: [ChartSeries(name: "train", points: steps([.nan, .nan, .nan]))])
    let summary = chart.summarize()
    #expect(summary.axes == nil)
    #expect(summary.series.first?.nonFiniteCount == 3)
    #expect(summary.series.first?.latestFiniteValue == nil)
  }

  @Test func zeroSeries() {
    let summary = LineChart().summarize()
    #expect(summary.series.isEmpty)
    #expect(summary.axes == nil)
  }

  @Test func nonFiniteX() {
    let points = [
      ChartPoint(x: .nan, y: 1), ChartPoint(x: 1, y: 2), ChartPoint(x: -.infinity, y: 3),
    ]
    let summary = LineChart(series: [ChartSeries(name: "a", points: points)]).summarize()
    #expect(summary.series.first?.nonFiniteCount == 2)
    #expect(summary.series.first?.latestFiniteValue == 3)
  }

  @Test func rangeSpansSeries() throws {
    let chart = LineChart(series: [
      ChartSeries(name: "train", points: steps([3, 2])),
      ChartSeries(name: "val", points: [ChartPoint(x: 5, y: -1)]),
    ])
    let axes = try #require(chart.summarize().axes)
    #expect(axes.x.lower == 0)
    #expect(axes.x.upper == 5)
    #expect(axes.y.lower == -1)
    #expect(axes.y.upper == 3)
  }

  @Test(arguments: [
    (ChartPoint(x: 0, y: 1), AxisScale.linear, PointKind.plotted),
    (ChartPoint(x: 0, y: -1), .linear, .plotted),
    (ChartPoint(x: 0, y: .nan), .linear, .nonFinite),
    (ChartPoint(x: .infinity, y: 1), .logarithmic, .nonFinite),
    (ChartPoint(x: 0, y: .nan), .logarithmic, .nonFinite),
    (ChartPoint(x: 0, y: 0), .logarithmic, .leftOut),
    (ChartPoint(x: 0, y: -0.0), .logarithmic, .leftOut),
    (ChartPoint(x: 0, y: 1e-300), .logarithmic, .plotted),
  ])
  func pointKind(point: ChartPoint, scale: AxisScale, kind: PointKind) {
    #expect(scale.kind(of: point) == kind)
  }
}


import Testing

@testable import LabCharts

/// The values that break axis scaling when left unchecked, through each widget
/// that scales by its data: the range comes from finite values only, and the
/// bad values are gaps that are counted on screen.
@Suite("Widget non-finite values")
struct WidgetNonFiniteTests {
  private let mixed: [Double] = [1, 0.5, .nan, 0.25, .infinity]
  private let categories = ["a", "b", "c", "d", "e"]

  @Test func barsScaleToFiniteMaximum() {
    let chart = BarChart(categories: categories, series: [BarSeries(name: "s", values: mixed)])
    #expect(render(chart, width: 20, height: 6).textRows == [
      "2 non-finite        ",
      "a █████████████    1",
      "b ██████▌        0.5",
      "c                nan",
      "d ███▎          0.25",
      "e                inf",
    ])
  }

  @Test func logBarsLeaveOutNonPositive() {
    let chart = BarChart(
      categories: ["a", "b", "c", "d"], series: [BarSeries(name: "s", values: [1, 0.1, 0, -0.5])],
      scale: .logarithmic)
    #expect(render(chart, width: 20, height: 5).textRows == [
      "2 left out (log)    ",
      "a █████████████    1",
      "b ██████▌        0.1",
      "c                  0",
      "d               -0.5",
    ])
  }

  @Test func allNaNBarsDrawNoBar() {
    let chart = BarChart(
      categories: ["a", "b"], series: [BarSeries(name: "s", values: [.nan, .nan])])
    #expect(render(chart, width: 12, height: 3).textRows == [
      "2 non-finite",
      "a        nan",
      "b        nan",
    ])
  }

  @Test func constantBarsFull() {
    for scale in [AxisScale.linear, .logarithmic] {
      let chart = BarChart(
        categories: ["a", "b"], series: [BarSeries(name: "s", values: [0.5, 0.5])], scale: scale)
      #expect(render(chart, width: 10, height: 2).textRows == ["a ████ 0.5", "b ████ 0.5"])
    }
  }

  @Test func heatRangeFromFiniteValues() {
    let map = HeatMap(content: .values([mixed]), usesColor: false)
    #expect(map.shownRange == 0.25...1)
    #expect(render(map, width: 20, height: 2).textRows == [
      "████░░░░            ",
      "░▒▓█ 0.25–1, 2 non-f",
    ])
  }

  @Test func constantHeatMapMiddle() {
    let map = HeatMap(content: .values([[0.5, 0.5, 0.5]]), usesColor: false)
    #expect(render(map, width: 3, height: 1).row(0) == "▒▒▒")
  }

  @Test func scatterRangeFromFiniteValues() {
    let points = mixed.enumerated().map { ScatterPoint(x: Double($0.offset), y: $0.element) }
    let plot = ScatterPlot(points: points)
    let axes = plot.axes()
    #expect(axes?.y.lower == 0.25)
    #expect(axes?.y.upper == 1)
    #expect(render(plot, width: 20, height: 7).row(0) == "2 non-finite        ")
  }
}

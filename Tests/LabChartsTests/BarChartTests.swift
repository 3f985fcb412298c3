import Testing

@testable import LabCharts

@Suite("BarChart")
struct BarChartTests {
  /// Parameters of the convolutional stages and the classifier of VGG-16 and VGG-19.
  private let vgg = BarChart(
    categories: ["conv1", "conv3", "conv5", "fc"],
    series: [
      BarSeries(name: "VGG-16", values: [38_720, 1_475_328, 7_079_424, 123_642_856]),
      BarSeries(name: "VGG-19", values: [38_720, 2_065_408, 9_439_232, 123_642_856]),
    ])

  @Test func eighthBlockEnds() {
    let chart = BarChart(categories: ["a", "bb"], series: [BarSeries(name: "s", values: [1, 0.5])])
    #expect(render(chart, width: 20, height: 2).textRows == [
      "a  █████████████   1",
      "bb ██████▌       0.5",
    ])
    #expect(render(chart, width: 20, height: 2, glyphs: .ascii).textRows == [
      "a  #############   1",
      "bb #######       0.5",
    ])
  }

  @Test func twoSeriesWithLegend() {
    #expect(render(vgg, width: 30, height: 9).textRows == [
      "█ VGG-16  ▓ VGG-19            ",
      "conv1                    38.7k",
      "                         38.7k",
      "conv3 ▎                   1.5M",
      "      ▎                   2.1M",
      "conv5 █                   7.1M",
      "      ▓▎                  9.4M",
      "fc    █████████████████ 123.6M",
      "      ▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓ 123.6M",
    ])
  }

  @Test func asciiFillsDiffer() {
    let rows = render(vgg, width: 30, height: 9, glyphs: .ascii).textRows
    #expect(rows[0] == "# VGG-16  = VGG-19            ")
    #expect(rows[7] == "fc    ################# 123.6M")
    #expect(rows[8] == "      ================= 123.6M")
  }

  @Test func logScale() {
    var chart = vgg
    chart.scale = .logarithmic
    let rows = render(chart, width: 30, height: 9).textRows
    #expect(rows[1] == "conv1 ██▌                38.7k")
    #expect(rows[5] == "conv5 ███████████▉        7.1M")
    #expect(rows[7] == "fc    █████████████████ 123.6M")
  }

  @Test func gapsCounted() {
    let chart = BarChart(
      categories: ["a", "b", "c", "d"],
      series: [BarSeries(name: "s", values: [1000, 10, 0, .nan])], scale: .logarithmic)
    #expect(render(chart, width: 32, height: 5).textRows == [
      "1 non-finite, 1 left out (log)  ",
      "a ██████████████████████████  1k",
      "b ████████▋                   10",
      "c                              0",
      "d                            nan",
    ])
  }

  @Test func valueLabelsDroppedWhenNarrow() {
    let chart = BarChart(categories: ["a"], series: [BarSeries(name: "s", values: [138_357_544])])
    #expect(render(chart, width: 8, height: 1).textRows == ["a ██████"])
  }

  @Test func missingValuesDrawNothing() {
    let chart = BarChart(categories: ["a", "b"], series: [BarSeries(name: "s", values: [2])])
    #expect(render(chart, width: 10, height: 2).textRows == ["a ██████ 2", "b         "])
  }

  @Test func noDataMessage() {
    let chart = BarChart(categories: [], series: [])
    #expect(render(chart, width: 14, height: 1).textRows == ["no data yet   "])
  }

  @Test func seriesStyleOnBars() {
    let style = CellStyle(foreground: .cyan)
    let chart = BarChart(
      categories: ["a"], series: [BarSeries(name: "s", values: [1], style: style)])
    let buffer = render(chart, width: 10, height: 1)
    #expect(buffer[2, 0].style == style)
    #expect(buffer[0, 0].style == .plain)
  }
}

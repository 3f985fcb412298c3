import Testing

@testable import LabCharts

@Suite("LineChart+Axes")
struct LineChartAxesTests {
  @Test func linearTicks() {
    let ticks = AxisTicks(
      x: AxisMapping(lower: 0, upper: 2000, scale: .linear),
      y: AxisMapping(lower: 0.25, upper: 1, scale: .linear))
    #expect(ticks.yLower == "0.25")
    #expect(ticks.yMiddle == "0.625")
    #expect(ticks.yUpper == "1")
    #expect(ticks.xLower == "0")
    #expect(ticks.xUpper == "2000")
    #expect(ticks.yLabelWidth == 5)
  }

  @Test func logTicks() {
    let ticks = AxisTicks(
      x: AxisMapping(lower: 0, upper: 1, scale: .linear),
      y: AxisMapping(lower: 0.001, upper: 1, scale: .logarithmic))
    #expect(ticks.yLower == "1e-3")
    #expect(ticks.yMiddle == "0.0316")
    #expect(ticks.yUpper == "1")
  }

  @Test func closeEndsGetMoreDigits() {
    let ticks = AxisTicks(
      x: AxisMapping(lower: 1000.25, upper: 1000.75, scale: .linear),
      y: AxisMapping(lower: 0.12341, upper: 0.12349, scale: .linear))
    // Four digits would label the middle, 0.12345, as the upper end.
    #expect(ticks.yLower == "0.12341")
    #expect(ticks.yMiddle == "0.12345")
    #expect(ticks.yUpper == "0.12349")
    #expect(ticks.xLower == "1000")
    #expect(ticks.xUpper == "1001")
  }

  @Test func middleLabelDiffersFromEnds() {
    // 25.21…25.31: three digits give 25.2, 25.3, 25.3.
    let ticks = AxisTicks(
      x: AxisMapping(lower: 0, upper: 1, scale: .linear),
      y: AxisMapping(lower: 25.21, upper: 25.31, scale: .linear))
    #expect(ticks.yLower == "25.21")
    #expect(ticks.yMiddle == "25.26")
    #expect(ticks.yUpper == "25.31")
  }

  @Test func indistinguishableEndsStopAtSixDigits() {
    let ticks = AxisTicks(
      x: AxisMapping(lower: 0, upper: 1, scale: .linear),
      y: AxisMapping(lower: 1.000_000_01, upper: 1.000_000_02, scale: .linear))
    #expect(ticks.yLower == "1")
    #expect(ticks.yUpper == "1")
  }

  @Test func shownYLabel() {
    #expect(LineChart().shownYLabel == "loss")
    #expect(LineChart(yScale: .logarithmic).shownYLabel == "loss (log)")
    #expect(LineChart(yScale: .logarithmic, yLabel: "MSE").shownYLabel == "MSE (log)")
  }

  @Test func tickGlyphs() {
    #expect(GlyphSet.unicode.yAxisTick == "┤")
    #expect(GlyphSet.unicode.xAxisTick == "┬")
    #expect(GlyphSet.ascii.yAxisTick == "+")
    #expect(GlyphSet.ascii.xAxisTick == "+")
  }
}

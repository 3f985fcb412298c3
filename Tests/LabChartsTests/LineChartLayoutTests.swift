import Testing

@testable import LabCharts

@Suite("LineChart+Layout")
struct LineChartLayoutTests {
  @Test func fullLayout() {
    let layout = ChartLayout(area: Rect(x: 2, y: 1, width: 30, height: 10), yTickWidth: 4)
    #expect(layout.legend == Rect(x: 2, y: 1, width: 30, height: 1))
    #expect(layout.yLabel == Rect(x: 2, y: 2, width: 30, height: 1))
    #expect(layout.yTicks == Rect(x: 2, y: 3, width: 4, height: 6))
    #expect(layout.yAxis == Rect(x: 6, y: 3, width: 1, height: 6))
    #expect(layout.plot == Rect(x: 7, y: 3, width: 25, height: 6))
    #expect(layout.xAxis == Rect(x: 6, y: 9, width: 26, height: 1))
    #expect(layout.xTicks == Rect(x: 7, y: 10, width: 25, height: 1))
  }

  @Test func noYLabelBelowSevenRows() {
    let layout = ChartLayout(area: Rect(x: 0, y: 0, width: 20, height: 6), yTickWidth: 2)
    #expect(layout.yLabel == nil)
    #expect(layout.plot == Rect(x: 3, y: 1, width: 17, height: 3))
    #expect(layout.xAxis != nil)
  }

  @Test func axesNeedFiveRows() {
    let five = ChartLayout(area: Rect(x: 0, y: 0, width: 20, height: 5), yTickWidth: 2)
    #expect(five.plot == Rect(x: 3, y: 1, width: 17, height: 2))
    let four = ChartLayout(area: Rect(x: 0, y: 0, width: 20, height: 4), yTickWidth: 2)
    #expect(four.yAxis == nil)
    #expect(four.xAxis == nil)
    #expect(four.plot == Rect(x: 0, y: 1, width: 20, height: 3))
  }

  @Test func axesNeedWidth() {
    let fits = ChartLayout(area: Rect(x: 0, y: 0, width: 9, height: 10), yTickWidth: 4)
    #expect(fits.plot.width == 4)
    let narrow = ChartLayout(area: Rect(x: 0, y: 0, width: 8, height: 10), yTickWidth: 4)
    #expect(narrow.yAxis == nil)
    #expect(narrow.yLabel == nil)
    #expect(narrow.plot == Rect(x: 0, y: 1, width: 8, height: 9))
  }

  @Test func singleRowLegendOnly() {
    let layout = ChartLayout(area: Rect(x: 0, y: 0, width: 20, height: 1), yTickWidth: 2)
    #expect(layout.legend == Rect(x: 0, y: 0, width: 20, height: 1))
    #expect(layout.plot.isEmpty)
  }

  @Test func emptyArea() {
    let layout = ChartLayout(area: Rect(x: 0, y: 0, width: 0, height: 0), yTickWidth: 2)
    #expect(layout.legend.isEmpty)
    #expect(layout.plot.isEmpty)
    #expect(layout.xAxis == nil)
  }
}

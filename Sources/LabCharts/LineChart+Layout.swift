/// The placement of each part of a line chart inside its area.
///
/// Parts that do not fit are nil. The plot is always present, but it is empty
/// in an area of a single row.
struct ChartLayout: Equatable {
  /// The narrowest plot, in cells, that is still drawn with axes.
  static let minimumPlotWidth = 4
  /// The rows below the legend needed for axes: 2 plot rows and 2 x axis rows.
  static let minimumRowsForAxes = 4
  /// The rows below the legend needed for the y label row as well.
  static let minimumRowsForYLabel = 6

  /// The top rows, one unless the legend wraps.
  var legend: Rect
  /// The row above the plot with the y axis label.
  var yLabel: Rect?
  /// The columns left of the y axis with its tick labels, right-aligned.
  var yTicks: Rect?
  /// The column of the y axis line.
  var yAxis: Rect?
  var plot: Rect
  /// The row of the x axis line, from the corner under the y axis to the right edge.
  var xAxis: Rect?
  /// The row of x tick labels and the x axis label, under the plot.
  var xTicks: Rect?

  /// Lays out `area` for a y axis whose tick labels are `yTickWidth` cells
  /// wide, under a legend of `legendRows` rows.
  init(area: Rect, yTickWidth: Int, legendRows: Int = 1) {
    let (legend, body) = area.splitTop(max(1, legendRows))
    self.legend = legend
    plot = body

    let isWideEnough = area.width >= yTickWidth + 1 + Self.minimumPlotWidth
    guard isWideEnough, body.height >= Self.minimumRowsForAxes else { return }

    var rest = body
    if body.height >= Self.minimumRowsForYLabel {
      let split = rest.splitTop(1)
      yLabel = split.top
      rest = split.rest
    }

    let (plotRows, axisRows) = rest.splitTop(rest.height - 2)
    let (tickColumns, afterTicks) = plotRows.splitLeft(yTickWidth)
    let (axisColumn, plotArea) = afterTicks.splitLeft(1)
    yTicks = tickColumns
    yAxis = axisColumn
    plot = plotArea

    let (axisRow, labelRow) = axisRows.splitTop(1)
    xAxis = Rect(x: axisColumn.x, y: axisRow.y, width: 1 + plotArea.width, height: 1)
    xTicks = Rect(x: plotArea.x, y: labelRow.y, width: plotArea.width, height: 1)
  }
}

/// The tick labels of a chart's axes: the ends of each axis and the middle of the y axis.
struct AxisTicks: Equatable {
  var yLower: String
  var yMiddle: String
  var yUpper: String
  var xLower: String
  var xUpper: String

  /// The significant digits tried, in order, until an axis' labels differ.
  private static let labelDigits = 3...6

  /// Formats the labels compactly (`1.2e-3`, `0.25`, `1500`), with more digits
  /// where 3 would give two labels of an axis the same text.
  init(x: AxisMapping, y: AxisMapping) {
    let yDigits = Self.digits(separating: [y.lower, y.middle, y.upper])
    yLower = ChartNumberFormat.tickLabel(y.lower, digits: yDigits)
    yMiddle = ChartNumberFormat.tickLabel(y.middle, digits: yDigits)
    yUpper = ChartNumberFormat.tickLabel(y.upper, digits: yDigits)

    let xDigits = Self.digits(separating: [x.lower, x.upper])
    xLower = ChartNumberFormat.tickLabel(x.lower, digits: xDigits)
    xUpper = ChartNumberFormat.tickLabel(x.upper, digits: xDigits)
  }

  /// The width of the widest y tick label, in cells.
  var yLabelWidth: Int {
    [yLower, yMiddle, yUpper].map(\.unicodeScalars.count).max() ?? 0
  }

  /// Returns the fewest digits that give neighbouring values distinct labels.
  private static func digits(separating values: [Double]) -> Int {
    for digits in labelDigits {
      let labels = values.map { ChartNumberFormat.tickLabel($0, digits: digits) }
      if zip(labels, labels.dropFirst()).allSatisfy({ $0 != $1 }) { return digits }
    }
    return labelDigits.upperBound
  }
}

extension GlyphSet {
  /// The y axis character at a tick: `┤`, or `+` in ASCII.
  var yAxisTick: Unicode.Scalar { isUnicode ? "┤" : "+" }

  /// The x axis character at a tick: `┬`, or `+` in ASCII.
  var xAxisTick: Unicode.Scalar { isUnicode ? "┬" : "+" }
}

extension LineChart {
  /// The y axis label as shown: `yLabel`, followed by ` (log)` on a logarithmic axis.
  var shownYLabel: String {
    yScale == .logarithmic ? yLabel + " (log)" : yLabel
  }

  /// Draws the y label row, both axis lines and their tick labels, where the layout has room.
  func renderAxes(into buffer: inout CellBuffer, layout: ChartLayout, ticks: AxisTicks) {
    if let row = layout.yLabel {
      buffer.write(shownYLabel, x: row.x, y: row.y, clip: row)
    }
    if let tickColumns = layout.yTicks, let axisColumn = layout.yAxis {
      renderYAxis(into: &buffer, ticks: ticks, labels: tickColumns, line: axisColumn,
        plot: layout.plot)
    }
    if let axisRow = layout.xAxis, let labelRow = layout.xTicks {
      renderXAxis(into: &buffer, ticks: ticks, line: axisRow, labels: labelRow)
    }
  }

  /// Draws the y axis line with ticks at the top, middle and bottom plot rows,
  /// each labelled right-aligned against the line.
  private func renderYAxis(
    into buffer: inout CellBuffer, ticks: AxisTicks, labels: Rect, line: Rect, plot: Rect
  ) {
    for row in line.y..<line.maxY {
      buffer[line.x, row] = Cell(glyphs.vertical)
    }

    let topRow = plot.y
    let bottomRow = plot.maxY - 1
    let dotHeight = plot.height * dotsPerCell.rows
    let middleDot = DotMapping.dotIndex(fraction: 0.5, count: dotHeight)
    let middleRow = plot.y + middleDot / dotsPerCell.rows
    var tickRows = [(topRow, ticks.yUpper), (bottomRow, ticks.yLower)]
    if middleRow != topRow, middleRow != bottomRow {
      tickRows.append((middleRow, ticks.yMiddle))
    }

    for (row, label) in tickRows {
      buffer[line.x, row] = Cell(glyphs.yAxisTick)
      let labelWidth = label.unicodeScalars.count
      buffer.write(label, x: labels.maxX - labelWidth, y: row, clip: labels)
    }
  }

  /// Draws the x axis line with a corner under the y axis and ticks at the
  /// first and last plot columns, then the end labels and `xLabel` between them.
  private func renderXAxis(
    into buffer: inout CellBuffer, ticks: AxisTicks, line: Rect, labels: Rect
  ) {
    buffer[line.x, line.y] = Cell(glyphs.bottomLeft)
    for column in (line.x + 1)..<line.maxX {
      buffer[column, line.y] = Cell(glyphs.horizontal)
    }
    buffer[labels.x, line.y] = Cell(glyphs.xAxisTick)
    buffer[labels.maxX - 1, line.y] = Cell(glyphs.xAxisTick)

    let lowerEnd = buffer.write(ticks.xLower, x: labels.x, y: labels.y, clip: labels)
    let upperStart = labels.maxX - ticks.xUpper.unicodeScalars.count
    var gapEnd = labels.maxX
    if upperStart > lowerEnd {
      buffer.write(ticks.xUpper, x: upperStart, y: labels.y, clip: labels)
      gapEnd = upperStart - 1
    }

    // The axis label goes centred in the gap, one cell clear of each tick label.
    let gapStart = lowerEnd + 1
    let labelWidth = xLabel.unicodeScalars.count
    if labelWidth > 0, gapEnd - gapStart >= labelWidth {
      let start = gapStart + (gapEnd - gapStart - labelWidth) / 2
      buffer.write(xLabel, x: start, y: labels.y, clip: labels)
    }
  }
}

/// The dot pattern of a series' line, which keeps series apart without colour.
public enum LineStyle: Sendable {
  /// Every dot along the line.
  case solid
  /// Every other dot along the line.
  case dotted
  /// Three dots on, two off, along the line.
  case dashed
  /// Only the data points, not connected.
  case sparse
}

/// One data point of a series, such as a step and its loss.
public struct ChartPoint: Sendable, Equatable {
  public var x: Double
  public var y: Double

  public init(x: Double, y: Double) {
    self.x = x
    self.y = y
  }
}

/// A named sequence of points, drawn as one line in a chart.
public struct ChartSeries: Sendable {
  /// The name in the legend, such as `train` or `val`.
  public var name: String
  /// The points, connected in this order. A point that cannot be drawn breaks the line.
  public var points: [ChartPoint]
  /// The style of the series' cells and legend sample, `.plain` by default.
  public var style: CellStyle
  /// The line pattern, `.solid` by default.
  public var lineStyle: LineStyle

  public init(
    name: String, points: [ChartPoint], style: CellStyle = .plain,
    lineStyle: LineStyle = .solid
  ) {
    self.name = name
    self.points = points
    self.style = style
    self.lineStyle = lineStyle
  }
}

/// The mapping from values to positions along a chart axis.
public enum AxisScale: Sendable {
  case linear
  /// Positions follow the logarithm of the value. Zero and negative values
  /// cannot be drawn, so they are left out.
  case logarithmic
}

/// A line chart of one or more series with axes and a legend, such as training
/// and validation loss per step.
///
/// The layout inside the render area, from the top, here for the values
/// [1, 0.5, NaN, 0.25, +∞] at steps 0...4 in 30×8 cells:
///
///     ⣿ train 0.25, 2 non-finite
///     loss
///         1┤⠑⠢⣀
///          │   ⠉⠢⢄
///     0.625┤      ⠉⠒⠄
///      0.25┤                       ⢀
///          └┬──────────────────────┬
///           0         step         3
///
/// The legend shows each series' line sample, name and latest finite value
/// (4 significant digits), then how many points are non-finite and how many
/// a logarithmic axis left out. The y axis is labelled at its ends and middle
/// and the x axis at its ends. With the Unicode glyph set, lines are drawn in
/// braille dots, 2×4 per cell. With the ASCII set, each cell a line passes
/// shows the marker of its series (`*`, `+`, `o`, `x`, …).
public struct LineChart: Sendable {
  /// The series, drawn in order. Where two share a cell, their braille dots
  /// combine and the cell takes the later series' style and ASCII marker.
  public var series: [ChartSeries]
  /// The y axis scale, `.linear` by default.
  public var yScale: AxisScale
  /// The x axis label, `step` by default.
  public var xLabel: String
  /// The y axis label, `loss` by default. A logarithmic axis shows it as `loss (log)`.
  public var yLabel: String
  /// The characters for axes and lines, `.unicode` (braille lines) by default.
  public var glyphs: GlyphSet
  /// The text shown when no point can be drawn, `no data yet` by default.
  public var emptyMessage: String
  /// An x range the axis always covers, widened to fit points outside it;
  /// nil (the default) fits the axis to the points alone. A training chart
  /// passes 0...total steps so the curve grows across a fixed axis.
  public var xDomain: ClosedRange<Double>?

  public init(
    series: [ChartSeries] = [], yScale: AxisScale = .linear, xLabel: String = "step",
    yLabel: String = "loss", glyphs: GlyphSet = .unicode,
    emptyMessage: String = "no data yet", xDomain: ClosedRange<Double>? = nil
  ) {
    self.xDomain = xDomain
    self.series = series
    self.yScale = yScale
    self.xLabel = xLabel
    self.yLabel = yLabel
    self.glyphs = glyphs
    self.emptyMessage = emptyMessage
  }

  /// Renders axes, series and legend into `area` of `buffer`, clipped. It
  /// never fails or traps for any area size (0×0 included) or any data.
  ///
  /// The area is cleared to blank cells first, and no cell outside it changes.
  /// Parts that do not fit are left out in this order: the y label row (below
  /// 7 rows), the axes (below 5 rows, or when the plot would be under 4
  /// columns wide), then the plot (a 1-row area shows only the legend).
  ///
  /// - Complexity: O(cells in `area` + points + dots along the drawn lines).
  public func render(into buffer: inout CellBuffer, area: Rect) {
    let area = area.clipped(to: buffer.bounds)
    guard !area.isEmpty else { return }
    buffer.fill(area, with: .blank)

    let summary = summarize()
    guard let axes = summary.axes else {
      renderEmpty(into: &buffer, area: area, summary: summary)
      return
    }

    let ticks = AxisTicks(x: axes.x, y: axes.y)
    // The legend wraps onto at most a quarter of the rows, so the plot keeps the rest.
    let legendRows = min(legendRowCount(width: area.width, summary: summary), area.height / 4)
    let layout = ChartLayout(area: area, yTickWidth: ticks.yLabelWidth, legendRows: legendRows)
    renderLegend(into: &buffer, area: layout.legend, summary: summary)
    renderAxes(into: &buffer, layout: layout, ticks: ticks)
    renderSeries(into: &buffer, plot: layout.plot, axes: axes)
  }

  /// Renders the legend and `emptyMessage`, centred below it.
  private func renderEmpty(into buffer: inout CellBuffer, area: Rect, summary: ChartSummary) {
    var body = area
    if !series.isEmpty {
      let split = area.splitTop(1)
      renderLegend(into: &buffer, area: split.top, summary: summary)
      body = split.rest
    }
    guard !body.isEmpty else { return }

    let message = emptyMessage.truncated(toScalars: body.width, ellipsis: glyphs.ellipsis)
    let messageWidth = message.unicodeScalars.count
    let column = body.x + (body.width - messageWidth) / 2
    let row = body.y + (body.height - 1) / 2
    buffer.write(message, x: column, y: row, style: .dim, clip: body)
  }
}

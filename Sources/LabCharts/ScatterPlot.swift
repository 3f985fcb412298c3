/// One point of a scatter plot, such as a sample's two features and its class.
public struct ScatterPoint: Sendable, Equatable {
  public var x: Double
  public var y: Double
  /// The class, which picks the glyph and colour. Nil draws the first class
  /// glyph in the default colour.
  public var classIndex: Int?

  public init(x: Double, y: Double, classIndex: Int? = nil) {
    self.x = x
    self.y = y
    self.classIndex = classIndex
  }
}

/// The mark of each point in a scatter plot.
public enum ScatterMarker: Sendable {
  /// One braille dot per point, 2×4 per cell, coloured by class. The ASCII
  /// glyph set draws class glyphs instead.
  case braille
  /// One class glyph per cell (`●○■□▲△◆◇`, `ox+*#@%&` in ASCII), so classes
  /// differ without colour. A later point covers an earlier one in the same cell.
  case glyphs
}

/// A scatter plot with axes like `LineChart`'s, a legend of classes and an
/// optional y = x reference line for predicted against actual values.
///
/// Three points of two classes with the reference line, in 20×7 cells (ASCII):
///
///     o a  x b
///     y
///       3+            ....
///     1.5+    .o......   x
///       0+o...
///        ++--------------+
///         0      x       3
///
/// The legend row lists the classes named in `classNames` and counts points
/// with a NaN or infinite coordinate, which are not drawn. The reference line
/// is dim braille (`.` in ASCII) under the points, and it makes both axes
/// cover the same range so that it runs corner to corner.
public struct ScatterPlot: Sendable {
  public var points: [ScatterPoint]
  /// `.glyphs` by default.
  public var marker: ScatterMarker
  /// The names in the legend, by class index.
  public var classNames: [String]
  /// Whether to draw the line y = x, false by default.
  public var showsIdentityLine: Bool
  /// The x axis label, `x` by default.
  public var xLabel: String
  /// The y axis label, `y` by default.
  public var yLabel: String
  /// The text shown when no point can be drawn, `no data yet` by default.
  public var emptyMessage: String

  public init(
    points: [ScatterPoint], marker: ScatterMarker = .glyphs, classNames: [String] = [],
    showsIdentityLine: Bool = false, xLabel: String = "x", yLabel: String = "y",
    emptyMessage: String = "no data yet"
  ) {
    self.points = points
    self.marker = marker
    self.classNames = classNames
    self.showsIdentityLine = showsIdentityLine
    self.xLabel = xLabel
    self.yLabel = yLabel
    self.emptyMessage = emptyMessage
  }

  /// The number of points with a NaN or infinite coordinate.
  public var nonFiniteCount: Int {
    points.filter { !$0.x.isFinite || !$0.y.isFinite }.count
  }

  /// Returns the axis mappings of the finite points, nil when there are none.
  /// With `showsIdentityLine` both axes cover the union of the two ranges.
  func axes() -> (x: AxisMapping, y: AxisMapping)? {
    let finite = points.filter { $0.x.isFinite && $0.y.isFinite }
    guard let xLower = finite.map(\.x).min(), let xUpper = finite.map(\.x).max(),
      let yLower = finite.map(\.y).min(), let yUpper = finite.map(\.y).max()
    else { return nil }

    if showsIdentityLine {
      let lower = min(xLower, yLower)
      let upper = max(xUpper, yUpper)
      let mapping = AxisMapping(lower: lower, upper: upper, scale: .linear)
      return (mapping, mapping)
    }
    return (
      AxisMapping(lower: xLower, upper: xUpper, scale: .linear),
      AxisMapping(lower: yLower, upper: yUpper, scale: .linear)
    )
  }

  /// Draws legend, axes, reference line and points into `area` of `buffer`,
  /// clipped. It never traps for any area size (0×0 included) or any points.
  ///
  /// The area is cleared first and no cell outside it changes. Parts are left
  /// out in the same order as in `LineChart`: the y label row, then the axes.
  public func draw(into buffer: inout CellBuffer, in area: Rect, glyphs: GlyphSet) {
    let area = area.clipped(to: buffer.bounds)
    guard !area.isEmpty else { return }
    buffer.fill(area, with: .blank)

    guard let axes = axes() else {
      let (legend, body) = area.splitTop(1)
      drawLegend(into: &buffer, row: legend, glyphs: glyphs)
      let message = emptyMessage.truncated(toScalars: body.width, ellipsis: glyphs.cutMark)
      let column = body.x + (body.width - message.unicodeScalars.count) / 2
      buffer.write(message, x: column, y: body.y + (body.height - 1) / 2, style: .dim,
        clip: body)
      return
    }

    let ticks = AxisTicks(x: axes.x, y: axes.y)
    let layout = ChartLayout(area: area, yTickWidth: ticks.yLabelWidth)
    drawLegend(into: &buffer, row: layout.legend, glyphs: glyphs)
    let axisChart = LineChart(xLabel: xLabel, yLabel: yLabel, glyphs: glyphs)
    axisChart.renderAxes(into: &buffer, layout: layout, ticks: ticks)
    guard !layout.plot.isEmpty else { return }
    if showsIdentityLine {
      drawIdentityLine(into: &buffer, plot: layout.plot, axes: axes, glyphs: glyphs)
    }
    drawPoints(into: &buffer, plot: layout.plot, axes: axes, glyphs: glyphs)
  }

  /// Draws one entry per named class, its glyph and name, then the non-finite count.
  private func drawLegend(into buffer: inout CellBuffer, row: Rect, glyphs: GlyphSet) {
    guard !row.isEmpty else { return }
    var column = row.x
    for (index, name) in classNames.enumerated() {
      if index > 0 { column = buffer.write("  ", x: column, y: row.y, clip: row) }
      buffer.writeCell(Cell(glyphs.classGlyph(index), style: Self.style(classIndex: index)),
        x: column, y: row.y, clip: row)
      column = buffer.write(" " + name, x: column + 1, y: row.y, clip: row)
    }
    let count = nonFiniteCount
    guard count > 0 else { return }
    let separator = classNames.isEmpty ? "" : "  "
    buffer.write(separator + "\(count) non-finite", x: column, y: row.y, clip: row)
  }

  /// Returns the style of a class: its palette colour, or plain without a class.
  static func style(classIndex: Int?) -> CellStyle {
    guard let classIndex else { return .plain }
    return CellStyle(foreground: ClassPalette.color(classIndex))
  }
}

/// A grid that lines are drawn into dot by dot, each dot tagged with its series.
protocol DotCanvas {
  var dotWidth: Int { get }
  var dotHeight: Int { get }
  mutating func set(x: Int, y: Int, series: Int)
}

extension BrailleCanvas: DotCanvas {}

/// A canvas of one dot per cell for the ASCII glyph set, where each cell
/// shows the marker of the last series that reached it.
struct MarkerCanvas: DotCanvas {
  let columns: Int
  let rows: Int
  /// The last series that set each cell, or -1 for none.
  private var seriesIndices: [Int32]

  init(columns: Int, rows: Int) {
    self.columns = max(0, columns)
    self.rows = max(0, rows)
    seriesIndices = Array(repeating: -1, count: self.columns * self.rows)
  }

  var dotWidth: Int { columns }
  var dotHeight: Int { rows }

  mutating func set(x: Int, y: Int, series: Int) {
    guard x >= 0, x < columns, y >= 0, y < rows else { return }
    seriesIndices[y * columns + x] = Int32(clamping: series)
  }

  /// Returns the series that last set the cell, or nil if none did.
  func series(column: Int, row: Int) -> Int? {
    guard column >= 0, column < columns, row >= 0, row < rows else { return nil }
    let series = seriesIndices[row * columns + column]
    return series < 0 ? nil : Int(series)
  }
}

/// The mapping from data points to dot coordinates, y growing downwards.
struct DotMapping {
  let axes: (x: AxisMapping, y: AxisMapping)
  let scale: AxisScale
  let dotWidth: Int
  let dotHeight: Int

  /// Returns the dot nearest to `fraction` (0...1) along `count` dots.
  static func dotIndex(fraction: Double, count: Int) -> Int {
    guard count > 1 else { return 0 }
    return Int((fraction * Double(count - 1)).rounded())
  }

  /// Returns the dot of `point`, or nil when the point is not drawn.
  func dot(for point: ChartPoint) -> (x: Int, y: Int)? {
    guard scale.kind(of: point) == .plotted else { return nil }
    let column = Self.dotIndex(fraction: axes.x.fraction(of: point.x), count: dotWidth)
    let rowFromBottom = Self.dotIndex(fraction: axes.y.fraction(of: point.y), count: dotHeight)
    return (column, dotHeight - 1 - rowFromBottom)
  }
}

extension LineStyle {
  /// Returns whether the dot at `index` along a line, counted from its first point, is drawn.
  func isDrawn(dotIndex index: Int) -> Bool {
    switch self {
    case .solid, .sparse: true
    case .dotted: index % 2 == 0
    case .dashed: index % 5 < 3
    }
  }
}

extension GlyphSet {
  private static let seriesMarkers: [Unicode.Scalar] = ["*", "+", "o", "x", "#", "@", "%", "&"]

  /// The marker of series `index` in ASCII charts, repeating after the eighth.
  func seriesMarker(_ index: Int) -> Unicode.Scalar {
    Self.seriesMarkers[index % Self.seriesMarkers.count]
  }
}

extension LineChart {
  /// The dots per cell: 2×4 for braille, 1×1 for ASCII markers.
  var dotsPerCell: (columns: Int, rows: Int) {
    glyphs.isUnicode ? (2, 4) : (1, 1)
  }

  /// Draws every series into `plot`, in order, on a braille or marker canvas.
  func renderSeries(
    into buffer: inout CellBuffer, plot: Rect, axes: (x: AxisMapping, y: AxisMapping)
  ) {
    guard !plot.isEmpty else { return }
    if glyphs.isUnicode {
      var canvas = BrailleCanvas(columns: plot.width, rows: plot.height)
      drawLines(on: &canvas, axes: axes)
      copyBraille(canvas, into: &buffer, plot: plot)
    } else {
      var canvas = MarkerCanvas(columns: plot.width, rows: plot.height)
      drawLines(on: &canvas, axes: axes)
      copyMarkers(canvas, into: &buffer, plot: plot)
    }
  }

  private func drawLines<Canvas: DotCanvas>(
    on canvas: inout Canvas, axes: (x: AxisMapping, y: AxisMapping)
  ) {
    let mapping = DotMapping(
      axes: axes, scale: yScale, dotWidth: canvas.dotWidth, dotHeight: canvas.dotHeight)
    for (index, entry) in series.enumerated() {
      Self.drawLine(entry, seriesIndex: index, mapping: mapping, on: &canvas)
    }
  }

  /// Draws one series: each run of drawn points as a connected line, broken
  /// at every point that is not drawn, or only the points for `.sparse`.
  static func drawLine<Canvas: DotCanvas>(
    _ entry: ChartSeries, seriesIndex: Int, mapping: DotMapping, on canvas: inout Canvas
  ) {
    var previous: (x: Int, y: Int)?
    var dotIndex = 0
    for point in entry.points {
      guard let dot = mapping.dot(for: point) else {
        previous = nil
        continue
      }

      if let start = previous, entry.lineStyle != .sparse {
        drawSegment(from: start, to: dot, lineStyle: entry.lineStyle, dotIndex: &dotIndex,
          seriesIndex: seriesIndex, on: &canvas)
      } else {
        // The first point of a run is always drawn, so isolated points show.
        canvas.set(x: dot.x, y: dot.y, series: seriesIndex)
        dotIndex = 1
      }
      previous = dot
    }
  }

  /// Sets the dots from `start` (exclusive, as the previous segment drew it)
  /// to `end` (inclusive) with Bresenham's line algorithm, skipping the dots
  /// that `lineStyle` leaves out. `dotIndex` carries the pattern across segments.
  static func drawSegment<Canvas: DotCanvas>(
    from start: (x: Int, y: Int), to end: (x: Int, y: Int), lineStyle: LineStyle,
    dotIndex: inout Int, seriesIndex: Int, on canvas: inout Canvas
  ) {
    let deltaX = abs(end.x - start.x)
    let deltaY = -abs(end.y - start.y)
    let stepX = start.x < end.x ? 1 : -1
    let stepY = start.y < end.y ? 1 : -1
    var error = deltaX + deltaY
    var x = start.x
    var y = start.y

    while x != end.x || y != end.y {
      let doubledError = 2 * error
      if doubledError >= deltaY {
        error += deltaY
        x += stepX
      }
      if doubledError <= deltaX {
        error += deltaX
        y += stepY
      }
      if lineStyle.isDrawn(dotIndex: dotIndex) {
        canvas.set(x: x, y: y, series: seriesIndex)
      }
      dotIndex += 1
    }
  }

  private func copyBraille(_ canvas: BrailleCanvas, into buffer: inout CellBuffer, plot: Rect) {
    let styles = series.map(\.style)
    for row in 0..<canvas.rows {
      for column in 0..<canvas.columns {
        guard let seriesIndex = canvas.series(column: column, row: row) else { continue }
        let character = canvas.character(column: column, row: row)
        let style = styles[seriesIndex]
        buffer[plot.x + column, plot.y + row] = Cell(character, style: style)
      }
    }
  }

  private func copyMarkers(_ canvas: MarkerCanvas, into buffer: inout CellBuffer, plot: Rect) {
    let styles = series.map(\.style)
    for row in 0..<canvas.rows {
      for column in 0..<canvas.columns {
        guard let seriesIndex = canvas.series(column: column, row: row) else { continue }
        let marker = glyphs.seriesMarker(seriesIndex)
        let style = styles[seriesIndex]
        buffer[plot.x + column, plot.y + row] = Cell(marker, style: style)
      }
    }
  }
}

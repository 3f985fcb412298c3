/// A grid that lines are drawn into dot by dot, each dot tagged with its series.
protocol DotCanvas {
  var dotWidth: Int { get }
  var dotHeight: Int { get }
  mutating func set(x: Int, y: Int, series: Int)
}

extension DotCanvas {
  /// Sets the dots of the line from `start` (exclusive) to `end` (inclusive)
  /// that `pattern` draws, with `phase` carrying the pattern across segments.
  mutating func drawSegment(
    from start: (x: Int, y: Int), to end: (x: Int, y: Int), pattern: DotPattern,
    phase: inout Int, series: Int
  ) {
    var currentPhase = phase
    BresenhamLine.forEachDot(from: start, to: end) { x, y in
      if pattern.isOn(phase: currentPhase) { set(x: x, y: y, series: series) }
      currentPhase = pattern.phase(after: currentPhase)
    }
    phase = currentPhase
  }
}

extension BrailleCanvas: DotCanvas {}

/// Bresenham's line algorithm: the dots nearest to a straight line between
/// two dots, each step moving one dot sideways, vertically or diagonally.
enum BresenhamLine {
  /// Calls `visit` with each dot from `start` (exclusive) to `end` (inclusive), in order.
  static func forEachDot(
    from start: (x: Int, y: Int), to end: (x: Int, y: Int), _ visit: (Int, Int) -> Void
  ) {
    let deltaX = abs(end.x - start.x)
    let deltaY = -abs(end.y - start.y)
    let stepX = start.x < end.x ? 1 : -1
    let stepY = start.y < end.y ? 1 : -1
    // The integer error term, which decides at each step whether x, y or both advance.
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
      visit(x, y)
    }
  }
}

/// A repeating on/off pattern of dots along a line, counted by a phase
/// that runs from 0 to `period - 1`, the first `onCount` phases drawn.
struct DotPattern: Equatable {
  let period: Int
  let onCount: Int

  func isOn(phase: Int) -> Bool { phase < onCount }

  /// Returns the phase after `phase`. Counting avoids a division for each dot.
  func phase(after phase: Int) -> Int {
    phase + 1 == period ? 0 : phase + 1
  }
}

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
  /// The dot pattern along a segment: every dot, every other dot, or 3 on and 2
  /// off. `.sparse` draws no segments, so its pattern is never used.
  var dotPattern: DotPattern {
    switch self {
    case .solid, .sparse: DotPattern(period: 1, onCount: 1)
    case .dotted: DotPattern(period: 2, onCount: 1)
    case .dashed: DotPattern(period: 5, onCount: 3)
    }
  }
}

extension GlyphSet {
  private static let seriesMarkers: [Unicode.Scalar] = ["*", "+", "o", "x", "#", "@", "%", "&"]

  /// Returns the marker of series `index` in ASCII charts, repeating after the eighth.
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
  ///
  /// The first point of a run is always drawn, so isolated points show
  /// whatever the pattern, and the pattern restarts there.
  static func drawLine<Canvas: DotCanvas>(
    _ entry: ChartSeries, seriesIndex: Int, mapping: DotMapping, on canvas: inout Canvas
  ) {
    let pattern = entry.lineStyle.dotPattern
    var previous: (x: Int, y: Int)?
    var phase = 0
    for point in entry.points {
      guard let dot = mapping.dot(for: point) else {
        previous = nil
        continue
      }

      if let start = previous, entry.lineStyle != .sparse {
        canvas.drawSegment(from: start, to: dot, pattern: pattern, phase: &phase,
          series: seriesIndex)
      } else {
        canvas.set(x: dot.x, y: dot.y, series: seriesIndex)
        phase = pattern.phase(after: 0)
      }
      previous = dot
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

import Testing

@testable import LabCharts

@Suite("LineChart+Plot")
struct LineChartPlotTests {
  /// Returns the dots Bresenham's walk visits from `start` to `end`.
  private func walk(_ start: (Int, Int), _ end: (Int, Int)) -> [[Int]] {
    var dots: [[Int]] = []
    BresenhamLine.forEachDot(from: (start.0, start.1), to: (end.0, end.1)) {
      dots.append([$0, $1])
    }
    return dots
  }

  /// Returns the characters of a `columns`×1 braille canvas after drawing its
  /// top dot row as one line, the first dot set as a run start.
  private func segmentRow(_ lineStyle: LineStyle, columns: Int = 6) -> String {
    var canvas = BrailleCanvas(columns: columns, rows: 1)
    canvas.set(x: 0, y: 0, series: 0)
    var phase = lineStyle.dotPattern.phase(after: 0)
    canvas.drawSegment(
      from: (0, 0), to: (canvas.dotWidth - 1, 0), pattern: lineStyle.dotPattern, phase: &phase,
      series: 0)
    return String(String.UnicodeScalarView((0..<columns).map {
      canvas.character(column: $0, row: 0)
    }))
  }

  @Test func bresenhamShallow() {
    #expect(walk((0, 0), (4, 2)) == [[1, 1], [2, 1], [3, 2], [4, 2]])
  }

  @Test func bresenhamSteepBackwards() {
    #expect(walk((2, 4), (0, 0)) == [[1, 3], [1, 2], [0, 1], [0, 0]])
  }

  @Test func bresenhamStraight() {
    #expect(walk((0, 0), (0, 3)) == [[0, 1], [0, 2], [0, 3]])
    #expect(walk((3, 1), (0, 1)) == [[2, 1], [1, 1], [0, 1]])
  }

  @Test func bresenhamSamePoint() {
    #expect(walk((5, 5), (5, 5)).isEmpty)
  }

  @Test(arguments: [(0, 0, 37, -11), (-5, 3, 2, 40), (10, 10, -20, 9), (0, 0, 7, 7)])
  func bresenhamConnected(x0: Int, y0: Int, x1: Int, y1: Int) {
    let dots = walk((x0, y0), (x1, y1))
    #expect(dots.count == max(abs(x1 - x0), abs(y1 - y0)))
    #expect(dots.last == [x1, y1])
    var previous = [x0, y0]
    for dot in dots {
      #expect(abs(dot[0] - previous[0]) <= 1, "step to \(dot)")
      #expect(abs(dot[1] - previous[1]) <= 1, "step to \(dot)")
      previous = dot
    }
  }

  @Test func patternPhases() {
    let dashed = LineStyle.dashed.dotPattern
    var phase = 0
    var drawn: [Bool] = []
    for _ in 0..<10 {
      drawn.append(dashed.isOn(phase: phase))
      phase = dashed.phase(after: phase)
    }
    #expect(drawn == [true, true, true, false, false, true, true, true, false, false])
  }

  @Test func lineStylesOnOneRow() {
    #expect(segmentRow(.solid) == "⠉⠉⠉⠉⠉⠉")
    #expect(segmentRow(.dotted) == "⠁⠁⠁⠁⠁⠁")
    #expect(segmentRow(.dashed) == "⠉⠁⠈⠉⠀⠉")
  }

  @Test func lineStylesDiffer() {
    let points = steps([0, 3, 1, 4, 1, 5, 9, 2, 6])
    var drawings: [BrailleCanvas] = []
    for lineStyle in [LineStyle.solid, .dotted, .dashed, .sparse] {
      let series = ChartSeries(name: "a", points: points, lineStyle: lineStyle)
      drawings.append(draw([series], columns: 10, rows: 4))
    }
    for first in drawings.indices {
      for second in drawings.indices where second > first {
        #expect(drawings[first] != drawings[second], "styles \(first) and \(second)")
      }
    }
  }

  @Test func sparseOnlyPoints() {
    let series = ChartSeries(name: "a", points: steps([0, 1, 2]), lineStyle: .sparse)
    let canvas = draw([series], columns: 3, rows: 1)
    let raised = (0..<6).flatMap { x in (0..<4).filter { y in canvas.isSet(x: x, y: y) } }
    #expect(raised.count == 3)
    #expect(canvas.isSet(x: 0, y: 3))
    #expect(canvas.isSet(x: 3, y: 1))
    #expect(canvas.isSet(x: 5, y: 0))
  }

  @Test func gapsBreakLine() {
    let series = ChartSeries(name: "a", points: steps([0, .nan, 1]))
    let canvas = draw([series], columns: 3, rows: 1)
    // Step 0 lands on the bottom-left dot and step 2 on the top-right one.
    #expect(canvas.isSet(x: 0, y: 3))
    #expect(canvas.isSet(x: 5, y: 0))
    for x in 1...4 {
      for y in 0...3 { #expect(!canvas.isSet(x: x, y: y), "dot (\(x), \(y))") }
    }
  }

  @Test func isolatedPointDrawnDotted() {
    let series = ChartSeries(name: "a", points: steps([0, .nan, 1, .nan, 0]), lineStyle: .dotted)
    let canvas = draw([series], columns: 3, rows: 1)
    #expect(canvas.isSet(x: 3, y: 0))
  }

  @Test func sharedCellCombines() {
    let bottom = ChartSeries(name: "a", points: [ChartPoint(x: 0, y: 0), ChartPoint(x: 1, y: 0)])
    let top = ChartSeries(name: "b", points: [ChartPoint(x: 0, y: 1), ChartPoint(x: 1, y: 1)])
    let canvas = draw([bottom, top], columns: 1, rows: 1)
    #expect(canvas.character(column: 0, row: 0) == "⣉")
    #expect(canvas.series(column: 0, row: 0) == 1)
  }

  @Test func dotMappingCorners() throws {
    let mapping = DotMapping(
      axes: (AxisMapping(lower: 0, upper: 10, scale: .linear),
        AxisMapping(lower: 0, upper: 1, scale: .linear)),
      scale: .linear, dotWidth: 20, dotHeight: 8)
    let bottomLeft = try #require(mapping.dot(for: ChartPoint(x: 0, y: 0)))
    #expect(bottomLeft.x == 0)
    #expect(bottomLeft.y == 7)
    let topRight = try #require(mapping.dot(for: ChartPoint(x: 10, y: 1)))
    #expect(topRight.x == 19)
    #expect(topRight.y == 0)
    #expect(mapping.dot(for: ChartPoint(x: .nan, y: 0)) == nil)
  }

  @Test func dotIndexRounds() {
    #expect(DotMapping.dotIndex(fraction: 0.5, count: 8) == 4)
    #expect(DotMapping.dotIndex(fraction: 1, count: 1) == 0)
    #expect(DotMapping.dotIndex(fraction: 1, count: 0) == 0)
  }

  @Test func markerCanvasLastWins() {
    var canvas = MarkerCanvas(columns: 2, rows: 1)
    canvas.set(x: 1, y: 0, series: 0)
    canvas.set(x: 1, y: 0, series: 3)
    canvas.set(x: 5, y: 0, series: 1)
    #expect(canvas.series(column: 1, row: 0) == 3)
    #expect(canvas.series(column: 0, row: 0) == nil)
  }

  @Test func seriesMarkers() {
    let markers = (0..<9).map { GlyphSet.ascii.seriesMarker($0) }
    #expect(markers == ["*", "+", "o", "x", "#", "@", "%", "&", "*"])
  }

  /// Returns the braille canvas that `series` draw on over the full data range.
  private func draw(_ series: [ChartSeries], columns: Int, rows: Int) -> BrailleCanvas {
    let chart = LineChart(series: series)
    var canvas = BrailleCanvas(columns: columns, rows: rows)
    guard let axes = chart.summarize().axes else { return canvas }
    let mapping = DotMapping(
      axes: axes, scale: .linear, dotWidth: canvas.dotWidth, dotHeight: canvas.dotHeight)
    for (index, entry) in series.enumerated() {
      LineChart.drawLine(entry, seriesIndex: index, mapping: mapping, on: &canvas)
    }
    return canvas
  }
}

import Testing

@testable import LabCharts

@Suite("LineChart")
struct LineChartTests {
  /// Renders `chart` into `area` of a buffer pre-filled with `·`, so that
  /// cells the chart leaves alone show.
  private func render(
    _ chart: LineChart, width: Int, height: Int, area: Rect? = nil
  ) -> CellBuffer {
    var buffer = CellBuffer(width: width, height: height, filling: Cell("·"))
    chart.render(into: &buffer, area: area ?? buffer.bounds)
    return buffer
  }

  private func rows(_ buffer: CellBuffer) -> [String] {
    (0..<buffer.height).map { buffer.row($0) }
  }

  private func chart(_ values: [Double], yScale: AxisScale = .linear) -> LineChart {
    LineChart(series: [ChartSeries(name: "train", points: steps(values))], yScale: yScale)
  }

  @Test func nonFiniteGaps() {
    // The same chart as in the documentation of `LineChart`.
    let buffer = render(chart([1, 0.5, .nan, 0.25, .infinity]), width: 30, height: 8)
    #expect(rows(buffer) == [
      "⣿ train 0.25, 2 non-finite    ",
      "loss                          ",
      "    1┤⠑⠢⣀                     ",
      "     │   ⠉⠢⢄                  ",
      "0.625┤      ⠉⠒⠄               ",
      " 0.25┤                       ⢀",
      "     └┬──────────────────────┬",
      "      0         step         3",
    ])
  }

  @Test func legendClipped() {
    let buffer = render(chart([1, 0.5, .nan, 0.25, .infinity]), width: 24, height: 8)
    #expect(buffer.row(0) == "⣿ train 0.25, 2 non-fini")
  }

  @Test func logLeavesOut() {
    let buffer = render(chart([1, 0.1, 0, -0.5], yScale: .logarithmic), width: 32, height: 8)
    #expect(rows(buffer) == [
      "⣿ train -0.5, 2 left out (log)  ",
      "loss (log)                      ",
      "    1┤⠉⠒⠒⠤⢄⣀                    ",
      "     │      ⠉⠉⠒⠢⠤⢄⣀             ",
      "0.316┤             ⠉⠑⠒⠢⠤⣀⣀      ",
      "  0.1┤                    ⠉⠑⠒⠤⠤⣀",
      "     └┬────────────────────────┬",
      "      0          step          1",
    ])
  }

  @Test func allNaNMessage() {
    let buffer = render(chart([.nan, .nan]), width: 20, height: 4)
    #expect(rows(buffer) == [
      "⣿ train, 2 non-finit",
      "                    ",
      "    no data yet     ",
      "                    ",
    ])
  }

  @Test func zeroSeriesMessage() {
    let buffer = render(LineChart(emptyMessage: "press Enter"), width: 15, height: 3)
    #expect(rows(buffer) == ["               ", "  press Enter  ", "               "])
  }

  @Test func emptyMessageCut() {
    let buffer = render(LineChart(), width: 6, height: 1)
    #expect(rows(buffer) == ["no da…"])
  }

  @Test func constantPadded() {
    let buffer = render(chart([0.5, 0.5, 0.5]), width: 20, height: 6)
    #expect(rows(buffer) == [
      "⣿ train 0.5         ",
      "0.55┤               ",
      " 0.5┤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤",
      "0.45┤               ",
      "    └┬─────────────┬",
      "     0    step     2",
    ])
  }

  @Test func constantZeroPadded() {
    let buffer = render(chart([0, 0]), width: 12, height: 6)
    #expect(rows(buffer)[1] == " 1┤         ")
    #expect(rows(buffer)[3] == "-1┤         ")
  }

  @Test func asciiInsideArea() {
    let chart = LineChart(
      series: [
        ChartSeries(name: "a", points: steps([0, 2, 1, 3])),
        ChartSeries(name: "b", points: steps([3, 1, 2, 0])),
      ],
      glyphs: .ascii)
    let buffer = render(chart, width: 20, height: 8, area: Rect(x: 1, y: 1, width: 18, height: 7))
    #expect(rows(buffer) == [
      "····················",
      "·* a 3  + b 0      ·",
      "·loss              ·",
      "·  3+++         ***·",
      "·1.5+  +++++++++   ·",
      "·  0+**         +++·",
      "·   ++------------+·",
      "·    0    step    3·",
    ])
  }

  @Test func customLabels() {
    let chart = LineChart(
      series: [ChartSeries(name: "a", points: steps([0, 2, 1, 3]))], xLabel: "epoch",
      yLabel: "MSE")
    #expect(rows(render(chart, width: 20, height: 9)) == [
      "⣿ a 3               ",
      "MSE                 ",
      "  3┤              ⢠⠊",
      "   │    ⢀⢄⡀      ⡔⠁ ",
      "1.5┤   ⡠⠃ ⠈⠒⠤⡀ ⢠⠊   ",
      "   │ ⢀⠜      ⠈⠑⠁    ",
      "  0┤⡠⠃              ",
      "   └┬──────────────┬",
      "    0    epoch     3",
    ])
  }

  @Test func singlePoint() {
    let chart = LineChart(series: [ChartSeries(name: "one", points: [ChartPoint(x: 3, y: 0)])])
    #expect(rows(render(chart, width: 20, height: 7)) == [
      "⣿ one 0             ",
      "loss                ",
      " 1┤                 ",
      " 0┤        ⠐        ",
      "-1┤                 ",
      "  └┬───────────────┬",
      "   2.7   step    3.3",
    ])
  }

  @Test func equalXVertical() {
    let points = [1.0, 2, 3].map { ChartPoint(x: 1, y: $0) }
    let chart = LineChart(series: [ChartSeries(name: "x", points: points)])
    #expect(rows(render(chart, width: 20, height: 7)) == [
      "⣿ x 3               ",
      "loss                ",
      "3┤        ⢸         ",
      "2┤        ⢸         ",
      "1┤        ⢸         ",
      " └┬────────────────┬",
      "  0.9    step    1.1",
    ])
  }

  @Test func hugeValues() {
    let buffer = render(chart([1e30, 2e30, 1.5e30]), width: 30, height: 7)
    #expect(rows(buffer)[0] == "⣿ train 1.5e30                ")
    #expect(rows(buffer)[2] == "  2e30┤        ⣀⠤⠒⠉⠑⠒⠢⠤⢄⣀     ")
    #expect(rows(buffer)[3] == "1.5e30┤    ⣀⠤⠒⠉          ⠉⠉⠒⠒⠤")
    #expect(rows(buffer)[4] == "  1e30┤⣀⠤⠒⠉                   ")
  }

  @Test func extremeRange() {
    let largest = Double.greatestFiniteMagnitude
    let buffer = render(chart([-largest, largest]), width: 30, height: 7)
    #expect(rows(buffer)[2] == " 1.8e308┤              ⣀⣀⠤⠤⠒⠒⠉")
    #expect(rows(buffer)[4] == "-1.8e308┤⣀⠤⠤⠒⠒⠉⠉              ")
  }

  @Test(arguments: [(0, 0), (1, 1), (3, 2), (20, 5), (2, 9), (9, 2), (5, 5), (8, 6)])
  func tinyAreas(width: Int, height: Int) {
    let charts = [
      chart([1, 0.5, .nan, 0.25, .infinity]), chart([1, 0.1, 0, -0.5], yScale: .logarithmic),
      chart([.nan]), LineChart(), chart([0.5, 0.5, 0.5]), chart([1e30]),
    ]
    for chart in charts {
      let area = Rect(x: 1, y: 1, width: width, height: height)
      let buffer = render(chart, width: width + 2, height: height + 2, area: area)
      // The one-cell border around the area stays untouched.
      #expect(buffer.row(0).allSatisfy { $0 == "·" })
      #expect(buffer.row(height + 1).allSatisfy { $0 == "·" })
      for row in 0..<buffer.height {
        #expect(buffer[0, row].character == "·")
        #expect(buffer[width + 1, row].character == "·")
      }
    }
  }

  @Test func oneByOneShowsSample() {
    #expect(rows(render(chart([1, 2]), width: 1, height: 1)) == ["⣿"])
  }

  @Test func threeByTwo() {
    #expect(rows(render(chart([2, 1, 0]), width: 3, height: 2)) == ["⣿ t", "⠉⠒⢄"])
  }

  @Test func twentyByFive() {
    #expect(rows(render(chart([4, 3, 2, 1, 0]), width: 20, height: 5)) == [
      "⣿ train 0           ",
      "4┤⠉⠑⠒⠢⠤⠤⠤⣀⣀⣀        ",
      "0┤          ⠉⠉⠒⠒⠢⠤⢄⣀",
      " └┬────────────────┬",
      "  0      step      4",
    ])
  }

  @Test func areaBeyondBufferClipped() {
    let buffer = render(
      chart([4, 3, 2, 1, 0]), width: 10, height: 4,
      area: Rect(x: 3, y: 2, width: 100, height: 100))
    #expect(rows(buffer) == ["··········", "··········", "···⣿ train", "···⠉⠒⠒⠒⠢⠤⣀"])
  }

  @Test func farAwayAreaSafe() {
    let buffer = render(
      chart([1, 2]), width: 4, height: 2,
      area: Rect(x: Int.max - 1, y: Int.max, width: 50, height: 50))
    #expect(rows(buffer) == ["····", "····"])
  }

  @Test func emptyBufferSafe() {
    var buffer = CellBuffer(width: 0, height: 0)
    chart([1, 2]).render(into: &buffer, area: Rect(x: 0, y: 0, width: 10, height: 10))
    #expect(buffer.cells.isEmpty)
  }

  @Test func lastSeriesStyleWins() {
    let green = CellStyle(foreground: .green)
    let yellow = CellStyle(foreground: .yellow)
    let chart = LineChart(series: [
      ChartSeries(name: "a", points: steps([0, 0]), style: green),
      ChartSeries(name: "b", points: steps([0, 0]), style: yellow),
      ChartSeries(name: "c", points: steps([0]), style: .bold),
    ])
    let buffer = render(chart, width: 4, height: 3)
    // Without axes the plot is rows 1...2, 8 dots high. y = 0 is the middle of
    // the widened range -1...1, which rounds to dot row 3, in buffer row 1.
    #expect(buffer[0, 1].style == .bold)
    #expect(buffer[1, 1].style == yellow)
    #expect(buffer[3, 1].style == yellow)
    #expect(buffer[0, 2].character == " ")
  }

  @Test func renderClearsArea() {
    let buffer = render(LineChart(emptyMessage: ""), width: 3, height: 2)
    #expect(rows(buffer) == ["   ", "   "])
  }

  @Test func longSeriesDrawn() {
    let train = (0..<2000).map { ChartPoint(x: Double($0), y: 2 / (1 + Double($0) / 100)) }
    let validation = (0..<2000).map { ChartPoint(x: Double($0), y: Double($0 % 7) / 7 + 0.1) }
    let chart = LineChart(series: [
      ChartSeries(name: "train", points: train),
      ChartSeries(name: "val", points: validation, lineStyle: .dashed),
    ])
    let buffer = render(chart, width: 200, height: 60)
    #expect(buffer.row(0).hasPrefix("⣿ train 0.09528  ⠛ val 0.6714 "))
    #expect(buffer.row(59).hasPrefix("       0 "))
    #expect(buffer.row(59).contains(" step "))
    #expect(buffer.row(59).hasSuffix(" 1999"))
    let brailleCells = buffer.cells.filter { $0.character.value & 0xFF00 == 0x2800 }
    #expect(brailleCells.count > 2000)
  }
}

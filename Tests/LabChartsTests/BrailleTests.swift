import Testing

@testable import LabCharts

@Suite("BrailleCanvas")
struct BrailleTests {
  /// Returns a 1×1 canvas with the given dots (x, y) raised.
  private func cell(raising dots: [(Int, Int)]) -> Unicode.Scalar {
    var canvas = BrailleCanvas(columns: 1, rows: 1)
    for (x, y) in dots { canvas.set(x: x, y: y) }
    return canvas.character(column: 0, row: 0)
  }

  @Test func allDots() {
    let dots = (0..<2).flatMap { x in (0..<4).map { y in (x, y) } }
    #expect(cell(raising: dots) == "\u{28FF}")
  }

  @Test func topLeftOnly() {
    #expect(cell(raising: [(0, 0)]) == "\u{2801}")
  }

  @Test func bottomRow() {
    #expect(cell(raising: [(0, 3), (1, 3)]) == "\u{28C0}")
  }

  @Test func leftColumn() {
    #expect(cell(raising: [(0, 0), (0, 1), (0, 2), (0, 3)]) == "\u{2847}")
  }

  @Test func rightColumn() {
    #expect(cell(raising: [(1, 0), (1, 1), (1, 2), (1, 3)]) == "\u{28B8}")
  }

  @Test func noDots() {
    #expect(cell(raising: []) == BrailleCanvas.blank)
  }

  @Test(arguments: [
    (0, 0, UInt8(0x01)), (0, 1, 0x02), (0, 2, 0x04), (0, 3, 0x40),
    (1, 0, 0x08), (1, 1, 0x10), (1, 2, 0x20), (1, 3, 0x80),
  ])
  func dotBit(x: Int, y: Int, bit: UInt8) {
    #expect(BrailleCanvas.dotBit(x: x, y: y) == bit)
  }

  @Test func dotSizes() {
    let canvas = BrailleCanvas(columns: 3, rows: 2)
    #expect(canvas.dotWidth == 6)
    #expect(canvas.dotHeight == 8)
  }

  @Test func dotsAddressCells() {
    var canvas = BrailleCanvas(columns: 3, rows: 2)
    canvas.set(x: 5, y: 7)
    #expect(canvas.dots(column: 2, row: 1) == 0x80)
    #expect(canvas.dots(column: 0, row: 0) == 0)
    #expect(canvas.isSet(x: 5, y: 7))
    #expect(!canvas.isSet(x: 4, y: 7))
  }

  @Test func outsideIgnored() {
    var canvas = BrailleCanvas(columns: 2, rows: 1)
    for (x, y) in [(-1, 0), (0, -1), (4, 0), (0, 4), (Int.max, Int.min)] {
      canvas.set(x: x, y: y)
    }
    #expect(canvas == BrailleCanvas(columns: 2, rows: 1))
    #expect(canvas.dots(column: 5, row: 0) == 0)
    #expect(canvas.series(column: -1, row: 0) == nil)
    #expect(!canvas.isSet(x: -1, y: 0))
  }

  @Test func seriesLastWins() {
    var canvas = BrailleCanvas(columns: 1, rows: 1)
    canvas.set(x: 0, y: 0, series: 0)
    canvas.set(x: 1, y: 3, series: 1)
    #expect(canvas.dots(column: 0, row: 0) == 0x81)
    #expect(canvas.series(column: 0, row: 0) == 1)
  }

  @Test func seriesNoneWhenEmpty() {
    let canvas = BrailleCanvas(columns: 1, rows: 1)
    #expect(canvas.series(column: 0, row: 0) == nil)
  }

  @Test func clearResets() {
    var canvas = BrailleCanvas(columns: 2, rows: 2)
    canvas.set(x: 3, y: 5, series: 4)
    canvas.clear()
    #expect(canvas == BrailleCanvas(columns: 2, rows: 2))
  }

  @Test func negativeSizeEmpty() {
    var canvas = BrailleCanvas(columns: -3, rows: 2)
    canvas.set(x: 0, y: 0)
    #expect(canvas.columns == 0)
    #expect(canvas.dotWidth == 0)
    #expect(canvas.dots(column: 0, row: 0) == 0)
  }
}

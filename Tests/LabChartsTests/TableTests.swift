import Testing

@testable import LabCharts

@Suite("Table")
struct TableTests {
  private let layers = Table(
    columns: [TableColumn("layer"), TableColumn("params", alignment: .right)],
    rows: [["conv1_1", "1,792"], ["fc8", "4,097,000"]])

  @Test func fittedColumns() {
    #expect(render(layers, width: 20, height: 5).textRows == [
      "layer       params  ",
      "──────────────────  ",
      "conv1_1      1,792  ",
      "fc8      4,097,000  ",
      "                    ",
    ])
  }

  @Test func asciiRule() {
    #expect(render(layers, width: 18, height: 3, glyphs: .ascii).textRows == [
      "layer       params",
      "------------------",
      "conv1_1      1,792",
    ])
  }

  @Test func widestColumnCutFirst() {
    #expect(layers.columnWidths(available: 16) == [7, 7])
    #expect(render(layers, width: 16, height: 4).textRows == [
      "layer     params",
      "────────────────",
      "conv1_1    1,792",
      "fc8      4,097,…",
    ])
    #expect(render(layers, width: 16, height: 4, glyphs: .ascii).row(3) == "fc8      4,097,~")
  }

  @Test func minimumWidthsThenClipped() {
    let table = Table(
      columns: [TableColumn("layer", minimumWidth: 5), TableColumn("params", minimumWidth: 6)],
      rows: [["conv1_1", "1,792"]])
    #expect(table.columnWidths(available: 4) == [5, 6])
    #expect(render(table, width: 4, height: 3).textRows == ["laye", "────", "conv"])
  }

  @Test func highlightedRowReversed() {
    var table = layers
    table.highlightedRow = 1
    let buffer = render(table, width: 20, height: 4)
    for x in 0..<18 {
      #expect(buffer[x, 3].style.isReverse)
      #expect(!buffer[x, 2].style.isReverse)
    }
    #expect(!buffer[18, 3].style.isReverse)
    #expect(buffer[0, 0].style.isBold)
  }

  @Test func scrollsToHighlightedRow() {
    let rows = (0..<5).map { ["row \($0)", String($0)] }
    let table = Table(
      columns: [TableColumn("name"), TableColumn("n", alignment: .right)], rows: rows,
      highlightedRow: 4)
    #expect(render(table, width: 9, height: 4).textRows == [
      "name   n ",
      "──────── ",
      "row 3  3 ",
      "row 4  4 ",
    ])
  }

  @Test func missingAndExtraCells() {
    let table = Table(columns: [TableColumn("a"), TableColumn("b")], rows: [["1"], ["2", "3", "4"]])
    #expect(render(table, width: 5, height: 4).textRows == ["a  b ", "──── ", "1    ", "2  3 "])
  }

  @Test func noColumnsOrRows() {
    let empty = Table(columns: [], rows: [])
    #expect(render(empty, width: 3, height: 3).textRows == ["   ", "   ", "   "])
    let headerOnly = Table(columns: [TableColumn("a")], rows: [], highlightedRow: 0)
    #expect(render(headerOnly, width: 3, height: 2).textRows == ["a  ", "   "])
  }
}

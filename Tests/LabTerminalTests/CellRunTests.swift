import Glibc
import LabCharts
import Testing

@testable import LabTerminal

@Suite("CellRun")
struct CellRunTests {
  let red = CellStyle(foreground: .red)

  @Test("equal styles group into one run")
  func groupsEqualStyles() {
    var buffer = CellBuffer(width: 8, height: 1)
    buffer.write("ab", x: 0, y: 0)
    buffer.write("cde", x: 2, y: 0, style: .bold)
    buffer.write("f", x: 5, y: 0, style: red)

    let runs = buffer.runs(inRow: 0, clippedTo: 8)
    #expect(runs.count == 4)
    #expect(runs[0] == CellRun(column: 0, style: .plain, scalars: ["a", "b"]))
    #expect(runs[1] == CellRun(column: 2, style: .bold, scalars: ["c", "d", "e"]))
    #expect(runs[2] == CellRun(column: 5, style: red, scalars: ["f"]))
    #expect(runs[3] == CellRun(column: 6, style: .plain, scalars: [" ", " "]))
  }

  @Test("runs cover the row without gaps")
  func runsCoverRow() {
    var buffer = CellBuffer(width: 10, height: 2)
    buffer.write("x", x: 3, y: 1, style: .reverse)
    buffer.write("y", x: 9, y: 1, style: .dim)

    let runs = buffer.runs(inRow: 1, clippedTo: 10)
    #expect(runs.map(\.column) == [0, 3, 4, 9])
    #expect(runs.last?.endColumn == 10)
    #expect(String(String.UnicodeScalarView(runs.flatMap(\.scalars))) == buffer.row(1))
  }

  @Test("runs clip to the screen width")
  func clipsToWidth() {
    var buffer = CellBuffer(width: 6, height: 1)
    buffer.write("abc", x: 0, y: 0)
    buffer.write("def", x: 3, y: 0, style: .bold)

    let runs = buffer.runs(inRow: 0, clippedTo: 4)
    #expect(runs.count == 2)
    #expect(runs[1] == CellRun(column: 3, style: .bold, scalars: ["d"]))
    #expect(runs.last?.endColumn == 4)
  }

  @Test("narrow buffer is not padded")
  func bufferNarrowerThanScreen() {
    let buffer = CellBuffer(width: 3, height: 1, filling: Cell("z"))
    #expect(buffer.runs(inRow: 0, clippedTo: 80).last?.endColumn == 3)
  }

  @Test("no runs outside the buffer or at zero width", arguments: [
    (row: -1, width: 5), (row: 2, width: 5), (row: 0, width: 0), (row: 0, width: -3),
  ])
  func emptyCases(row: Int, width: Int) {
    let buffer = CellBuffer(width: 5, height: 2)
    #expect(buffer.runs(inRow: row, clippedTo: width).isEmpty)
  }

  @Test("wide characters keep one per cell")
  func wideCharactersPassThrough() {
    let run = CellRun(column: 0, style: .plain, scalars: ["a", "⣿", "é"])
    let characters = run.wideCharacters(columnWidth: { _ in 1 })
    #expect(characters == [0x61, 0x28FF, 0xE9])
  }

  @Test("unprintable scalars become question marks")
  func unprintableScalarsReplaced() {
    let scalars: [Unicode.Scalar] = ["\u{07}", "\u{1B}", "\u{7F}", "\u{85}", "漢", "\u{301}", "ok"]
      .map { $0.unicodeScalars.first! }
    let widths: [Unicode.Scalar: Int32] = ["漢": 2, "\u{301}": 0]
    let run = CellRun(column: 0, style: .plain, scalars: scalars)

    let characters = run.wideCharacters(columnWidth: { widths[$0] ?? 1 })
    let question = wchar_t(UInt8(ascii: "?"))
    #expect(characters == [question, question, question, question, question, question, 0x6F])
  }

  @Test("locale without the character gives a question mark")
  func unencodableScalarReplaced() {
    let run = CellRun(column: 0, style: .plain, scalars: ["⣿", "a"])
    let characters = run.wideCharacters(columnWidth: { $0.isASCII ? 1 : -1 })
    #expect(characters == [wchar_t(UInt8(ascii: "?")), 0x61])
  }

  @Test("locale without the character uses an ASCII look-alike")
  func unencodableScalarHasStandIn() {
    let run = CellRun(column: 0, style: .plain, scalars: ["3", "2", "×", "3", "2", "ñ"])
    let characters = run.wideCharacters(columnWidth: { $0.isASCII ? 1 : -1 })
    #expect(characters.map { Character(Unicode.Scalar(UInt32($0))!) } == Array("32x32n"))
  }
}

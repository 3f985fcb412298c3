import Testing

@testable import LabCharts

@Suite("CellBuffer+Frame")
struct CellBufferFrameTests {
  /// Returns the rows of a buffer pre-filled with `·` after drawing one frame.
  private func rows(
    width: Int, height: Int, frame: Rect, title: String?, glyphs: GlyphSet = .unicode
  ) -> [String] {
    var buffer = CellBuffer(width: width, height: height, filling: Cell("·"))
    buffer.drawFrame(frame, title: title, glyphs: glyphs)
    return (0..<height).map { buffer.row($0) }
  }

  @Test func titledBox() {
    let rows = rows(
      width: 20, height: 5, frame: Rect(x: 1, y: 1, width: 18, height: 3), title: "Scenarios")
    #expect(rows == [
      "····················",
      "·┌ Scenarios ─────┐·",
      "·│················│·",
      "·└────────────────┘·",
      "····················",
    ])
  }

  @Test func untitledBox() {
    let rows = rows(width: 6, height: 3, frame: Rect(x: 0, y: 0, width: 6, height: 3), title: nil)
    #expect(rows == ["┌────┐", "│····│", "└────┘"])
  }

  @Test func asciiBox() {
    let rows = rows(
      width: 10, height: 3, frame: Rect(x: 0, y: 0, width: 10, height: 3), title: "Log",
      glyphs: .ascii)
    #expect(rows == ["+ Log ---+", "|········|", "+--------+"])
  }

  @Test func longTitleCut() {
    let rows = rows(
      width: 10, height: 2, frame: Rect(x: 0, y: 0, width: 10, height: 2),
      title: "Parameters")
    #expect(rows == ["┌ Param… ┐", "└────────┘"])
  }

  @Test func asciiTitleCut() {
    let rows = rows(
      width: 10, height: 2, frame: Rect(x: 0, y: 0, width: 10, height: 2),
      title: "Parameters", glyphs: .ascii)
    #expect(rows == ["+ Par... +", "+--------+"])
  }

  @Test func titleExactFit() {
    let rows = rows(width: 7, height: 2, frame: Rect(x: 0, y: 0, width: 7, height: 2), title: "abc")
    #expect(rows == ["┌ abc ┐", "└─────┘"])
  }

  @Test func titleNeedsFiveColumns() {
    let narrow = rows(width: 4, height: 2, frame: Rect(x: 0, y: 0, width: 4, height: 2), title: "a")
    #expect(narrow == ["┌──┐", "└──┘"])
    let fits = rows(width: 5, height: 2, frame: Rect(x: 0, y: 0, width: 5, height: 2), title: "ab")
    #expect(fits == ["┌ a ┐", "└───┘"])
  }

  @Test func emptyTitle() {
    let rows = rows(width: 6, height: 2, frame: Rect(x: 0, y: 0, width: 6, height: 2), title: "")
    #expect(rows == ["┌────┐", "└────┘"])
  }

  @Test func titleStyles() {
    var buffer = CellBuffer(width: 8, height: 2)
    buffer.drawFrame(
      Rect(x: 0, y: 0, width: 8, height: 2), title: "ab", glyphs: .unicode, style: .dim,
      titleStyle: .reverse)
    #expect(buffer[0, 0].style == .dim)
    #expect(buffer[1, 0].style == .dim)
    #expect(buffer[2, 0].style == .reverse)
    #expect(buffer[3, 0].style == .reverse)
    #expect(buffer[4, 0].style == .dim)
    #expect(buffer[7, 1].style == .dim)
  }

  @Test(arguments: [
    (0, 0, ["····", "····", "····"]),
    (1, 1, ["┌···", "····", "····"]),
    (2, 1, ["┌┐··", "····", "····"]),
    (1, 3, ["┌···", "│···", "└···"]),
    (2, 2, ["┌┐··", "└┘··", "····"]),
    (4, 1, ["┌──┐", "····", "····"]),
    (1, 0, ["····", "····", "····"]),
  ])
  func thinRects(width: Int, height: Int, expected: [String]) {
    let rows = rows(
      width: 4, height: 3, frame: Rect(x: 0, y: 0, width: width, height: height), title: "T")
    #expect(rows == expected)
  }

  @Test func clippedAtEdges() {
    let rows = rows(
      width: 6, height: 3, frame: Rect(x: -2, y: 1, width: 6, height: 4), title: "Title")
    #expect(rows == ["······", "T… ┐··", "···│··"])
  }

  @Test func titleHiddenWhenTopClipped() {
    let rows = rows(
      width: 6, height: 2, frame: Rect(x: 0, y: -1, width: 6, height: 3), title: "Top")
    #expect(rows == ["│····│", "└────┘"])
  }

  @Test func farAwayRectSafe() {
    let rows = rows(
      width: 3, height: 2, frame: Rect(x: Int.max - 1, y: Int.max, width: 10, height: 10),
      title: "x")
    #expect(rows == ["···", "···"])
  }

  @Test func emptyBufferSafe() {
    var buffer = CellBuffer(width: 0, height: 0)
    buffer.drawFrame(Rect(x: 0, y: 0, width: 5, height: 5), title: "x", glyphs: .unicode)
    #expect(buffer.cells.isEmpty)
  }

  @Test(arguments: [
    ("abcdef", 6, "abcdef"), ("abcdef", 5, "abcd…"), ("abcdef", 1, "a"),
    ("abcdef", 0, ""), ("abcdef", -3, ""),
  ])
  func truncated(text: String, limit: Int, expected: String) {
    #expect(text.truncated(toScalars: limit, ellipsis: "…") == expected)
  }

  @Test func truncatedAsciiEllipsis() {
    #expect("abcdef".truncated(toScalars: 5, ellipsis: "...") == "ab...")
    #expect("abcdef".truncated(toScalars: 3, ellipsis: "...") == "abc")
  }

  @Test func clippedRect() {
    let bounds = Rect(x: 0, y: 0, width: 10, height: 5)
    #expect(Rect(x: -2, y: 3, width: 5, height: 5).clipped(to: bounds)
      == Rect(x: 0, y: 3, width: 3, height: 2))
    #expect(Rect(x: 20, y: 0, width: 5, height: 5).clipped(to: bounds).isEmpty)
    #expect(Rect(x: Int.max, y: 0, width: 5, height: 5).clipped(to: bounds).isEmpty)
  }
}

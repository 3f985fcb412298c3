@testable import LabCharts

/// Returns a `width`×`height` buffer pre-filled with `·`, so that cells a
/// widget leaves alone show, after `draw` has drawn into it.
func renderedBuffer(width: Int, height: Int, _ draw: (inout CellBuffer) -> Void) -> CellBuffer {
  var buffer = CellBuffer(width: width, height: height, filling: Cell("·"))
  draw(&buffer)
  return buffer
}

/// Returns a `width`×`height` buffer pre-filled with `·` after `widget` has
/// drawn into all of it.
func render(
  _ widget: some CellWidget, width: Int, height: Int, glyphs: GlyphSet = .unicode
) -> CellBuffer {
  renderedBuffer(width: width, height: height) { buffer in
    widget.draw(into: &buffer, in: buffer.bounds, glyphs: glyphs)
  }
}

extension CellBuffer {
  /// Every row as text, trailing spaces kept.
  var textRows: [String] { (0..<height).map { row($0) } }

  /// Returns whether every cell outside `area` is still the `·` filler.
  func isUntouched(outside area: Rect) -> Bool {
    for y in 0..<height {
      for x in 0..<width where !(x >= area.x && x < area.maxX && y >= area.y && y < area.maxY) {
        if self[x, y] != Cell("·") { return false }
      }
    }
    return true
  }
}

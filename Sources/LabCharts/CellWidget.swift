/// A value that draws itself into an area of a cell buffer, such as a bar
/// chart or a table, so that screens can lay out widgets of any kind alike.
///
/// Conforming types clear `area` first, change no cell outside it, clip to
/// the buffer, and never trap for any area size, 0×0 included.
public protocol CellWidget {
  /// Draws into `area` of `buffer` with the characters of `glyphs`.
  func draw(into buffer: inout CellBuffer, in area: Rect, glyphs: GlyphSet)
}

extension BarChart: CellWidget {}
extension Table: CellWidget {}
extension HeatMap: CellWidget {}
extension ScatterPlot: CellWidget {}
extension HalfBlockImage: CellWidget {}
extension ProgressBar: CellWidget {}

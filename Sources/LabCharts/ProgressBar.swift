/// A one-line progress bar with a percentage and an optional label, such as
/// the progress of a timing run in the background.
///
/// In 24 cells with the label `timing` at 0.42:
///
///     timing █████░░░░░░░  42%     (Unicode)
///     timing [####......]  42%     (ASCII)
///
/// The Unicode bar ends in an eighth block and its empty part is `░`, so the
/// extent shows without colour. The ASCII bar is bracketed and fills whole cells.
public struct ProgressBar: Sendable {
  /// The part done, in 0...1. Values outside are clamped, and a non-finite
  /// value draws an empty bar with ` --%`.
  public var fraction: Double
  /// The text left of the bar, nil (the default) for none.
  public var label: String?
  /// The style of the filled part, `.plain` by default.
  public var style: CellStyle

  /// The narrowest bar drawn, in cells. Narrower areas show only the percentage.
  static let minimumBarWidth = 3
  /// The width of the percentage text, `100%` included.
  static let percentWidth = 4

  public init(fraction: Double, label: String? = nil, style: CellStyle = .plain) {
    self.fraction = fraction
    self.label = label
    self.style = style
  }

  /// The percentage as shown, right-aligned in 4 cells: ` 42%`, or ` --%` when
  /// `fraction` is not finite. It rounds down, so only a finished run shows `100%`.
  public var percentText: String {
    guard fraction.isFinite else { return " --%" }
    let t = min(1, max(0, fraction))
    // The small offset keeps 0.29 × 100 = 28.999… at 29.
    let percent = Int((t * 100 + 1e-9).rounded(.down))
    let text = String(percent) + "%"
    return String(repeating: " ", count: max(0, Self.percentWidth - text.count)) + text
  }

  /// Draws the bar in the top row of `area`, clipped, and clears the rest of the area.
  ///
  /// Parts are left out as the area narrows: first the label is cut, then it
  /// goes, then the bar (below 8 cells), leaving the percentage alone.
  public func draw(into buffer: inout CellBuffer, in area: Rect, glyphs: GlyphSet) {
    let area = area.clipped(to: buffer.bounds)
    guard !area.isEmpty else { return }
    buffer.fill(area, with: .blank)
    let row = Rect(x: area.x, y: area.y, width: area.width, height: 1)

    let percentColumn = row.maxX - Self.percentWidth
    let barRoom = area.width - Self.percentWidth - 1
    guard barRoom >= Self.minimumBarWidth else {
      buffer.write(percentText.trimmingLeadingSpaces(), x: row.x, y: row.y, clip: row)
      return
    }

    var barStart = row.x
    if let label, !label.isEmpty {
      let labelRoom = barRoom - Self.minimumBarWidth - 1
      let shown = label.truncated(toScalars: labelRoom, ellipsis: glyphs.cutMark)
      if shown.unicodeScalars.count >= 2 {
        barStart = buffer.write(shown, x: row.x, y: row.y, clip: row) + 1
      }
    }

    drawBar(into: &buffer, x: barStart, width: percentColumn - 1 - barStart, row: row,
      glyphs: glyphs)
    buffer.write(percentText, x: percentColumn, y: row.y, clip: row)
  }

  private func drawBar(
    into buffer: inout CellBuffer, x: Int, width: Int, row: Rect, glyphs: GlyphSet
  ) {
    let filled = fraction.isFinite ? fraction : 0
    if glyphs.isUnicode {
      for column in x..<(x + width) { buffer[column, row.y] = Cell("░", style: .dim) }
      buffer.drawBar(fraction: filled, x: x, y: row.y, width: width, fill: "█",
        glyphs: glyphs, style: style, clip: row)
    } else {
      buffer.write("[", x: x, y: row.y, clip: row)
      buffer.write("]", x: x + width - 1, y: row.y, clip: row)
      for column in (x + 1)..<(x + width - 1) { buffer[column, row.y] = Cell(".") }
      buffer.drawBar(fraction: filled, x: x + 1, y: row.y, width: width - 2, fill: "#",
        glyphs: glyphs, style: style, clip: row)
    }
  }
}

extension String {
  func trimmingLeadingSpaces() -> String {
    String(String.UnicodeScalarView(unicodeScalars.drop { $0 == " " }))
  }
}

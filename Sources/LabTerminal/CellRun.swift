import CNcursesw
import Glibc
import LabCharts

/// Adjacent cells of one row that share a style, so they are drawn with one
/// `wattr_set` and one `mvwaddnwstr` call.
struct CellRun: Equatable {
  var column: Int
  var style: CellStyle
  var scalars: [Unicode.Scalar]

  /// The column after the last cell of the run.
  var endColumn: Int { column + scalars.count }

  /// Converts the run to the `wchar_t` string that `waddnwstr` takes, one per cell.
  ///
  /// A scalar that would not take exactly one column becomes `?`, so the row stays
  /// aligned with the buffer. That covers control characters, which ncurses draws as
  /// two-column `^X`, combining marks and double-width characters. It also covers
  /// characters the locale cannot encode, such as any non-ASCII character in the C
  /// locale, for which `wcwidth` returns -1; those with a plain ASCII look-alike in
  /// `asciiStandIns` (`×` as `x`, `−` as `-`) become it instead.
  ///
  /// - Parameter columnWidth: the number of columns a scalar takes; `wcwidth` by default.
  func wideCharacters(
    columnWidth: (Unicode.Scalar) -> Int32 = { _losslab_wcwidth(wchar_t($0.value)) }
  ) -> [wchar_t] {
    scalars.map { scalar in
      let isControl = scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
      if !isControl, columnWidth(scalar) == -1, let standIn = Self.asciiStandIns[scalar] {
        return wchar_t(standIn.value)
      }
      guard !isControl, columnWidth(scalar) == 1 else { return wchar_t(UInt8(ascii: "?")) }
      return wchar_t(scalar.value)
    }
  }

  /// ASCII characters that read like the non-ASCII ones in the lab's own text,
  /// for locales that cannot encode those.
  static let asciiStandIns: [Unicode.Scalar: Unicode.Scalar] = [
    "×": "x", "−": "-", "–": "-", "—": "-", "…": ".", "·": ".", "•": "*", "≥": ">", "≤": "<",
    "→": ">", "←": "<", "²": "2", "³": "3", "é": "e", "è": "e", "ñ": "n", "ö": "o", "ü": "u",
    "ℓ": "l", "’": "'", "‘": "'", "“": "\"", "”": "\"",
  ]
}

extension CellBuffer {
  /// Splits row `y` into runs of equal style, left to right, clipped to the first
  /// `width` columns. Returns no runs for a row outside the buffer or a width of zero
  /// or less.
  func runs(inRow y: Int, clippedTo width: Int) -> [CellRun] {
    let columnCount = min(self.width, width)
    guard y >= 0, y < height, columnCount > 0 else { return [] }

    var runs: [CellRun] = []
    for x in 0..<columnCount {
      let cell = self[x, y]
      if let last = runs.indices.last, runs[last].style == cell.style {
        runs[last].scalars.append(cell.character)
      } else {
        runs.append(CellRun(column: x, style: cell.style, scalars: [cell.character]))
      }
    }
    return runs
  }
}

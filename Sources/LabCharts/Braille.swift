/// A grid of braille cells addressed by dot, for drawing lines at twice the
/// horizontal and four times the vertical resolution of the terminal.
///
/// Each cell is a block of 2×4 dots. Its character is U+2800 plus the bits of
/// its raised dots, laid out as in the Unicode braille patterns block:
///
///     0x01 0x08
///     0x02 0x10
///     0x04 0x20
///     0x40 0x80
///
/// Dot coordinates start at the top-left dot, with y growing downwards. The
/// canvas also stores, per cell, the last series that raised a dot there, so
/// that a chart can draw the cell in that series' style.
public struct BrailleCanvas: Sendable, Equatable {
  /// The width in cells.
  public let columns: Int
  /// The height in cells.
  public let rows: Int
  /// The cells row by row.
  private var cells: [CanvasCell]

  private struct CanvasCell: Equatable, Sendable {
    var dots: UInt8 = 0
    /// The series that last raised a dot here, or -1 for none.
    var series: Int32 = -1
  }

  /// Creates an empty canvas of `columns`×`rows` cells. Negative sizes count as zero.
  public init(columns: Int, rows: Int) {
    self.columns = max(0, columns)
    self.rows = max(0, rows)
    cells = Array(repeating: CanvasCell(), count: self.columns * self.rows)
  }

  /// The width in dots: two per cell.
  public var dotWidth: Int { columns * 2 }

  /// The height in dots: four per cell.
  public var dotHeight: Int { rows * 4 }

  /// The character of a cell with no raised dot (U+2800).
  public static let blank: Unicode.Scalar = "\u{2800}"

  /// Returns the bit of the dot at (`x`, `y`) inside one cell.
  /// - Precondition: `x` is 0 or 1 and `y` is in 0...3.
  public static func dotBit(x: Int, y: Int) -> UInt8 {
    precondition((0...1).contains(x) && (0...3).contains(y),
      "BrailleCanvas.dotBit: dot (\(x), \(y)) is outside the 2×4 cell")
    return uncheckedDotBit(x: x, y: y)
  }

  private static func uncheckedDotBit(x: Int, y: Int) -> UInt8 {
    // Byte 4x + y contains the bit of dot (x, y): the left column, then the right.
    // The bottom row (0x40, 0x80) breaks the pattern of the rows above.
    let dotBits: UInt64 = 0x80_20_10_08_40_04_02_01
    return UInt8(truncatingIfNeeded: dotBits >> (8 * (x * 4 + y)))
  }

  /// Returns the braille character whose raised dots are the set bits of `dots`.
  public static func character(dots: UInt8) -> Unicode.Scalar {
    // A UInt8 keeps the value in U+2800...U+28FF, where every value is a valid
    // scalar, so the unwrap cannot fail.
    Unicode.Scalar(0x2800 + UInt32(dots))!
  }

  /// Raises the dot at (`x`, `y`) and records `series` as the cell's last series.
  /// Dots outside the canvas are ignored.
  public mutating func set(x: Int, y: Int, series: Int = 0) {
    guard x >= 0, x < dotWidth, y >= 0, y < dotHeight else { return }
    let index = (y >> 2) * columns + (x >> 1)
    cells[index].dots |= Self.uncheckedDotBit(x: x & 1, y: y & 3)
    cells[index].series = Int32(clamping: series)
  }

  /// Returns whether the dot at (`x`, `y`) is raised, which is false outside the canvas.
  public func isSet(x: Int, y: Int) -> Bool {
    guard x >= 0, x < dotWidth, y >= 0, y < dotHeight else { return false }
    let index = (y >> 2) * columns + (x >> 1)
    return cells[index].dots & Self.uncheckedDotBit(x: x & 1, y: y & 3) != 0
  }

  /// Returns the raised-dot bits of the cell at (`column`, `row`), or 0 outside the canvas.
  public func dots(column: Int, row: Int) -> UInt8 {
    guard column >= 0, column < columns, row >= 0, row < rows else { return 0 }
    return cells[row * columns + column].dots
  }

  /// Returns the braille character of the cell at (`column`, `row`).
  public func character(column: Int, row: Int) -> Unicode.Scalar {
    Self.character(dots: dots(column: column, row: row))
  }

  /// Returns the series that last raised a dot in the cell, or nil if none did.
  public func series(column: Int, row: Int) -> Int? {
    guard column >= 0, column < columns, row >= 0, row < rows else { return nil }
    let series = cells[row * columns + column].series
    return series < 0 ? nil : Int(series)
  }

  /// Lowers every dot and clears every cell's series.
  public mutating func clear() {
    for index in cells.indices {
      cells[index] = CanvasCell()
    }
  }
}

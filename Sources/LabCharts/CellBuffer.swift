/// A colour a cell can be drawn in. The terminal maps these to its palette
/// and draws every cell in the default colours when colour is off.
public enum CellColor: UInt8, Sendable, CaseIterable {
  case none, red, green, yellow, blue, magenta, cyan, white, gray
}

/// The look of one cell: colour plus the attributes that stay readable
/// without colour (bold, reverse video, dim).
public struct CellStyle: Hashable, Sendable {
  public var foreground: CellColor
  public var isBold: Bool
  public var isReverse: Bool
  public var isDim: Bool
  /// A 24-bit text colour that takes the place of `foreground` on terminals
  /// with 256 or more colours (as the nearest of 256 where 24 bits are not
  /// available), nil (the default) for none.
  public var rgbForeground: RGBColor?
  /// A 24-bit cell background, nil (the default) for the terminal's own background.
  public var rgbBackground: RGBColor?

  public init(
    foreground: CellColor = .none, isBold: Bool = false, isReverse: Bool = false,
    isDim: Bool = false, rgbForeground: RGBColor? = nil, rgbBackground: RGBColor? = nil
  ) {
    self.foreground = foreground
    self.isBold = isBold
    self.isReverse = isReverse
    self.isDim = isDim
    self.rgbForeground = rgbForeground
    self.rgbBackground = rgbBackground
  }

  public static let plain = CellStyle()
  public static let bold = CellStyle(isBold: true)
  public static let reverse = CellStyle(isReverse: true)
  public static let dim = CellStyle(isDim: true)
}

/// One terminal cell: a single-width character and its style.
public struct Cell: Hashable, Sendable {
  public var character: Unicode.Scalar
  public var style: CellStyle

  public init(_ character: Unicode.Scalar, style: CellStyle = .plain) {
    self.character = character
    self.style = style
  }

  public static let blank = Cell(" ")
}

/// A position and size in cells. Sizes are never negative: initialisers
/// clamp them to zero, so drawing code cannot hand a negative size onward.
public struct Rect: Hashable, Sendable {
  public var x: Int
  public var y: Int
  public var width: Int
  public var height: Int

  public init(x: Int, y: Int, width: Int, height: Int) {
    self.x = x
    self.y = y
    self.width = max(0, width)
    self.height = max(0, height)
  }

  public var maxX: Int { x + width }
  public var maxY: Int { y + height }
  public var isEmpty: Bool { width == 0 || height == 0 }

  /// Returns the rectangle shrunk by `margin` cells on every side.
  public func inset(by margin: Int) -> Rect {
    Rect(x: x + margin, y: y + margin, width: width - 2 * margin, height: height - 2 * margin)
  }

  /// Returns the top `rows` rows and the rest, both clipped to this rectangle.
  public func splitTop(_ rows: Int) -> (top: Rect, rest: Rect) {
    let top = min(max(0, rows), height)
    return (
      Rect(x: x, y: y, width: width, height: top),
      Rect(x: x, y: y + top, width: width, height: height - top)
    )
  }

  /// Returns the left `columns` columns and the rest, both clipped to this rectangle.
  public func splitLeft(_ columns: Int) -> (left: Rect, rest: Rect) {
    let left = min(max(0, columns), width)
    return (
      Rect(x: x, y: y, width: left, height: height),
      Rect(x: x + left, y: y, width: width - left, height: height)
    )
  }
}

/// A grid of cells that screens are rendered into. Every write clips to the
/// buffer, so rendering never fails whatever the sizes involved.
public struct CellBuffer: Sendable, Equatable {
  public let width: Int
  public let height: Int
  public private(set) var cells: [Cell]

  public init(width: Int, height: Int, filling cell: Cell = .blank) {
    self.width = max(0, width)
    self.height = max(0, height)
    self.cells = Array(repeating: cell, count: self.width * self.height)
  }

  public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

  public subscript(x: Int, y: Int) -> Cell {
    get {
      precondition(x >= 0 && x < width && y >= 0 && y < height,
        "CellBuffer: cell (\(x), \(y)) is outside \(width)×\(height)")
      return cells[y * width + x]
    }
    set {
      guard x >= 0, x < width, y >= 0, y < height else { return }
      cells[y * width + x] = newValue
    }
  }

  /// Writes `text` from (x, y) to the right, clipped to `clip` and the buffer.
  /// Returns the column after the last character written.
  @discardableResult
  public mutating func write(
    _ text: String, x: Int, y: Int, style: CellStyle = .plain, clip: Rect? = nil
  ) -> Int {
    let area = clip ?? bounds
    guard y >= area.y, y < area.maxY else { return x }
    var column = x
    for scalar in text.unicodeScalars {
      if column >= area.maxX { break }
      if column >= area.x { self[column, y] = Cell(scalar, style: style) }
      column += 1
    }
    return column
  }

  /// Fills `rect` (clipped to the buffer) with `cell`.
  public mutating func fill(_ rect: Rect, with cell: Cell = .blank) {
    for row in max(0, rect.y)..<min(height, rect.maxY) {
      for column in max(0, rect.x)..<min(width, rect.maxX) {
        cells[row * width + column] = cell
      }
    }
  }

  /// Applies `change` to the style of every cell in `rect`.
  public mutating func restyle(_ rect: Rect, _ change: (inout CellStyle) -> Void) {
    for row in max(0, rect.y)..<min(height, rect.maxY) {
      for column in max(0, rect.x)..<min(width, rect.maxX) {
        change(&cells[row * width + column].style)
      }
    }
  }

  /// The characters of row `y`, without styles; for tests and headless output.
  public func row(_ y: Int) -> String {
    var text = String.UnicodeScalarView()
    text.append(contentsOf: cells[(y * width)..<((y + 1) * width)].map(\.character))
    return String(text)
  }

  /// All rows as text, each with trailing spaces removed, joined by newlines.
  public func text() -> String {
    (0..<height).map { row($0).trimmingTrailingSpaces() }.joined(separator: "\n")
  }
}

extension String {
  func trimmingTrailingSpaces() -> String {
    var scalars = unicodeScalars[...]
    while let last = scalars.last, last == " " { scalars = scalars.dropLast() }
    return String(String.UnicodeScalarView(scalars))
  }
}

/// An RGB image drawn two pixels per cell with the upper half block `▀`: the
/// text colour is the top pixel and the background the bottom pixel.
///
/// The image is scaled by nearest neighbour to the largest size that fits the
/// area at its own aspect ratio, since a cell is about twice as tall as wide
/// and so contains two roughly square pixels. It is drawn from the top-left corner.
///
/// Without colour (`usesColor` false) or with the ASCII glyph set, each cell
/// shows the shade of the mean luminance of its two pixels, from `" ░▒▓█"`
/// (`" .:-=+*#%@"` in ASCII). ASCII cells keep the mean colour as text colour
/// when `usesColor` is true.
///
/// A pixel with a NaN or infinite channel is a gap: a cell whose top pixel
/// is a gap shows `▄` in the bottom pixel's colour, one whose two pixels are
/// gaps is blank. `nonFinitePixelCount` counts them for a caption.
public struct HalfBlockImage: Sendable {
  public let width: Int
  public let height: Int
  /// The channels, row-major, three (red, green, blue) per pixel, each in 0...1.
  /// Values outside 0...1 are clamped when drawn.
  public let channels: [Double]
  /// Whether cells carry 24-bit colours, true by default.
  public var usesColor: Bool

  /// Creates an image from a flat array of `width × height × 3` channels.
  /// - Precondition: `channels.count == width * height * 3`, sizes not negative.
  public init(width: Int, height: Int, channels: [Double], usesColor: Bool = true) {
    precondition(width >= 0 && height >= 0,
      "HalfBlockImage: size \(width)×\(height) is negative")
    precondition(channels.count == width * height * 3,
      "HalfBlockImage: \(channels.count) channels for \(width)×\(height) pixels, "
        + "expected \(width * height * 3)")
    self.width = width
    self.height = height
    self.channels = channels
    self.usesColor = usesColor
  }

  /// Creates an image from rows of pixels of three channels, `[H][W][3]`.
  /// - Precondition: every row has the same length and every pixel 3 channels.
  public init(pixels: [[[Double]]], usesColor: Bool = true) {
    let width = pixels.first?.count ?? 0
    for (index, row) in pixels.enumerated() {
      precondition(row.count == width,
        "HalfBlockImage: row \(index) has \(row.count) pixels, row 0 has \(width)")
      for pixel in row {
        precondition(pixel.count == 3,
          "HalfBlockImage: a pixel in row \(index) has \(pixel.count) channels, expected 3")
      }
    }
    self.init(width: width, height: pixels.count, channels: Array(pixels.joined().joined()),
      usesColor: usesColor)
  }

  /// The number of pixels with a NaN or infinite channel.
  public var nonFinitePixelCount: Int {
    stride(from: 0, to: channels.count, by: 3).filter { start in
      !(channels[start].isFinite && channels[start + 1].isFinite
        && channels[start + 2].isFinite)
    }.count
  }

  /// Returns the colour of pixel (`x`, `y`), nil for a gap.
  func color(x: Int, y: Int) -> RGBColor? {
    let start = (y * width + x) * 3
    let (red, green, blue) = (channels[start], channels[start + 1], channels[start + 2])
    guard red.isFinite, green.isFinite, blue.isFinite else { return nil }
    return RGBColor(intensities: red, green, blue)
  }

  /// Returns the size in pixels the image is scaled to in `columns`×`rows`
  /// cells: the largest that keeps its aspect ratio within `columns` pixels
  /// across and `2 × rows` down, at least 1×1 when both are non-zero.
  func scaledSize(columns: Int, rows: Int) -> (width: Int, height: Int) {
    guard width > 0, height > 0, columns > 0, rows > 0 else { return (0, 0) }
    let pixelRows = rows * 2
    // Compare columns / width with pixelRows / height without division.
    if columns * height <= pixelRows * width {
      return (columns, max(1, height * columns / width))
    }
    return (max(1, width * pixelRows / height), pixelRows)
  }

  /// Draws the scaled image into `area` of `buffer`, clipped. It never traps
  /// for any area size (0×0 included) or any channel values.
  ///
  /// The area is cleared first and no cell outside it changes.
  public func draw(into buffer: inout CellBuffer, in area: Rect, glyphs: GlyphSet) {
    let area = area.clipped(to: buffer.bounds)
    guard !area.isEmpty else { return }
    buffer.fill(area, with: .blank)
    let size = scaledSize(columns: area.width, rows: area.height)
    guard size.width > 0, size.height > 0 else { return }

    for row in 0..<((size.height + 1) / 2) {
      for column in 0..<size.width {
        let sourceX = column * width / size.width
        let top = color(x: sourceX, y: (2 * row) * height / size.height)
        // The last row of an odd scaled height has no bottom pixel, so its
        // bottom half keeps the terminal's background.
        let bottomY = 2 * row + 1
        let bottom = bottomY < size.height
          ? color(x: sourceX, y: bottomY * height / size.height) : nil
        buffer[area.x + column, area.y + row] = cell(top: top, bottom: bottom, glyphs: glyphs)
      }
    }
  }

  /// Returns the cell of a top and a bottom pixel, either of them nil for a gap.
  private func cell(top: RGBColor?, bottom: RGBColor?, glyphs: GlyphSet) -> Cell {
    guard usesColor, glyphs.isUnicode else {
      let shown = [top, bottom].compactMap { $0 }
      guard !shown.isEmpty else { return .blank }
      let luminance = shown.map(\.luminance).reduce(0, +) / Double(shown.count)
      let style = usesColor ? CellStyle(rgbForeground: Self.mean(shown)) : .plain
      return Cell(glyphs.shade(luminance), style: style)
    }

    switch (top, bottom) {
    case (let top?, _):
      return Cell("▀", style: CellStyle(rgbForeground: top, rgbBackground: bottom))
    case (nil, let bottom?):
      return Cell("▄", style: CellStyle(rgbForeground: bottom))
    case (nil, nil):
      return .blank
    }
  }

  private static func mean(_ colors: [RGBColor]) -> RGBColor {
    let count = Double(colors.count)
    func average(_ channel: (RGBColor) -> UInt8) -> UInt8 {
      UInt8((colors.map { Double(channel($0)) }.reduce(0, +) / count).rounded())
    }
    return RGBColor(red: average(\.red), green: average(\.green), blue: average(\.blue))
  }
}

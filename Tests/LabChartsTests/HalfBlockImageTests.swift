import Testing

@testable import LabCharts

@Suite("HalfBlockImage")
struct HalfBlockImageTests {
  private let red = RGBColor(red: 255, green: 0, blue: 0)
  private let green = RGBColor(red: 0, green: 255, blue: 0)
  private let blue = RGBColor(red: 0, green: 0, blue: 255)

  /// Red and green over blue and white.
  private let quad = HalfBlockImage(pixels: [
    [[1, 0, 0], [0, 1, 0]],
    [[0, 0, 1], [1, 1, 1]],
  ])

  @Test func topForegroundBottomBackground() {
    let buffer = render(quad, width: 2, height: 1)
    #expect(buffer.row(0) == "▀▀")
    #expect(buffer[0, 0].style == CellStyle(rgbForeground: red, rgbBackground: blue))
    #expect(buffer[1, 0].style == CellStyle(rgbForeground: green, rgbBackground: .white))
  }

  @Test func flatAndNestedAgree() {
    let flat = HalfBlockImage(width: 2, height: 2, channels: [1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 1])
    #expect(flat.channels == quad.channels)
    #expect(render(flat, width: 2, height: 1) == render(quad, width: 2, height: 1))
  }

  @Test func nearestNeighbourUpscale() {
    let buffer = render(quad, width: 4, height: 3)
    #expect(quad.scaledSize(columns: 4, rows: 3) == (4, 4))
    #expect(buffer.textRows == ["▀▀▀▀", "▀▀▀▀", "    "])
    #expect(buffer[1, 0].style == CellStyle(rgbForeground: red, rgbBackground: red))
    #expect(buffer[2, 1].style == CellStyle(rgbForeground: .white, rgbBackground: .white))
    #expect(buffer[1, 1].style == CellStyle(rgbForeground: blue, rgbBackground: blue))
  }

  @Test func oddHeightKeepsBackground() {
    let image = HalfBlockImage(pixels: [[[1, 0, 0]]])
    #expect(image.scaledSize(columns: 3, rows: 2) == (3, 3))
    let buffer = render(image, width: 3, height: 2)
    #expect(buffer.textRows == ["▀▀▀", "▀▀▀"])
    #expect(buffer[0, 1].style == CellStyle(rgbForeground: red))
  }

  @Test func downscaleKeepsAspect() {
    let wide = HalfBlockImage(width: 8, height: 2, channels: Array(repeating: 0.5, count: 48))
    #expect(wide.scaledSize(columns: 4, rows: 4) == (4, 1))
    #expect(render(wide, width: 4, height: 4).textRows == ["▀▀▀▀", "    ", "    ", "    "])
  }

  @Test func monochromeShadesByLuminance() {
    let column = HalfBlockImage(pixels: [[[0, 0, 0]], [[1, 1, 1]]], usesColor: false)
    let buffer = render(column, width: 1, height: 1)
    #expect(buffer.row(0) == "▒")
    #expect(buffer[0, 0].style == .plain)
    #expect(render(column, width: 1, height: 1, glyphs: .ascii).row(0) == "+")
  }

  @Test func asciiKeepsMeanColour() {
    let buffer = render(quad, width: 2, height: 1, glyphs: .ascii)
    #expect(buffer.row(0) == ".%")
    #expect(buffer[0, 0].style.rgbForeground == RGBColor(red: 128, green: 0, blue: 128))
  }

  @Test func nonFinitePixelsAreGaps() {
    let image = HalfBlockImage(pixels: [
      [[.nan, 0, 0], [0, .infinity, 0], [1, 0, 0]],
      [[0, 0, 1], [0, 0, .nan], [0, 1, 0]],
    ])
    #expect(image.nonFinitePixelCount == 3)
    let buffer = render(image, width: 3, height: 1)
    #expect(buffer.row(0) == "▄ ▀")
    #expect(buffer[0, 0].style == CellStyle(rgbForeground: blue))
    #expect(buffer[2, 0].style == CellStyle(rgbForeground: red, rgbBackground: green))
  }

  @Test func emptyImage() {
    let image = HalfBlockImage(width: 0, height: 0, channels: [])
    #expect(render(image, width: 3, height: 1).row(0) == "   ")
  }
}

import Testing

@testable import LabCharts

@Suite("RGBColor")
struct RGBColorTests {
  @Test(arguments: [
    (0, 0, 0, 16),
    (255, 255, 255, 231),
    (255, 0, 0, 196),
    (255, 255, 0, 226),
    (95, 135, 175, 67),
    (128, 128, 128, 244),
    (100, 100, 100, 241),
    (8, 8, 8, 232),
    (238, 238, 238, 255),
    (250, 10, 10, 196),
  ])
  func xtermIndex(red: Int, green: Int, blue: Int, expected: Int) {
    let color = RGBColor(red: UInt8(red), green: UInt8(green), blue: UInt8(blue))
    #expect(color.xterm256Index == expected)
  }

  @Test func xtermIndexInPalette() {
    for level in stride(from: 0, through: 255, by: 17) {
      let index = RGBColor(red: UInt8(level), green: 40, blue: UInt8(255 - level)).xterm256Index
      #expect((16...255).contains(index))
    }
  }

  @Test func intensitiesRoundAndClamp() {
    #expect(RGBColor(intensities: 1, 0.5, 0) == RGBColor(red: 255, green: 128, blue: 0))
    #expect(RGBColor(intensities: 2, -1, .nan) == RGBColor(red: 255, green: 0, blue: 0))
    #expect(RGBColor(intensities: .infinity, 0, 0) == RGBColor(red: 255, green: 0, blue: 0))
  }

  @Test func luminanceWeights() {
    #expect(RGBColor.white.luminance == 1)
    #expect(RGBColor.black.luminance == 0)
    #expect(abs(RGBColor(red: 0, green: 255, blue: 0).luminance - 0.7152) < 1e-12)
  }

  @Test func rampEndsAndMiddle() {
    let ramp = ColorRamp.viridis
    #expect(ramp.color(at: 0) == RGBColor(red: 68, green: 1, blue: 84))
    #expect(ramp.color(at: 1) == RGBColor(red: 253, green: 231, blue: 37))
    #expect(ramp.color(at: 0.125) == RGBColor(red: 64, green: 42, blue: 112))
    #expect(ramp.color(at: .nan) == ramp.color(at: 0))
    #expect(ramp.color(at: 7) == ramp.color(at: 1))
  }

  @Test func rampLuminanceRises() {
    let luminances = (0...8).map { ColorRamp.viridis.color(at: Double($0) / 8).luminance }
    for (lower, upper) in zip(luminances, luminances.dropFirst()) {
      #expect(lower < upper)
    }
  }

  @Test func styleColoursDefaultToNil() {
    let style = CellStyle(foreground: .red, isBold: true)
    #expect(style.rgbForeground == nil)
    #expect(style.rgbBackground == nil)
    #expect(style != CellStyle(foreground: .red, isBold: true, rgbBackground: .black))
  }
}

/// A 24-bit colour, 8 bits per channel, for cells that show images and colour ramps.
public struct RGBColor: Hashable, Sendable {
  public var red: UInt8
  public var green: UInt8
  public var blue: UInt8

  public init(red: UInt8, green: UInt8, blue: UInt8) {
    self.red = red
    self.green = green
    self.blue = blue
  }

  /// Creates a colour from channel intensities in 0...1, rounded to the nearest
  /// of 256 levels. Values outside 0...1 are clamped and NaN counts as 0.
  public init(intensities red: Double, _ green: Double, _ blue: Double) {
    self.init(
      red: Self.level(red), green: Self.level(green), blue: Self.level(blue))
  }

  public static let black = RGBColor(red: 0, green: 0, blue: 0)
  public static let white = RGBColor(red: 255, green: 255, blue: 255)

  private static func level(_ intensity: Double) -> UInt8 {
    guard intensity > 0 else { return 0 }
    guard intensity < 1 else { return 255 }
    return UInt8((intensity * 255).rounded())
  }

  /// The relative luminance in 0...1 with the Rec. 709 weights, applied to the
  /// stored levels without gamma correction:
  ///
  ///     Y = 0.2126 R + 0.7152 G + 0.0722 B
  public var luminance: Double {
    // Integer weights in ten-thousandths keep the sum exact, so white is 1.
    let weighted = 2126 * Int(red) + 7152 * Int(green) + 722 * Int(blue)
    return Double(weighted) / 2_550_000
  }

  /// Returns the colour a fraction `t` of the way from `self` to `other`,
  /// with `t` clamped to 0...1.
  public func interpolated(to other: RGBColor, fraction t: Double) -> RGBColor {
    let t = t.isNaN ? 0 : min(1, max(0, t))
    func mix(_ a: UInt8, _ b: UInt8) -> UInt8 {
      UInt8((Double(a) + (Double(b) - Double(a)) * t).rounded())
    }
    return RGBColor(
      red: mix(red, other.red), green: mix(green, other.green), blue: mix(blue, other.blue))
  }
}

extension RGBColor {
  /// The channel levels of the xterm 6×6×6 colour cube, indices 16...231.
  static let cubeLevels: [Int] = [0, 95, 135, 175, 215, 255]

  /// Returns the index (16...255) of the colour nearest to `self` in the xterm
  /// 256-colour palette, for terminals without 24-bit colour.
  ///
  /// The candidates are the nearest colour of the 6×6×6 cube (16 + 36r + 6g + b,
  /// each channel one of 0, 95, 135, 175, 215, 255) and the nearest of the 24
  /// greys 232...255 (level 8 + 10i). The one at the smaller squared distance
  /// wins, the cube on a tie. Indices 0...15 are left out because terminals
  /// let users redefine them.
  public var xterm256Index: Int {
    let channels = [Int(red), Int(green), Int(blue)]
    let cubeSteps = channels.map(Self.nearestCubeStep)
    let cubeColor = cubeSteps.map { Self.cubeLevels[$0] }
    let cubeIndex = 16 + 36 * cubeSteps[0] + 6 * cubeSteps[1] + cubeSteps[2]

    let mean = Double(channels.reduce(0, +)) / 3
    let greyStep = min(23, max(0, Int(((mean - 8) / 10).rounded())))
    let greyLevel = 8 + 10 * greyStep
    let greyColor = [greyLevel, greyLevel, greyLevel]

    let cubeDistance = Self.squaredDistance(channels, cubeColor)
    let greyDistance = Self.squaredDistance(channels, greyColor)
    return greyDistance < cubeDistance ? 232 + greyStep : cubeIndex
  }

  /// Returns the cube step (0...5) whose level is nearest to `level`.
  private static func nearestCubeStep(_ level: Int) -> Int {
    var best = 0
    for step in 1..<cubeLevels.count
    where abs(cubeLevels[step] - level) < abs(cubeLevels[best] - level) {
      best = step
    }
    return best
  }

  private static func squaredDistance(_ a: [Int], _ b: [Int]) -> Int {
    zip(a, b).reduce(0) { sum, pair in sum + (pair.0 - pair.1) * (pair.0 - pair.1) }
  }
}

/// A sequence of colours that values in 0...1 are mapped along, for heat maps.
public struct ColorRamp: Sendable, Equatable {
  /// The colours at equal steps from 0 to 1. There are at least two.
  public let stops: [RGBColor]

  /// - Precondition: `stops` has at least two colours.
  public init(stops: [RGBColor]) {
    precondition(stops.count >= 2, "ColorRamp: \(stops.count) stops, at least 2 are needed")
    self.stops = stops
  }

  /// Five samples of matplotlib's viridis map, dark violet through teal to
  /// yellow, whose luminance rises with the value so it also reads in grey.
  public static let viridis = ColorRamp(stops: [
    RGBColor(red: 68, green: 1, blue: 84),
    RGBColor(red: 59, green: 82, blue: 139),
    RGBColor(red: 33, green: 145, blue: 140),
    RGBColor(red: 94, green: 201, blue: 98),
    RGBColor(red: 253, green: 231, blue: 37),
  ])

  /// Returns the colour at `fraction` (clamped to 0...1, NaN as 0), linearly
  /// interpolated between the two nearest stops.
  public func color(at fraction: Double) -> RGBColor {
    let t = fraction.isNaN ? 0 : min(1, max(0, fraction))
    let position = t * Double(stops.count - 1)
    let lower = min(stops.count - 2, Int(position))
    return stops[lower].interpolated(to: stops[lower + 1], fraction: position - Double(lower))
  }
}

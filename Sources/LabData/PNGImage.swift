import CPNG
import Foundation
import LabTensor

/// An RGB image with channel values in 0…1, read from or written to a PNG file.
///
/// Pixels are planar, channel by channel and row by row, so `pixels` is the data of a
/// [3, height, width] tensor. The red value of column `x` in row `y` is
/// `pixels[y * width + x]`. Green follows at offset `height * width`, and blue at
/// `2 * height * width`.
public struct PNGImage: Sendable, Equatable {
  /// Width in pixels.
  public var width: Int

  /// Height in pixels.
  public var height: Int

  /// Channel values in 0…1, planar [3, height, width].
  public var pixels: [Float]

  /// Number of channels, always 3 (red, green, blue).
  public var channelCount: Int { 3 }

  /// The largest width and height that `read` and `decode` accept by default, in pixels.
  public static let defaultMaximumSide = 4096

  /// Creates an image from planar [3, height, width] channel values.
  ///
  /// - Precondition: `width` and `height` are positive and
  ///   `pixels.count == 3 * height * width`.
  public init(width: Int, height: Int, pixels: [Float]) {
    precondition(
      width > 0 && height > 0, "PNGImage: size \(width)×\(height) must be positive")
    precondition(
      pixels.count == 3 * height * width,
      "PNGImage: \(pixels.count) values, but 3 × \(height) × \(width) needs "
        + "\(3 * height * width)")
    self.width = width
    self.height = height
    self.pixels = pixels
  }

  /// Creates an image from a [3, H, W] or [1, 3, H, W] tensor of values in 0…1.
  ///
  /// - Precondition: `tensor` has one of those shapes with H and W positive.
  public init(tensor: Tensor) {
    let shape = tensor.shape
    let isImage = shape.count == 3 && shape[0] == 3
    let isBatchOfOne = shape.count == 4 && shape[0] == 1 && shape[1] == 3
    precondition(
      isImage || isBatchOfOne, "PNGImage: tensor must be [3, H, W] or [1, 3, H, W], got \(shape)")
    self.init(width: shape[shape.count - 1], height: shape[shape.count - 2], pixels: tensor.data)
  }

  /// Returns the pixels as a [3, height, width] tensor that does not require gradients.
  public func tensor() -> Tensor {
    Tensor(shape: [3, height, width], data: pixels)
  }
}

extension PNGImage {
  /// Reads a PNG file of any colour type and bit depth into RGB values in 0…1.
  ///
  /// Grey images get three equal channels, palettes are expanded, and an alpha channel
  /// is dropped without compositing, as Pillow's `convert("RGB")` does. Values are
  /// `byte / 255`, so an 8-bit file reads back exactly as written.
  ///
  /// NOTE: 16-bit files are reduced to 8 bits per channel with rounding (libpng's
  /// `png_set_scale_16`), because the simplified API returns 16-bit values only in
  /// linear light. 16-bit files without a gAMA or sRGB chunk are taken as sRGB-encoded
  /// (`PNG_IMAGE_FLAG_16BIT_sRGB`), so their values are not gamma-converted. An 8-bit
  /// file whose gAMA chunk differs markedly from sRGB is converted to sRGB by libpng,
  /// where Pillow ignores the chunk.
  ///
  /// - Parameters:
  ///   - path: File to read.
  ///   - maximumSide: Largest accepted width and height in pixels (default 4096).
  ///     Larger images are rejected after reading the header and before the pixel
  ///     buffer is allocated.
  /// - Throws: `PNGError` naming `path` when the file is missing or unreadable, is not
  ///   a PNG, is damaged or truncated, or is larger than `maximumSide`.
  public static func read(
    from path: String, maximumSide: Int = defaultMaximumSide
  ) throws(PNGError) -> PNGImage {
    let contents: Data
    do {
      contents = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
      guard FileManager.default.fileExists(atPath: path) else {
        throw PNGError(path: path, reason: .fileNotFound)
      }
      throw PNGError(path: path, reason: .unreadable(error.localizedDescription))
    }
    return try decode(contents, source: path, maximumSide: maximumSide)
  }

  /// Decodes the bytes of a PNG file, with the rules of `read(from:maximumSide:)`.
  ///
  /// - Parameter source: Name of the input used in errors, for example its path.
  /// - Throws: `PNGError` naming `source`.
  public static func decode(
    _ contents: Data, source: String, maximumSide: Int = defaultMaximumSide
  ) throws(PNGError) -> PNGImage {
    let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    guard contents.count >= signature.count, Array(contents.prefix(8)) == signature else {
      throw PNGError(path: source, reason: .notPNG)
    }
    let result = contents.withUnsafeBytes { bytes in
      decodeRGBA(bytes, maximumSide: maximumSide)
    }
    guard let (width, height, rgba) = result.decoded else {
      throw PNGError(path: source, reason: result.failure!)
    }
    return PNGImage(width: width, height: height, pixels: planarRGB(rgba, width, height))
  }

  /// Reads 8-bit RGBA rows with `png_image_begin_read_from_memory` and
  /// `png_image_finish_read`.
  private static func decodeRGBA(
    _ bytes: UnsafeRawBufferPointer, maximumSide: Int
  ) -> (decoded: (Int, Int, [UInt8])?, failure: PNGError.Reason?) {
    var image = png_image()
    image.version = _losslab_png_image_version()
    guard png_image_begin_read_from_memory(&image, bytes.baseAddress, bytes.count) != 0 else {
      return (nil, .invalidData(message(of: &image)))
    }

    let (width, height) = (Int(image.width), Int(image.height))
    guard width <= maximumSide && height <= maximumSide else {
      png_image_free(&image)
      return (nil, .tooLarge(width: width, height: height, maximumSide: maximumSide))
    }
    image.format = _losslab_png_format_rgba()
    image.flags |= _losslab_png_image_flag_16bit_srgb()

    // png_image_finish_read releases libpng's state whether it succeeds or not.
    var rgba = [UInt8](repeating: 0, count: 4 * width * height)
    let status = rgba.withUnsafeMutableBytes { buffer in
      png_image_finish_read(&image, nil, buffer.baseAddress, 0, nil)
    }
    guard status != 0 else { return (nil, .invalidData(message(of: &image))) }
    return ((width, height, rgba), nil)
  }

  /// Splits interleaved RGBA bytes into planar RGB values in 0…1, dropping alpha.
  private static func planarRGB(_ rgba: [UInt8], _ width: Int, _ height: Int) -> [Float] {
    let planeSize = width * height
    var pixels = [Float](repeating: 0, count: 3 * planeSize)
    for index in 0..<planeSize {
      for channel in 0..<3 {
        pixels[channel * planeSize + index] = Float(rgba[4 * index + channel]) / 255
      }
    }
    return pixels
  }

  private static func message(of image: inout png_image) -> String {
    String(cString: _losslab_png_image_message(&image))
  }
}

extension PNGImage {
  /// Writes the image as an 8-bit RGB PNG with `png_image_write_to_file`.
  ///
  /// Each value is clamped to 0…1 and stored as `(value · 255).rounded()`, so values
  /// read from an 8-bit file are written back unchanged. NaN is written as 0.
  ///
  /// - Throws: `PNGError` naming `path` when libpng cannot create or write the file.
  public func write(to path: String) throws(PNGError) {
    var rgb = interleavedBytes()
    var image = png_image()
    image.version = _losslab_png_image_version()
    image.width = UInt32(width)
    image.height = UInt32(height)
    image.format = _losslab_png_format_rgb()

    let status = rgb.withUnsafeMutableBytes { buffer in
      png_image_write_to_file(&image, path, 0, buffer.baseAddress, 0, nil)
    }
    guard status != 0 else {
      let message = String(cString: _losslab_png_image_message(&image))
      png_image_free(&image)
      throw PNGError(path: path, reason: .writeFailed(message))
    }
  }

  /// Interleaves the planar values into 8-bit RGB bytes.
  private func interleavedBytes() -> [UInt8] {
    let planeSize = width * height
    var rgb = [UInt8](repeating: 0, count: 3 * planeSize)
    for index in 0..<planeSize {
      for channel in 0..<3 {
        let value = pixels[channel * planeSize + index]
        let clamped = value.isNaN ? 0 : min(max(value, 0), 1)
        rgb[3 * index + channel] = UInt8((clamped * 255).rounded())
      }
    }
    return rgb
  }
}

/// A PNG file that could not be read or written: which file and why.
///
/// The description reads `path: message`, for example
/// `photo.png: not a PNG file (the first 8 bytes are not the PNG signature)`.
public struct PNGError: Error, Equatable, CustomStringConvertible {
  /// Cause of a failed read or write.
  public enum Reason: Equatable, Sendable {
    /// No file exists at the path.
    case fileNotFound
    /// The file exists but could not be read. The associated value is the system's message.
    case unreadable(String)
    /// The file does not start with the PNG signature.
    case notPNG
    /// libpng rejected the data, for example because it is truncated or a checksum
    /// fails. The associated value is libpng's message.
    case invalidData(String)
    /// The image is wider or taller than the accepted maximum.
    case tooLarge(width: Int, height: Int, maximumSide: Int)
    /// libpng could not write the file. The associated value is libpng's message.
    case writeFailed(String)
  }

  /// File path or other name of the input, as the caller gave it.
  public var path: String

  /// Cause of the failure.
  public var reason: Reason

  public init(path: String, reason: Reason) {
    self.path = path
    self.reason = reason
  }

  public var description: String {
    switch reason {
    case .fileNotFound:
      return "\(path): file not found; check the path"
    case .unreadable(let message):
      return "\(path): cannot read the file: \(message)"
    case .notPNG:
      return "\(path): not a PNG file (the first 8 bytes are not the PNG signature)"
    case .invalidData(let message):
      return "\(path): invalid or truncated PNG data: \(message)"
    case .tooLarge(let width, let height, let maximumSide):
      return "\(path): image is \(width)×\(height) pixels, larger than the maximum of "
        + "\(maximumSide)×\(maximumSide); reduce it before loading"
    case .writeFailed(let message):
      return "\(path): cannot write the PNG file: \(message)"
    }
  }
}

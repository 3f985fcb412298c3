import Foundation
import LabTensor
import LabTestSupport
import Testing

@testable import LabData

@Suite("PNGImage")
struct PNGImageTests {
  @Test("photograph matches Pillow", arguments: try ImageReference.load().photographs)
  func photographMatchesPillow(reference: PhotographCase) throws {
    let image = try readPhotograph(reference.name)

    #expect(image.width == reference.width)
    #expect(image.height == reference.height)
    let planeSize = image.width * image.height
    for sample in reference.samples {
      let index = sample.y * image.width + sample.x
      let bytes = (0..<3).map { Int((image.pixels[$0 * planeSize + index] * 255).rounded()) }
      #expect(bytes == sample.rgb, "\(reference.name) pixel (\(sample.x), \(sample.y))")
    }
    for channel in 0..<3 {
      let plane = image.pixels[channel * planeSize..<(channel + 1) * planeSize]
      let mean = plane.reduce(0.0) { $0 + Double($1) } / Double(planeSize)
      #expect(
        abs(mean - reference.channelMeans[channel]) < 1e-6,
        "\(reference.name) channel \(channel) mean \(mean)")
    }
  }

  @Test("colour type and bit depth read as RGB", arguments: try ImageReference.load().formats)
  func formatReadsAsRGB(reference: FormatCase) throws {
    let image = try PNGImage.read(from: reference.path)

    #expect(image.width == reference.width)
    #expect(image.height == reference.height)
    #expect(image.pixels == reference.rgb.map { Float($0) / 255 })
  }

  @Test func valuesAreBytesOver255() throws {
    let image = try readPhotograph("coffee-32")

    for value in image.pixels {
      #expect(value * 255 == (value * 255).rounded(), "value \(value) is not a byte / 255")
    }
  }

  @Test func roundTripKeepsPhotograph() throws {
    let folder = try makeTemporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let original = try readPhotograph("rocket-64")
    let path = folder.appendingPathComponent("rocket.png").path

    try original.write(to: path)
    let reread = try PNGImage.read(from: path)

    #expect(reread == original)
  }

  @Test func writeClampsAndRounds() throws {
    let folder = try makeTemporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("clamped.png").path
    // Red, green and blue planes of a 2×1 image.
    let values: [Float] = [-0.5, 1.5, 0.5, 0.2, .nan, 0.998]
    let expectedBytes: [Float] = [0, 255, 128, 51, 0, 254]

    try PNGImage(width: 2, height: 1, pixels: values).write(to: path)
    let reread = try PNGImage.read(from: path)

    #expect(reread.pixels == expectedBytes.map { $0 / 255 })
  }

  @Test func tensorIsPlanarThreeChannels() throws {
    let image = try readPhotograph("camera-32")

    let tensor = image.tensor()

    #expect(tensor.shape == [3, 32, 32])
    #expect(tensor.data == image.pixels)
    #expect(PNGImage(tensor: tensor) == image)
    #expect(PNGImage(tensor: tensor.reshaped([1, 3, 32, 32])) == image)
  }

  @Test func missingFileIsNamed() {
    let path = "/nonexistent-losslab-folder/missing.png"

    #expect(throws: PNGError(path: path, reason: .fileNotFound)) {
      try PNGImage.read(from: path)
    }
  }

  @Test func textFileIsNotPNG() throws {
    let folder = try makeTemporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("notes.png").path
    try Data("width,height\n4,3\n".utf8).write(to: URL(fileURLWithPath: path))

    #expect(throws: PNGError(path: path, reason: .notPNG)) {
      try PNGImage.read(from: path)
    }
  }

  @Test func emptyFileIsNotPNG() throws {
    #expect(throws: PNGError(path: "empty.png", reason: .notPNG)) {
      try PNGImage.decode(Data(), source: "empty.png")
    }
  }

  @Test("truncated file is invalid", arguments: [0.3, 0.6, 0.95])
  func truncatedFileIsInvalid(fraction: Double) throws {
    let folder = try makeTemporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("truncated.png").path
    let full = try Data(
      contentsOf: photographFolder.appendingPathComponent("chelsea-64.png"))
    try full.prefix(Int(Double(full.count) * fraction)).write(to: URL(fileURLWithPath: path))

    let error = #expect(throws: PNGError.self) { try PNGImage.read(from: path) }

    #expect(error?.path == path)
    guard case .invalidData(let message) = error?.reason else {
      Issue.record("expected invalid data, got \(String(describing: error))")
      return
    }
    #expect(!message.isEmpty)
    #expect(error?.description.hasPrefix("\(path): invalid or truncated PNG data: ") == true)
  }

  @Test func corruptedDataIsInvalid() throws {
    var bytes = try Data(contentsOf: photographFolder.appendingPathComponent("camera-32.png"))
    // Byte 40 lies in the first chunk after IHDR; flipping it breaks that chunk's CRC or
    // the compressed stream.
    bytes[40] ^= 0xFF

    let error = #expect(throws: PNGError.self) {
      try PNGImage.decode(bytes, source: "camera-32.png")
    }

    guard case .invalidData = error?.reason else {
      Issue.record("expected invalid data, got \(String(describing: error))")
      return
    }
  }

  @Test func largeImageIsRejectedBeforeDecoding() throws {
    let path = photographFolder.appendingPathComponent("astronaut-64.png").path

    #expect(
      throws: PNGError(
        path: path, reason: .tooLarge(width: 64, height: 64, maximumSide: 63))
    ) {
      try PNGImage.read(from: path, maximumSide: 63)
    }
  }

  @Test(
    "huge image is rejected before decoding",
    arguments: [(UInt32(100_000), UInt32(3)), (3, 5000)])
  func hugeImageIsRejected(width: UInt32, height: UInt32) throws {
    // A valid header followed by an empty IDAT chunk: the size check must fail before
    // libpng reads pixels or the pixel buffer is allocated.
    let bytes = pngWithoutPixels(width: width, height: height)
    let reason = PNGError.Reason.tooLarge(
      width: Int(width), height: Int(height), maximumSide: 4096)

    #expect(throws: PNGError(path: "huge.png", reason: reason)) {
      try PNGImage.decode(bytes, source: "huge.png")
    }
  }

  @Test func writeToMissingFolderFails() throws {
    let path = "/nonexistent-losslab-folder/out.png"
    let image = PNGImage(width: 1, height: 1, pixels: [0, 0, 0])

    let error = #expect(throws: PNGError.self) { try image.write(to: path) }

    #expect(error?.path == path)
    guard case .writeFailed = error?.reason else {
      Issue.record("expected a write failure, got \(String(describing: error))")
      return
    }
  }

  @Test func errorDescriptionsNameFileAndReason() {
    #expect(
      PNGError(path: "a.png", reason: .fileNotFound).description
        == "a.png: file not found; check the path")
    #expect(
      PNGError(path: "a.png", reason: .notPNG).description
        == "a.png: not a PNG file (the first 8 bytes are not the PNG signature)")
    #expect(
      PNGError(path: "a.png", reason: .tooLarge(width: 5000, height: 10, maximumSide: 4096))
        .description
        == "a.png: image is 5000×10 pixels, larger than the maximum of 4096×4096; "
        + "reduce it before loading")
  }
}

/// Returns the PNG signature, the IHDR chunk of an 8-bit RGB image, an empty IDAT chunk
/// and IEND: enough for libpng to read the header, not the pixels.
private func pngWithoutPixels(width: UInt32, height: UInt32) -> Data {
  var header = Data()
  for value in [width, height] {
    header.append(contentsOf: withUnsafeBytes(of: value.bigEndian, Array.init))
  }
  header.append(contentsOf: [8, 2, 0, 0, 0])

  var data = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
  data.append(pngChunk("IHDR", header))
  data.append(pngChunk("IDAT", Data()))
  data.append(pngChunk("IEND", Data()))
  return data
}

/// Returns one PNG chunk: length, type, payload and the CRC-32 of type and payload.
private func pngChunk(_ type: String, _ payload: Data) -> Data {
  let typeAndPayload = Data(type.utf8) + payload
  var chunk = Data(withUnsafeBytes(of: UInt32(payload.count).bigEndian, Array.init))
  chunk.append(typeAndPayload)
  chunk.append(contentsOf: withUnsafeBytes(of: crc32(typeAndPayload).bigEndian, Array.init))
  return chunk
}

/// CRC-32 as PNG chunks use it (polynomial 0xEDB88320, reflected).
private func crc32(_ bytes: Data) -> UInt32 {
  var crc: UInt32 = 0xFFFF_FFFF
  for byte in bytes {
    crc ^= UInt32(byte)
    for _ in 0..<8 { crc = (crc >> 1) ^ (crc & 1 == 1 ? 0xEDB8_8320 : 0) }
  }
  return ~crc
}

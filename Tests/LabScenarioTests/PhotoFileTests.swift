import Foundation
import LabData
import LabTensor
import Testing

@testable import LabScenario

/// Image scenarios on PNG files of the user's: fitting them to the scenario's
/// size, and the errors for missing, broken and too small files.
@Suite struct PhotoFileTests {
  /// Returns a new empty folder that the caller removes.
  static func temporaryFolder() throws -> URL {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("losslab-photos-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
  }

  /// Writes a `width × height` PNG whose red channel brightens to the right.
  static func writePhoto(_ url: URL, width: Int, height: Int) throws {
    var pixels = [Float](repeating: 0.25, count: 3 * width * height)
    for y in 0..<height {
      for x in 0..<width { pixels[y * width + x] = Float(x) / Float(width - 1) }
    }
    try PNGImage(width: width, height: height, pixels: pixels).write(to: url.path)
  }

  static func scenario(photos: String) -> String {
    """
    {
      "loss": { "name": "perceptual", "perceptual_weight": 0.5, "layers": ["relu1_1"] },
      "image": { "task": "denoising", "size": 32, "photos": [\(photos)],
                 "validation": ["mine.png"] },
      "model": { "hidden": [4] },
      "training": { "steps": 2, "eval_interval": 1 }
    }
    """
  }

  @Test func fittedTakesCentredSquareAndAverages() throws {
    // A 3×10×7 photo at side 3: the centred 6×6 square (rows 2…7), in 2×2 blocks.
    var values = [Float](repeating: 0, count: 3 * 10 * 7)
    for index in values.indices { values[index] = Float(index % 70) }
    let fitted = try #require(ImageSpec.fitted(Tensor(shape: [3, 10, 7], data: values), side: 3))
    #expect(fitted.shape == [3, 3, 3])
    // Block (0, 0) covers rows 2…3 and columns 0…1: (14 + 15 + 21 + 22) / 4.
    #expect(fitted.data[0] == 18)
    // Block (2, 2) covers rows 6…7 and columns 4…5: (46 + 47 + 53 + 54) / 4.
    #expect(fitted.data[8] == 50)
  }

  @Test func fittedRejectsSmallPhoto() {
    let photo = Tensor(shape: [3, 40, 20], data: [Float](repeating: 0, count: 3 * 40 * 20))
    #expect(ImageSpec.fitted(photo, side: 32) == nil)
  }

  @Test func ownPhotosTrain() throws {
    let folder = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try Self.writePhoto(folder.appendingPathComponent("mine.png"), width: 80, height: 70)
    let path = folder.appendingPathComponent("own.json").path
    let spec = try ScenarioReader.parse(Self.scenario(photos: "\"mine.png\""), path: path)
    #expect(spec.image.photos == ["mine.png"])
    let session = try TrainingSession(spec: spec)
    session.advance()
    session.advance()
    let image = try #require(session.latest?.image)
    #expect(image.width == 32)
    #expect(image.height == 32)
    #expect(image.psnr.isFinite)
  }

  @Test func missingPhotoFileIsNamed() throws {
    let folder = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try Self.writePhoto(folder.appendingPathComponent("mine.png"), width: 40, height: 40)
    let path = folder.appendingPathComponent("own.json").path
    #expect {
      try ScenarioReader.parse(Self.scenario(photos: "\"gone.png\""), path: path)
    } throws: { error in
      "\(error)".contains("image: no such photo file 'gone.png'")
    }
  }

  @Test func brokenPhotoFileIsNamed() throws {
    let folder = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try Self.writePhoto(folder.appendingPathComponent("mine.png"), width: 40, height: 40)
    try Data("not an image".utf8).write(to: folder.appendingPathComponent("text.png"))
    let path = folder.appendingPathComponent("own.json").path
    let spec = try ScenarioReader.parse(Self.scenario(photos: "\"text.png\""), path: path)
    #expect {
      try TrainingSession(spec: spec)
    } throws: { error in
      "\(error)".contains("text.png") && "\(error)".contains("PNG")
    }
  }

  @Test func smallPhotoFileNamesBothSizes() throws {
    let folder = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try Self.writePhoto(folder.appendingPathComponent("mine.png"), width: 40, height: 40)
    try Self.writePhoto(folder.appendingPathComponent("tiny.png"), width: 20, height: 24)
    let path = folder.appendingPathComponent("own.json").path
    let spec = try ScenarioReader.parse(Self.scenario(photos: "\"tiny.png\""), path: path)
    #expect {
      try TrainingSession(spec: spec)
    } throws: { error in
      "\(error)".contains("tiny.png is 20×24 pixels; the photos must be at least 32×32")
    }
  }
}

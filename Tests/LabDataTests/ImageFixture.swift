import Foundation
import LabData
import LabTensor
import LabTestSupport
import Testing

/// Fixtures/images_reference.json, written by scripts/references/images.py.
struct ImageReference: Decodable {
  var formats: [FormatCase]
  var photographs: [PhotographCase]
  var downscale: [DownscaleCase]
  var quality: [QualityCase]

  static func load() throws -> ImageReference {
    try loadReference(ImageReference.self, named: "images_reference", from: Bundle.module)
  }
}

/// A small PNG file in Fixtures/png and its expected 8-bit RGB values, planar.
struct FormatCase: Decodable, CustomTestStringConvertible {
  var name: String
  var file: String
  var width: Int
  var height: Int
  var rgb: [Int]

  var testDescription: String { name }

  /// Path of the file inside the test bundle.
  var path: String {
    Bundle.module.resourceURL!.appendingPathComponent("Fixtures").appendingPathComponent(file)
      .path
  }
}

/// One committed photograph as Pillow reads it.
struct PhotographCase: Decodable, CustomTestStringConvertible {
  struct Sample: Decodable {
    var x: Int
    var y: Int
    var rgb: [Int]
  }

  var name: String
  var width: Int
  var height: Int
  var samples: [Sample]
  var channelMeans: [Double]

  var testDescription: String { name }
}

/// An area downscale by PyTorch, of a stored tensor or of a committed photograph.
struct DownscaleCase: Decodable, CustomTestStringConvertible {
  var name: String
  var factor: Int
  var input: ReferenceTensor?
  var image: String?
  var output: ReferenceTensor

  var testDescription: String { name }
}

/// PSNR and SSIM by scikit-image between a photograph and a second image, which is
/// stored (`other`), another photograph (`otherImage`), or that photograph with each
/// pixel repeated `otherRepeat` times along both sides.
struct QualityCase: Decodable, CustomTestStringConvertible {
  var name: String
  var image: String
  var channel: Int?
  var other: ReferenceTensor?
  var otherImage: String?
  var otherRepeat: Int?
  var psnr: Double
  var ssim: Double

  var testDescription: String { name }
}

/// Folder of the committed photographs, found from this file's place in the repository.
let photographFolder = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent()  // Tests/LabDataTests
  .deletingLastPathComponent()  // Tests
  .deletingLastPathComponent()  // repository root
  .appendingPathComponent("scenarios/data/images")

/// Reads scenarios/data/images/NAME.png.
func readPhotograph(_ name: String) throws -> PNGImage {
  try PNGImage.read(from: photographFolder.appendingPathComponent("\(name).png").path)
}

/// Returns a new empty folder in the temporary directory, for files a test writes.
func makeTemporaryFolder() throws -> URL {
  let folder = FileManager.default.temporaryDirectory
    .appendingPathComponent("losslab-images-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  return folder
}

import Foundation
import LabCharts
import LabData
import Testing

@testable import LabApp
@testable import LabScenario

/// Tests of the image task view, in colour and as a grey ramp without colour.
@Suite struct ImageViewTests {
  /// Returns an evaluation whose three 8×8 grey images brighten from black at
  /// the left edge to white at the right.
  static func evaluation() -> ImageEvaluation {
    let side = 8
    var plane = [Float](repeating: 0, count: side * side)
    for y in 0..<side {
      for x in 0..<side { plane[y * side + x] = Float(x) / Float(side - 1) }
    }
    let image = plane + plane + plane
    return ImageEvaluation(
      psnr: 30, ssim: 0.9, inputPSNR: 25, inputSSIM: 0.8, width: side, height: side,
      input: image, output: image, target: image, warnings: [])
  }

  /// Returns the first picture row of the input panel, drawn in a 50×12 area.
  /// The panel is 15 columns wide and 7 rows tall below its label, so the
  /// picture is 14 pixels square.
  static func pictureRow(usesColor: Bool) -> [Cell] {
    var state = AppState(catalog: [])
    state.showsImageColor = usesColor
    var buffer = CellBuffer(width: 50, height: 12)
    state.renderImageView(evaluation(), into: &buffer, area: buffer.bounds)
    return (1..<15).map { buffer[$0, 2] }
  }

  @Test func colourCellsAreHalfBlocks() {
    let row = Self.pictureRow(usesColor: true)
    #expect(row.allSatisfy { $0.character == "▀" })
    #expect(row.first?.style.rgbForeground == RGBColor.black)
    #expect(row.last?.style.rgbForeground == RGBColor.white)
  }

  @Test func withoutColourShadesFollowBrightness() {
    let row = Self.pictureRow(usesColor: false)
    let ramp: [Unicode.Scalar] = [" ", "░", "▒", "▓", "█"]
    #expect(row.allSatisfy { $0.style.rgbForeground == nil })
    #expect(row.allSatisfy { $0.style.rgbBackground == nil })
    let levels = row.compactMap { cell in ramp.firstIndex(of: cell.character) }
    #expect(levels.count == row.count)
    #expect(levels == levels.sorted())
    #expect(levels.first == 0)
    #expect(levels.last == ramp.count - 1)
  }

  @Test func greyRampStretchesMiddleTones() {
    let images: [[Float]] = [[0.4, 0.5], [0.45, 0.6], [0.5, 0.55]]
    let stretched = AppState.stretched(images)
    #expect(stretched.joined().min() == 0)
    #expect(abs(stretched.joined().max()! - 1) < 1e-6)
    #expect(abs(stretched[0][1] - 0.5) < 1e-6)
  }

  @Test func captionsNameBothQualities() {
    let lines = AppState(catalog: []).imageCaptions(Self.evaluation())
    #expect(lines == ["output PSNR 30 dB  SSIM 0.9", "input  PSNR 25 dB  SSIM 0.8"])
  }

  @Test func widePanelsSitSideBySide() {
    let panels = AppState.imagePanels(
      in: Rect(x: 0, y: 0, width: 90, height: 20), width: 32, height: 32)
    #expect(panels.map(\.x) == [0, 30, 60])
    #expect(panels.map(\.width) == [29, 29, 29])
    #expect(panels.allSatisfy { $0.height == 20 })
  }

  @Test func tallPanelsStack() {
    let panels = AppState.imagePanels(
      in: Rect(x: 2, y: 1, width: 44, height: 38), width: 32, height: 32)
    #expect(panels.map(\.y) == [1, 14, 27])
    #expect(panels.allSatisfy { $0.height == 12 })
    #expect(panels.allSatisfy { $0.width == 44 })
    #expect(panels.allSatisfy { $0.x == 2 })
  }

  @Test func writeKeySavesImagesBesideScenario() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("losslab-image-export-\(getpid())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let pixels = (0..<(3 * 40 * 40)).map { Float($0 % 40) / 39 }
    try PNGImage(width: 40, height: 40, pixels: pixels)
      .write(to: folder.appendingPathComponent("photo.png").path)
    let spec = try ScenarioReader.parse("""
      {"loss": {"name": "perceptual", "perceptual_weight": 0.5, "layers": ["relu1_1"]},
       "image": {"task": "denoising", "photos": ["photo.png"], "validation": ["photo.png"]},
       "model": {"hidden": [4]}, "training": {"steps": 4, "eval_interval": 2}}
      """, path: folder.appendingPathComponent("own.json").path)
    var replay = Replay(spec: spec, catalog: [spec])
    replay.press(.enter)
    replay.train(steps: 2)
    replay.press(.character("w"))

    let written = try PNGImage.read(from: folder.appendingPathComponent("own-2.png").path)
    #expect(written.width == 3 * 32 + 2 * 2)
    #expect(written.height == 32)
    let scenarioFile = folder.appendingPathComponent("own-2.json").path
    #expect(FileManager.default.fileExists(atPath: scenarioFile))
    #expect(replay.state.message?.text.contains("own-2.png") == true)
    #expect(replay.state.message?.isError == false)
  }
}

import LabCharts
import LabScenario

/// The task view of image scenarios: the first validation photo's degraded
/// input, the network's output and the target side by side in half blocks,
/// with PSNR and SSIM of the output and of the input beneath them.
extension AppState {
  func renderImageView(_ image: ImageEvaluation, into buffer: inout CellBuffer, area: Rect) {
    buffer.drawFrame(area, title: "Input | output | target", glyphs: glyphs, style: .dim,
      titleStyle: .bold)
    let inner = area.inset(by: 1)
    let captions = imageCaptions(image)
    let (pictures, text) = inner.splitTop(max(0, inner.height - captions.count))
    let names = ["input", "output", "target"]
    let panels = Self.imagePanels(in: pictures, width: image.width, height: image.height)
    var images = [image.input, image.output, image.target]
    if !showsImageColor { images = Self.stretched(images) }
    for (index, values) in images.enumerated() {
      let (label, picture) = panels[index].splitTop(1)
      buffer.write(names[index], x: label.x, y: label.y, style: .dim, clip: label)
      Self.halfBlockImage(
        values, width: image.width, height: image.height, usesColor: showsImageColor
      ).draw(into: &buffer, in: picture, glyphs: glyphs)
    }
    for (offset, line) in captions.enumerated() where offset < text.height {
      buffer.write(line, x: text.x, y: text.y + offset, clip: text)
    }
  }

  /// Returns three panels for the images, each a label row above the picture:
  /// side by side or one above the other, whichever shows the pictures larger.
  static func imagePanels(in area: Rect, width: Int, height: Int) -> [Rect] {
    let across = max(0, (area.width - 2) / 3)
    let down = max(0, (area.height - 2) / 3)
    // The scale of each layout in pixels per image pixel: a cell is one
    // pixel wide and two tall, and the label takes one row of each panel.
    func scale(columns: Int, rows: Int) -> Double {
      guard width > 0, height > 0 else { return 0 }
      return min(Double(columns) / Double(width), Double(2 * max(0, rows - 1)) / Double(height))
    }
    if scale(columns: area.width, rows: down) > scale(columns: across, rows: area.height) {
      return (0..<3).map { index in
        Rect(x: area.x, y: area.y + index * (down + 1), width: area.width, height: down)
      }
    }
    return (0..<3).map { index in
      Rect(x: area.x + index * (across + 1), y: area.y, width: across, height: area.height)
    }
  }

  /// Returns the lines under the images: the output's PSNR and SSIM, the input's, and
  /// any warning such as "random weights".
  func imageCaptions(_ image: ImageEvaluation) -> [String] {
    var lines = [
      "output PSNR \(formatLoss(image.psnr)) dB  SSIM \(formatLoss(image.ssim))",
      "input  PSNR \(formatLoss(image.inputPSNR)) dB  SSIM \(formatLoss(image.inputSSIM))",
    ]
    if !image.warnings.isEmpty {
      lines.append("VGG: " + image.warnings.joined(separator: ", "))
    }
    return lines
  }

  /// Returns the status-line metrics of an image evaluation.
  func imageStatus(_ image: ImageEvaluation) -> [String] {
    ["PSNR \(formatLoss(image.psnr)) dB (input \(formatLoss(image.inputPSNR)))",
      "SSIM \(formatLoss(image.ssim))"] + image.warnings
  }

  /// Returns the images with one linear map applied to every value, so that
  /// the darkest value of all three becomes 0 and the brightest 1. A grey
  /// ramp has five shades, and a photo's middle tones would otherwise share two.
  static func stretched(_ images: [[Float]]) -> [[Float]] {
    let values = images.joined().lazy.map { min(1, max(0, $0)) }.filter(\.isFinite)
    guard let low = values.min(), let high = values.max(), high - low > 1e-6 else {
      return images
    }
    return images.map { image in image.map { ($0 - low) / (high - low) } }
  }

  /// Returns a [3, H, W] image as a half-block image, its values clamped to 0…1.
  static func halfBlockImage(
    _ values: [Float], width: Int, height: Int, usesColor: Bool
  ) -> HalfBlockImage {
    let plane = width * height
    var channels = [Double](repeating: 0, count: plane * 3)
    for pixel in 0..<plane {
      for channel in 0..<3 {
        channels[pixel * 3 + channel] = Double(min(1, max(0, values[channel * plane + pixel])))
      }
    }
    return HalfBlockImage(width: width, height: height, channels: channels, usesColor: usesColor)
  }
}

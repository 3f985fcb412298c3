import LabCharts
import LabScenario

/// The task view of image scenarios: the first validation photo's degraded
/// input, the network's output and the target side by side in half blocks,
/// with PSNR and SSIM of the output and of the input beneath them. Style
/// transfer shows the content photo, the output and the style photo, with the
/// loss terms; an adversarial run adds the discriminator's numbers.
extension AppState {
  func renderImageView(_ image: ImageEvaluation, into buffer: inout CellBuffer, area: Rect) {
    let title = image.styleTransfer == nil
      ? "Input | output | target" : "Content | output | style"
    buffer.drawFrame(area, title: title, glyphs: glyphs, style: .dim, titleStyle: .bold)
    let inner = area.inset(by: 1)
    let captions = imageCaptions(image)
    let (pictures, text) = inner.splitTop(max(0, inner.height - captions.count))
    let names = image.styleTransfer == nil
      ? ["input", "output", "target"] : ["content", "output", "style"]
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

  /// Returns the lines under the images: the output's PSNR and SSIM, the input's
  /// (or, in style transfer, the loss terms), the discriminator's numbers, and
  /// any warning such as "random weights".
  func imageCaptions(_ image: ImageEvaluation) -> [String] {
    var lines: [String]
    if let terms = image.styleTransfer {
      let variation = terms.totalVariation > 0 ? "  TV \(formatLoss(terms.totalVariation))" : ""
      lines = [
        "content \(formatLoss(terms.content))  style \(formatLoss(terms.style))",
        "against content PSNR \(formatLoss(image.psnr)) dB",
        "SSIM \(formatLoss(image.ssim))" + variation,
      ]
    } else {
      lines = [
        "output PSNR \(formatLoss(image.psnr)) dB  SSIM \(formatLoss(image.ssim))",
        "input  PSNR \(formatLoss(image.inputPSNR)) dB  SSIM \(formatLoss(image.inputSSIM))",
      ]
    }
    if let discriminator = image.discriminator {
      lines.append("discriminator loss \(formatLoss(discriminator.loss))")
      lines.append("D(real) \(formatLoss(discriminator.realProbability))  "
        + "D(fake) \(formatLoss(discriminator.fakeProbability))")
    }
    if !image.warnings.isEmpty {
      lines.append("VGG: " + image.warnings.joined(separator: ", "))
    }
    return lines
  }

  /// Returns the status-line metrics of an image evaluation.
  func imageStatus(_ image: ImageEvaluation) -> [String] {
    var parts: [String]
    if let terms = image.styleTransfer {
      parts = ["content \(formatLoss(terms.content))", "style \(formatLoss(terms.style))",
        "PSNR \(formatLoss(image.psnr)) dB vs content"]
    } else {
      parts = ["PSNR \(formatLoss(image.psnr)) dB (input \(formatLoss(image.inputPSNR)))",
        "SSIM \(formatLoss(image.ssim))"]
    }
    if let discriminator = image.discriminator {
      parts.append("D loss \(formatLoss(discriminator.loss))")
    }
    return parts + image.warnings
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

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
    let panelWidth = max(0, (pictures.width - 2) / 3)
    for (index, values) in [image.input, image.output, image.target].enumerated() {
      let panel = Rect(
        x: pictures.x + index * (panelWidth + 1), y: pictures.y, width: panelWidth,
        height: pictures.height)
      Self.halfBlockImage(values, width: image.width, height: image.height)
        .draw(into: &buffer, in: panel, glyphs: glyphs)
    }
    for (offset, line) in captions.enumerated() where offset < text.height {
      buffer.write(line, x: text.x, y: text.y + offset, clip: text)
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

  /// Returns a [3, H, W] image as a half-block image, its values clamped to 0…1.
  static func halfBlockImage(_ values: [Float], width: Int, height: Int) -> HalfBlockImage {
    let plane = width * height
    var channels = [Double](repeating: 0, count: plane * 3)
    for pixel in 0..<plane {
      for channel in 0..<3 {
        channels[pixel * 3 + channel] = Double(min(1, max(0, values[channel * plane + pixel])))
      }
    }
    return HalfBlockImage(width: width, height: height, channels: channels)
  }
}

import LabApp
import LabData
import LabScenario

/// `losslab run --image FILE.png`: the image scenarios' result as a PNG file.
let imageOption = OptionSpec(name: "--image", value: "FILE.png",
  summary: "write the first validation photo's input, output and target (for style transfer: "
    + "content, output and style) side by side as a PNG file after training (image scenarios "
    + "only)")

/// Writes the latest evaluation's input, output and target side by side as a PNG file.
func writeImages(_ snapshot: RunSnapshot, to file: String) throws(UsageError) {
  guard let image = snapshot.latest?.image else {
    throw UsageError(message: "--image: scenario '\(snapshot.spec.id)' has no images; "
      + "--image applies to scenarios with loss perceptual")
  }
  do {
    try image.writePNG(to: file)
  } catch {
    throw UsageError(message: "--image: \(error.description)")
  }
}

/// Returns an image evaluation's numbers for the one-line summary of a run.
func imageNumbers(_ image: ImageEvaluation) -> [String] {
  var parts: [String]
  if let terms = image.styleTransfer {
    parts = ["content \(formatLoss(terms.content))", "style \(formatLoss(terms.style))",
      "PSNR \(formatLoss(image.psnr)) dB against the content"]
  } else {
    parts = ["PSNR \(formatLoss(image.psnr)) dB (input \(formatLoss(image.inputPSNR)))",
      "SSIM \(formatLoss(image.ssim)) (input \(formatLoss(image.inputSSIM)))"]
  }
  if let discriminator = image.discriminator {
    parts.append("D loss \(formatLoss(discriminator.loss))")
  }
  return parts + image.warnings
}

/// Returns the closing lines of `losslab run` for an image scenario, joined by newlines.
func imageSummaryLine(_ image: ImageEvaluation) -> String {
  var lines: [String] = []
  if let terms = image.styleTransfer {
    var line = "validation loss terms: content \(formatLoss(terms.content)), style "
      + "\(formatLoss(terms.style)) (\(formatLoss(terms.style / terms.initialStyle))× its "
      + "value at step 0)"
    if terms.totalVariation > 0 { line += ", total variation \(formatLoss(terms.totalVariation))" }
    lines.append(line)
    lines.append("validation PSNR \(formatLoss(image.psnr)) dB and SSIM "
      + "\(formatLoss(image.ssim)) against the content")
  } else {
    lines.append("validation PSNR \(formatLoss(image.psnr)) dB against "
      + "\(formatLoss(image.inputPSNR)) dB for the input; SSIM \(formatLoss(image.ssim)) "
      + "against \(formatLoss(image.inputSSIM))")
  }
  if let discriminator = image.discriminator {
    lines.append("discriminator loss \(formatLoss(discriminator.loss)) (ln 2 = 0.6931 at "
      + "chance), D(real) \(formatLoss(discriminator.realProbability)), D(fake) "
      + "\(formatLoss(discriminator.fakeProbability)), adversarial term "
      + "\(formatLoss(discriminator.adversarialLoss))")
  }
  if !image.warnings.isEmpty {
    lines.append("VGG: \(image.warnings.joined(separator: ", ")) (give loss.weights for "
      + "pretrained ones)")
  }
  return lines.joined(separator: "\n")
}

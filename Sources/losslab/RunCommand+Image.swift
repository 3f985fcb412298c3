import LabApp
import LabData
import LabScenario

/// `losslab run --image FILE.png`: the image scenarios' result as a PNG file.
let imageOption = OptionSpec(name: "--image", value: "FILE.png",
  summary: "write the first validation photo's input, output and target side by side as a "
    + "PNG file after training (image scenarios only)")

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
  ["PSNR \(formatLoss(image.psnr)) dB (input \(formatLoss(image.inputPSNR)))",
    "SSIM \(formatLoss(image.ssim)) (input \(formatLoss(image.inputSSIM)))"] + image.warnings
}

/// Returns the closing line of `losslab run` for an image scenario.
func imageSummaryLine(_ image: ImageEvaluation) -> String {
  var line = "validation PSNR \(formatLoss(image.psnr)) dB against \(formatLoss(image.inputPSNR)) "
    + "dB for the input; SSIM \(formatLoss(image.ssim)) against \(formatLoss(image.inputSSIM))"
  if !image.warnings.isEmpty {
    line += "; VGG: \(image.warnings.joined(separator: ", ")) (give loss.weights for "
      + "pretrained ones)"
  }
  return line
}

/// The fields of image scenarios as `ScenarioWriter` writes them: the loss
/// terms under `loss`, and the photos and degradation under `image`, which
/// takes the place of `data`.
extension ScenarioWriter {
  static func imageLossFields(_ spec: ScenarioSpec) -> [String] {
    guard spec.loss == .perceptual else { return [] }
    let image = spec.image
    var fields = [
      "\"pixel\": \(quoted(image.pixelLoss.rawValue))",
      "\"perceptual_weight\": \(number(image.perceptualWeight))",
      "\"layers\": \(nameArray(image.layers))",
    ]
    if let weights = image.weightsPath { fields.append("\"weights\": \(quoted(weights))") }
    return fields
  }

  static func imageObject(_ spec: ScenarioSpec) -> String {
    let image = spec.image
    var fields = ["\"task\": \(quoted(image.task.rawValue))"]
    switch image.task {
    case .superResolution: fields.append("\"factor\": \(image.factor)")
    case .denoising: fields.append("\"noise\": \(number(image.noise))")
    case .inpainting: fields.append("\"mask\": \(number(image.mask))")
    }
    fields += [
      "\"size\": \(image.size)", "\"photos\": \(nameArray(image.photos))",
      "\"validation\": \(nameArray(image.validation))",
    ]
    return "{ " + fields.joined(separator: ", ") + " }"
  }

  private static func nameArray(_ names: [String]) -> String {
    "[" + names.map(quoted).joined(separator: ", ") + "]"
  }
}

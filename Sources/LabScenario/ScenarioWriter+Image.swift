/// The fields of image scenarios as `ScenarioWriter` writes them: the loss
/// terms under `loss`, and the photos and degradation under `image`, which
/// takes the place of `data`.
extension ScenarioWriter {
  static func imageLossFields(_ spec: ScenarioSpec) -> [String] {
    guard spec.loss == .perceptual else { return [] }
    let image = spec.image
    var fields: [String] = []
    if image.task.isRestoration { fields.append("\"pixel\": \(quoted(image.pixelLoss.rawValue))") }
    fields += [
      "\"perceptual_weight\": \(number(image.perceptualWeight))",
      "\"layers\": \(nameArray(image.layers))",
    ]
    if let weights = image.weightsPath { fields.append("\"weights\": \(quoted(weights))") }
    if image.task == .styleTransfer {
      fields += [
        "\"style_weight\": \(number(image.styleWeight))",
        "\"style_layers\": \(nameArray(image.styleLayers))",
      ]
      if image.totalVariationWeight > 0 {
        fields.append("\"tv_weight\": \(number(image.totalVariationWeight))")
      }
    } else if image.adversarialWeight > 0 {
      fields.append("\"adversarial_weight\": \(number(image.adversarialWeight))")
    }
    return fields
  }

  static func imageObject(_ spec: ScenarioSpec) -> String {
    let image = spec.image
    var fields = ["\"task\": \(quoted(image.task.rawValue))"]
    switch image.task {
    case .superResolution: fields.append("\"factor\": \(image.factor)")
    case .denoising: fields.append("\"noise\": \(number(image.noise))")
    case .inpainting: fields.append("\"mask\": \(number(image.mask))")
    case .styleTransfer: fields.append("\"style\": \(quoted(image.style))")
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

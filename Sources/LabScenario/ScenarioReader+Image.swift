import Foundation

/// Reading the `image` object and the perceptual loss options of image scenarios.
extension ScenarioReader {
  static let imageFields = [
    "task", "factor", "noise", "mask", "size", "photos", "validation", "style",
  ]

  static let imageLossOptions: [(String, ParameterPath)] = [
    ("pixel", .pixelLoss), ("perceptual_weight", .perceptualWeight), ("layers", .vggLayers),
    ("weights", .vggWeights),
  ]

  /// The loss options that apply to some image tasks only. They are read after
  /// `image`, which sets the task they are checked against.
  static let imageTaskLossOptions: [(String, ParameterPath)] = [
    ("style_weight", .styleWeight), ("style_layers", .styleLayers),
    ("tv_weight", .totalVariationWeight), ("adversarial_weight", .adversarialWeight),
  ]

  /// Reads `image`: the task, its degradation and the photos; then the loss
  /// options that depend on the task.
  static func readImage(_ top: ObjectReader, into spec: inout ScenarioSpec) throws(ScenarioError) {
    if let image = try top.object("image", allowed: imageFields) {
      let settings: [(String, ParameterPath)] = [
        ("task", .imageTask), ("factor", .imageFactor), ("noise", .imageNoise),
        ("mask", .imageMask), ("size", .imageSize), ("photos", .photos),
        ("validation", .validationPhotos), ("style", .stylePhoto),
      ]
      for (key, parameter) in settings where image[key] != nil {
        try image.parameter(key, parameter, to: &spec)
      }
      for (key, parameter) in settings where image[key] != nil && !parameter.applies(to: spec) {
        throw image.error(key, parameter.notApplicableReason)
      }
    }
    try readImageTaskLossOptions(top, into: &spec)
  }

  /// Reads the task-dependent loss options, and rejects `pixel` on style transfer.
  private static func readImageTaskLossOptions(
    _ top: ObjectReader, into spec: inout ScenarioSpec
  ) throws(ScenarioError) {
    guard case .object = top["loss"]?.value,
      let loss = try top.object("loss", allowed: lossFields)
    else { return }
    for (key, parameter) in imageTaskLossOptions where loss[key] != nil {
      try loss.parameter(key, parameter, to: &spec)
    }
    for (key, parameter) in imageTaskLossOptions + [("pixel", .pixelLoss)]
    where loss[key] != nil && !parameter.applies(to: spec) {
      throw loss.error(key, parameter.notApplicableReason)
    }
  }

  /// Rejects image settings on other tasks, and tabular data or a missing
  /// weights file on image ones.
  static func checkImageTask(_ top: ObjectReader, _ spec: ScenarioSpec) throws(ScenarioError) {
    let isImage = spec.task == .image
    if isImage != (spec.loss == .perceptual) {
      throw top.error(top["task"] != nil ? "task" : "loss", "task 'image' goes with loss "
        + "'perceptual' and no other; set both, or neither")
    }
    if !isImage {
      if top["image"] != nil {
        throw top.error("image", "'image' applies only to loss 'perceptual'; remove it")
      }
      return
    }
    if top["data"] != nil {
      throw top.error("data", "image scenarios take their photos from 'image' "
        + "(photos, validation, size); remove 'data'")
    }
    if spec.image.photos.isEmpty || spec.image.validation.isEmpty {
      throw top.error("image", "image scenarios need at least one training and one "
        + "validation photo")
    }
    for entry in spec.image.photos + spec.image.validation where ImageSpec.isPhotoFile(entry) {
      let resolved = resolve(entry, relativeTo: spec.path)
      if !FileManager.default.fileExists(atPath: resolved) {
        throw top.error("image", "no such photo file '\(entry)' (looked for \(resolved)); "
          + "photo files are relative to the scenario file")
      }
    }
    if let weights = spec.image.weightsPath {
      let resolved = resolve(weights, relativeTo: spec.path)
      if !FileManager.default.fileExists(atPath: resolved) {
        throw top.error("loss", "no such weights file '\(weights)' (looked for \(resolved)); "
          + "paths are relative to the scenario file, and docs/weights.md tells how to make one")
      }
    }
  }
}

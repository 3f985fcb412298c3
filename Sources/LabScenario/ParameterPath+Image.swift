import Foundation

/// The parameters of image scenarios: the loss terms and the photos and their
/// degradation. `ParameterPath.swift` sends these cases here.
extension ParameterPath {
  static let imageParameters: [ParameterPath] = [
    .pixelLoss, .perceptualWeight, .vggLayers, .vggWeights, .imageTask, .imageFactor,
    .imageNoise, .imageMask, .imageSize, .photos, .validationPhotos, .styleWeight, .styleLayers,
    .totalVariationWeight, .adversarialWeight, .stylePhoto,
  ]

  /// Whether the parameter belongs to image scenarios only.
  var isImageParameter: Bool { Self.imageParameters.contains(self) }

  var imageLabel: String {
    switch self {
    case .pixelLoss: return "pixel loss"
    case .perceptualWeight: return "perceptual w"
    case .vggLayers: return "VGG layers"
    case .vggWeights: return "VGG weights"
    case .imageTask: return "image task"
    case .imageFactor: return "scale factor"
    case .imageNoise: return "image noise"
    case .imageMask: return "mask side"
    case .imageSize: return "image size"
    case .photos: return "train photos"
    case .validationPhotos: return "val photos"
    case .styleWeight: return "style w"
    case .styleLayers: return "style layers"
    case .totalVariationWeight: return "TV w"
    case .adversarialWeight: return "adversarial w"
    case .stylePhoto: return "style photo"
    default: return rawValue
    }
  }

  var imageSummary: String {
    let photos = ImageSpec.bundledPhotos.joined(separator: ", ")
    switch self {
    case .pixelLoss: return "pixel term of the perceptual loss: mse or l1, default mse"
    case .perceptualWeight:
      return "weight of the VGG feature term, 0 to 1000 (0 for the pixel loss alone), default 1"
    case .vggLayers: return "VGG-16 layers of the feature term, such as relu1_2,relu2_2"
    case .vggWeights:
      return "safetensors file of VGG-16 weights, relative to the scenario; 'none' for "
        + "random weights"
    case .imageTask:
      return "what the network undoes: " + ImageTaskKind.allCases.map(\.rawValue)
        .joined(separator: ", ")
    case .imageFactor: return "super-resolution downscaling factor, 2 or 4, default 2"
    case .imageNoise: return "denoising noise standard deviation, in pixel values, 0 to 1"
    case .imageMask: return "inpainting square side, as a share of the image side, 0.1 to 0.8"
    case .imageSize: return "side of the photos in pixels, 32 or 64, default 32"
    case .photos: return "photos trained on, from: \(photos), or .png files"
    case .validationPhotos:
      return "photos PSNR and SSIM are measured on, from: \(photos), or .png files"
    case .styleWeight:
      return "weight of the Gram-matrix style term of style_transfer, 0 to 100000, default 100"
    case .styleLayers:
      return "VGG-16 layers of the style term, default relu1_2,relu2_2,relu3_3"
    case .totalVariationWeight:
      return "weight of the total variation term of style_transfer, 0 to 1, default 0"
    case .adversarialWeight:
      return "weight of the discriminator's term for the restoration tasks, 0 to 1 "
        + "(0 trains no discriminator), default 0"
    case .stylePhoto: return "the photo whose style style_transfer copies, from: \(photos)"
    default: return ""
    }
  }

  func imageValue(in spec: ScenarioSpec) -> String {
    let image = spec.image
    switch self {
    case .pixelLoss: return image.pixelLoss.rawValue
    case .perceptualWeight: return formatCompact(image.perceptualWeight)
    case .vggLayers: return image.layers.joined(separator: ",")
    case .vggWeights: return image.weightsPath ?? "none"
    case .imageTask: return image.task.rawValue
    case .imageFactor: return String(image.factor)
    case .imageNoise: return formatCompact(image.noise)
    case .imageMask: return formatCompact(image.mask)
    case .imageSize: return String(image.size)
    case .photos: return image.photos.joined(separator: ",")
    case .validationPhotos: return image.validation.joined(separator: ",")
    case .styleWeight: return formatCompact(image.styleWeight)
    case .styleLayers: return image.styleLayers.joined(separator: ",")
    case .totalVariationWeight: return formatCompact(image.totalVariationWeight)
    case .adversarialWeight: return formatCompact(image.adversarialWeight)
    case .stylePhoto: return image.style
    default: return ""
    }
  }

  /// Returns whether the parameter applies to `spec` when either is an image one: image
  /// parameters apply only to image scenarios, and image scenarios ignore the
  /// tabular data, batch and classification settings.
  func appliesToImages(_ spec: ScenarioSpec) -> Bool {
    guard spec.task == .image else { return false }
    switch self {
    case .imageFactor: return spec.image.task == .superResolution
    case .imageNoise: return spec.image.task == .denoising
    case .imageMask: return spec.image.task == .inpainting
    case .pixelLoss, .adversarialWeight: return spec.image.task.isRestoration
    case .styleWeight, .styleLayers, .totalVariationWeight, .stylePhoto:
      return spec.image.task == .styleTransfer
    case .learningRate, .optimizer, .hidden, .stepCount, .evaluationInterval, .speed, .seed,
      .loss, .schedule:
      return true
    case .momentum: return spec.optimizer.kind == .momentum
    case .weightDecay: return spec.optimizer.kind == .adamw
    case .scheduleStepSize, .scheduleGamma: return spec.schedule.kind == .step
    case .warmupSteps: return spec.schedule.kind == .warmupCosine
    default: return isImageParameter
    }
  }

  func applyImage(_ text: String, to spec: inout ScenarioSpec) throws(ParameterError) {
    switch self {
    case .pixelLoss:
      spec.image.pixelLoss = try parseWord(text, PixelLossKind.allCases, what: "pixel loss")
    case .perceptualWeight:
      spec.image.perceptualWeight = try parseWeight(text, maximum: 1000, example: "0.1")
    case .vggLayers: spec.image.layers = try parseLayerNames(text)
    case .vggWeights:
      spec.image.weightsPath = text.isEmpty || text.lowercased() == "none" ? nil : text
    case .imageTask:
      spec.image.task = try parseWord(text, ImageTaskKind.allCases, what: "image task")
    case .imageFactor:
      guard text == "2" || text == "4" else {
        throw ParameterError(path: self, message: "invalid factor '\(text)'; enter 2 or 4")
      }
      spec.image.factor = Int(text)!
    case .imageNoise:
      spec.image.noise = try parseFraction(text, in: 0...1, example: "0.1")
    case .imageMask:
      spec.image.mask = try parseFraction(text, in: 0.1...0.8, example: "0.375")
    case .imageSize:
      guard let size = Int(text), ImageSpec.bundledSizes.contains(size) else {
        throw ParameterError(path: self, message: "invalid size '\(text)'; the photos ship at "
          + ImageSpec.bundledSizes.map(String.init).joined(separator: " and ") + " pixels")
      }
      spec.image.size = size
    case .photos: spec.image.photos = try parsePhotos(text)
    case .validationPhotos: spec.image.validation = try parsePhotos(text)
    case .styleWeight:
      spec.image.styleWeight = try parseWeight(text, maximum: 100_000, example: "10")
    case .styleLayers: spec.image.styleLayers = try parseLayerNames(text)
    case .totalVariationWeight:
      spec.image.totalVariationWeight = try parseWeight(text, maximum: 1, example: "0.0001")
    case .adversarialWeight:
      spec.image.adversarialWeight = try parseWeight(text, maximum: 1, example: "0.01")
    case .stylePhoto:
      guard ImageSpec.bundledPhotos.contains(text.lowercased()) else {
        throw ParameterError(path: self, message: "unknown photo '\(text)'; expected one of: "
          + ImageSpec.bundledPhotos.joined(separator: ", "))
      }
      spec.image.style = text.lowercased()
    default: break
    }
  }

  func steppedImage(in spec: ScenarioSpec, up: Bool) -> String? {
    let image = spec.image
    func cycled<Kind: Equatable>(_ all: [Kind], _ current: Kind) -> Kind {
      let index = all.firstIndex(of: current) ?? 0
      return all[(index + (up ? 1 : all.count - 1)) % all.count]
    }
    switch self {
    case .pixelLoss: return cycled(PixelLossKind.allCases, image.pixelLoss).rawValue
    case .perceptualWeight:
      if !up && image.perceptualWeight <= 0.001 { return "0" }
      if up && image.perceptualWeight == 0 { return "0.001" }
      return formatCompact(min(1000, oneTwoFive(from: image.perceptualWeight, up: up)))
    case .imageTask: return cycled(ImageTaskKind.allCases, image.task).rawValue
    case .imageFactor: return up ? "4" : "2"
    case .imageNoise:
      return formatCompact(min(1, max(0, ((image.noise + (up ? 0.05 : -0.05)) * 100)
        .rounded() / 100)))
    case .imageMask:
      return formatCompact(min(0.8, max(0.1, ((image.mask + (up ? 0.05 : -0.05)) * 100)
        .rounded() / 100)))
    case .imageSize: return String(cycled(ImageSpec.bundledSizes, image.size))
    case .styleWeight:
      return steppedWeight(image.styleWeight, smallest: 0.001, maximum: 100_000, up: up)
    case .totalVariationWeight:
      return steppedWeight(image.totalVariationWeight, smallest: 1e-6, maximum: 1, up: up)
    case .adversarialWeight:
      return steppedWeight(image.adversarialWeight, smallest: 0.001, maximum: 1, up: up)
    case .stylePhoto: return cycled(ImageSpec.bundledPhotos, image.style)
    default: return nil
    }
  }

  /// The reason a change of an image parameter is rejected where it does not apply.
  var imageNotApplicableReason: String {
    switch self {
    case .styleWeight, .styleLayers, .totalVariationWeight, .stylePhoto:
      return "\(label) applies only to image scenarios (loss perceptual) with image.task "
        + "style_transfer; set the task first"
    case .pixelLoss, .adversarialWeight:
      return "\(label) applies only to image scenarios (loss perceptual) with image.task "
        + "super_resolution, denoising or inpainting, not to style_transfer"
    case .imageFactor:
      return "\(label) applies only to image scenarios with image.task super_resolution"
    case .imageNoise:
      return "\(label) applies only to image scenarios with image.task denoising"
    case .imageMask:
      return "\(label) applies only to image scenarios with image.task inpainting"
    default: return "\(label) applies only to image scenarios (loss perceptual) and their task"
    }
  }

  /// Returns the next loss weight along 0, `smallest`, then 1, 2, 5, 10, … up to `maximum`.
  private func steppedWeight(
    _ weight: Double, smallest: Double, maximum: Double, up: Bool
  ) -> String {
    if !up && weight <= smallest { return "0" }
    if up && weight == 0 { return formatCompact(smallest) }
    return formatCompact(min(maximum, oneTwoFive(from: weight, up: up)))
  }

  /// Parses a loss weight from 0 to `maximum`.
  private func parseWeight(
    _ text: String, maximum: Double, example: String
  ) throws(ParameterError) -> Double {
    guard let weight = Double(text), weight.isFinite, (0...maximum).contains(weight) else {
      throw ParameterError(path: self, message: "invalid weight '\(text)'; enter a number "
        + "from 0 to \(formatCompact(maximum)), such as \(example)")
    }
    return weight
  }

  private func parseWord<Kind: RawRepresentable>(
    _ text: String, _ all: [Kind], what: String
  ) throws(ParameterError) -> Kind where Kind.RawValue == String {
    guard let kind = Kind(rawValue: text.lowercased()) else {
      throw ParameterError(path: self, message: "unknown \(what) '\(text)'; expected one of: "
        + all.map(\.rawValue).joined(separator: ", "))
    }
    return kind
  }

  private func parseFraction(
    _ text: String, in range: ClosedRange<Double>, example: String
  ) throws(ParameterError) -> Double {
    guard let value = Double(text), value.isFinite, range.contains(value) else {
      throw ParameterError(path: self, message: "invalid value '\(text)'; enter a number from "
        + "\(formatCompact(range.lowerBound)) to \(formatCompact(range.upperBound)), "
        + "such as \(example)")
    }
    return value
  }

  private func parseList(_ text: String) -> [String] {
    text.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
      .split(separator: ",", omittingEmptySubsequences: false)
      .map { $0.trimmingCharacters(in: .whitespaces) }
  }

  /// Parses VGG-16 ReLU layer names, such as `relu1_2,relu2_2`.
  private func parseLayerNames(_ text: String) throws(ParameterError) -> [String] {
    let known = VGGLayerNames.vgg16
    let names = parseList(text)
    for name in names where !known.contains(name) {
      throw ParameterError(path: self, message: "unknown layer '\(name)' in '\(text)'; "
        + "expected VGG-16 layers from: \(known.joined(separator: ", "))")
    }
    if Set(names).count != names.count {
      throw ParameterError(path: self, message: "a layer is named twice in '\(text)'")
    }
    return names
  }

  /// Parses bundled photo names separated by commas.
  private func parsePhotos(_ text: String) throws(ParameterError) -> [String] {
    let names = parseList(text)
    let known = ImageSpec.bundledPhotos
    if names.isEmpty || names.contains("") {
      throw ParameterError(path: self, message: "'\(text)' names no photo; give one or more of: "
        + "\(known.joined(separator: ", ")), or .png files, separated by commas")
    }
    for name in names where !known.contains(name) && !ImageSpec.isPhotoFile(name) {
      throw ParameterError(path: self, message: "unknown photo '\(name)' in '\(text)'; "
        + "expected names from: \(known.joined(separator: ", ")), or a .png file")
    }
    if Set(names).count != names.count {
      throw ParameterError(path: self, message: "a photo is named twice in '\(text)'")
    }
    return names
  }
}

/// The ReLU layers a perceptual loss can use, by their usual names.
enum VGGLayerNames {
  /// VGG-16's ReLUs: two in each of the first two stages, three in the others.
  static let vgg16 = [
    "relu1_1", "relu1_2", "relu2_1", "relu2_2", "relu3_1", "relu3_2", "relu3_3",
    "relu4_1", "relu4_2", "relu4_3", "relu5_1", "relu5_2", "relu5_3",
  ]
}

import Foundation
import LabData
import LabModels
import LabNN
import LabTensor

/// The photos of one side of an image scenario, training or validation, and
/// what the loss compares the outputs with.
struct ImageBatch {
  /// The network's input [N, 3, H, W]: the degraded photos, or the photos
  /// themselves in style transfer.
  let input: Tensor
  /// The photos [N, 3, H, W].
  let target: Tensor
  /// The photos' features at the perceptual (content) layers, `spec.layers`.
  let targetFeatures: [Tensor]
  /// The style photo's features at `spec.styleLayers`, repeated once per
  /// photo; empty unless the task is style transfer.
  let styleFeatures: [Tensor]
}

/// The weighted terms of an image loss and their sum. A term that the task or
/// its weights leave out is 0.
struct ImageLoss {
  var total: Tensor
  /// perceptualWeight · Σₗ feature MSE: the content term of style transfer.
  var content = 0.0
  var style = 0.0
  var totalVariation = 0.0
  var adversarial = 0.0
}

/// The photos, network and loss of an image scenario (`ImageSpec`).
///
/// Every step trains on all training photos at once. The network is a small
/// stack of 3×3 convolutions with ReLU between them that predicts a residual,
/// so its output is `input + network(input)` and an untrained network starts
/// near the degraded input. The VGG features of the targets and of the style
/// photo never change, so they are computed once.
final class ImageTraining {
  let spec: ImageSpec
  let network: Sequential
  let extractor: VGGFeatureExtractor
  /// Positions of `spec.layers` among the extractor's layers.
  let contentIndices: [Int]
  /// Positions of `spec.styleLayers` among the extractor's layers; empty
  /// unless the task is style transfer.
  let styleIndices: [Int]
  let train: ImageBatch
  let validation: ImageBatch
  /// The style photo [1, 3, H, W]; nil unless the task is style transfer.
  let stylePhoto: Tensor?
  /// The discriminator of the adversarial term; nil when its weight is 0.
  let discriminator: ImageDiscriminator?
  /// Mean PSNR and SSIM of the degraded validation inputs against their targets.
  let inputQuality: (psnr: Double, ssim: Double)
  /// The validation style term of the first evaluation, at step 0.
  private(set) var initialStyleLoss: Double?
  let summary: String
  /// "random weights" when the extractor has no weights file, else empty.
  let warnings: [String]

  init(scenario: ScenarioSpec) throws(SessionError) {
    let spec = scenario.image
    self.spec = spec
    let photos = try Self.readPhotos(spec.photos, scenario: scenario)
    let validationPhotos = try Self.readPhotos(spec.validation, scenario: scenario)
    stylePhoto = spec.task == .styleTransfer
      ? try Self.readPhotos([spec.style], scenario: scenario) : nil
    var noise = RandomGenerator(seed: scenario.seed &+ 5)
    let trainInput = Self.degrade(photos, spec: spec, generator: &noise)
    let validationInput = Self.degrade(validationPhotos, spec: spec, generator: &noise)

    let layers = Self.extractorLayers(spec)
    contentIndices = spec.layers.map { layers.firstIndex(of: $0)! }
    styleIndices = spec.task == .styleTransfer
      ? spec.styleLayers.map { layers.firstIndex(of: $0)! } : []
    let weights = spec.weightsPath.map { ScenarioReader.resolve($0, relativeTo: scenario.path) }
    do {
      extractor = try VGGFeatureExtractor(
        model: "vgg16", layers: layers, weightsPath: weights, seed: scenario.seed &+ 6)
    } catch {
      throw SessionError(message: "\(scenario.id): \(error.message)")
    }
    train = Self.batch(
      input: trainInput, target: photos, style: stylePhoto, extractor: extractor,
      content: contentIndices, styleIndices: styleIndices)
    validation = Self.batch(
      input: validationInput, target: validationPhotos, style: stylePhoto, extractor: extractor,
      content: contentIndices, styleIndices: styleIndices)
    inputQuality = Self.quality(validationInput, validationPhotos)

    var generator = RandomGenerator(seed: scenario.seed &+ 2)
    network = Self.makeNetwork(hidden: scenario.model.hidden, generator: &generator)
    if spec.task.isRestoration && spec.adversarialWeight > 0 {
      // NOTE: the discriminator keeps the scenario's base learning rate; the
      // schedule and live rate changes reach only the network's optimizer.
      var discriminatorWeights = RandomGenerator(seed: scenario.seed &+ 7)
      discriminator = ImageDiscriminator(
        learningRate: scenario.optimizer.learningRate, generator: &discriminatorWeights)
    } else {
      discriminator = nil
    }
    warnings = extractor.hasRandomWeights ? ["random weights"] : []
    summary = Self.summary(spec, randomWeights: extractor.hasRandomWeights)
  }

  /// Returns the network's restoration of `input`: the input plus the predicted residual.
  func restore(_ input: Tensor) -> Tensor { input + network(input) }

  /// Returns the loss of `output` against `batch` with the loss settings of
  /// `settings`: the pixel, perceptual and adversarial terms of the restoration
  /// tasks, or the content, style and total variation terms of style transfer.
  func loss(output: Tensor, batch: ImageBatch, settings: ImageSpec) -> ImageLoss {
    guard spec.task.isRestoration else {
      return styleTransferLoss(output: output, batch: batch, settings: settings)
    }
    // The shapes come from the same photos, so the losses cannot reject them.
    var total = settings.pixelLoss == .mse
      ? try! meanSquaredError(predicted: output, expected: batch.target)
      : try! l1Loss(predicted: output, expected: batch.target)
    var terms = ImageLoss(total: total)
    if settings.perceptualWeight > 0 {
      let outputFeatures = features(of: output)
      for (index, expected) in zip(contentIndices, batch.targetFeatures) {
        let distance = try! meanSquaredError(predicted: outputFeatures[index], expected: expected)
        let weighted = distance * Float(settings.perceptualWeight)
        total = total + weighted
        terms.content += Double(weighted.scalar)
      }
    }
    if let discriminator, settings.adversarialWeight > 0 {
      let weighted = discriminator.generatorLoss(output) * Float(settings.adversarialWeight)
      total = total + weighted
      terms.adversarial = Double(weighted.scalar)
    }
    terms.total = total
    return terms
  }

  /// Restores the validation photos and measures them.
  func evaluate(settings: ImageSpec) -> (loss: Double, result: ImageEvaluation) {
    let output = restore(validation.input)
    let terms = loss(output: output, batch: validation, settings: settings)
    // The view and the PNG export clamp to 0…1, and so do the measurements, so
    // a wild early output reads as a poor picture rather than a negative PSNR.
    let quality = Self.quality(output.clamp(min: 0, max: 1), validation.target)
    let (height, width) = (output.shape[2], output.shape[3])
    let plane = 3 * height * width
    let shownTarget = stylePhoto ?? validation.target
    var result = ImageEvaluation(
      psnr: quality.psnr, ssim: quality.ssim, inputPSNR: inputQuality.psnr,
      inputSSIM: inputQuality.ssim, width: width, height: height,
      input: Array(validation.input.data.prefix(plane)), output: Array(output.data.prefix(plane)),
      target: Array(shownTarget.data.prefix(plane)), warnings: warnings)
    if spec.task == .styleTransfer {
      if initialStyleLoss == nil { initialStyleLoss = terms.style }
      result.styleTransfer = StyleTransferTerms(
        content: terms.content, style: terms.style, totalVariation: terms.totalVariation,
        initialStyle: initialStyleLoss!)
    }
    if let discriminator {
      result.discriminator = discriminator.measure(
        real: validation.target, fake: output, adversarialLoss: terms.adversarial)
    }
    return (Double(terms.total.scalar), result)
  }

  /// Returns the extractor's features of `images` at every extractor layer.
  func features(of images: Tensor) -> [Tensor] { Self.features(of: images, extractor: extractor) }

  /// Builds 3 → hidden… → 3 convolutions of 3×3 with padding 1 and ReLU between them.
  /// The last convolution starts at zero, so the residual is 0 and an untrained
  /// network returns its input: training starts from the bilinear or noisy baseline
  /// rather than from the input plus random noise.
  static func makeNetwork(hidden: [Int], generator: inout RandomGenerator) -> Sequential {
    var layers: [any Layer] = []
    var channels = 3
    for width in hidden {
      layers.append(Conv2d(
        inputChannels: channels, outputChannels: width, kernelSize: 3, padding: 1,
        generator: &generator))
      layers.append(ReLU())
      channels = width
    }
    let last = Conv2d(
      inputChannels: channels, outputChannels: 3, kernelSize: 3, padding: 1,
      generator: &generator)
    last.weight.data = [Float](repeating: 0, count: last.weight.data.count)
    last.bias?.data = [0, 0, 0]
    layers.append(last)
    return Sequential(layers)
  }

  /// Returns the degraded input the network receives for the photos `images` [N, 3, H, W].
  static func degrade(
    _ images: Tensor, spec: ImageSpec, generator: inout RandomGenerator
  ) -> Tensor {
    switch spec.task {
    case .superResolution:
      return images.areaDownscaled(by: spec.factor)
        .upscaled(by: spec.factor, mode: .bilinear(alignCorners: false))
    case .denoising:
      return images.addingGaussianNoise(
        standardDeviation: Float(spec.noise), generator: &generator)
    case .inpainting:
      return centredMask(spec).filling(images, with: 0.5)
    case .styleTransfer:
      return images
    }
  }

  /// Returns the inpainting hole: a centred square of side `mask` × the image side.
  static func centredMask(_ spec: ImageSpec) -> RectangularMask {
    let side = max(1, Int((spec.mask * Double(spec.size)).rounded()))
    let offset = (spec.size - side) / 2
    return RectangularMask(top: offset, left: offset, height: side, width: side)
  }

  /// Returns the data line of the session, such as "1 train + 1 val photos 32×32,
  /// super-resolution ×4, VGG-16 relu1_1 (random weights)".
  static func summary(_ spec: ImageSpec, randomWeights: Bool) -> String {
    let side = spec.size
    var text = "\(spec.photos.count) train + \(spec.validation.count) val photos \(side)×\(side), "
      + "\(taskSummary(spec)), VGG-16 \(spec.layers.joined(separator: ","))"
    if spec.task == .styleTransfer {
      text += "; style \(spec.styleLayers.joined(separator: ","))"
    }
    if spec.task.isRestoration && spec.adversarialWeight > 0 {
      text += ", discriminator"
    }
    return text + (randomWeights ? " (random weights)" : "")
  }

  static func taskSummary(_ spec: ImageSpec) -> String {
    switch spec.task {
    case .superResolution: return "super-resolution ×\(spec.factor)"
    case .denoising: return "denoising σ \(formatCompact(spec.noise))"
    case .inpainting: return "inpainting \(formatCompact(spec.mask)) of the side"
    case .styleTransfer: return "style transfer from \(spec.style)"
    }
  }

  /// Returns the extractor's features of `images` after ImageNet normalisation.
  static func features(of images: Tensor, extractor: VGGFeatureExtractor) -> [Tensor] {
    extractor(PerceptualLoss.preprocess(images, range: .unit, normalization: .imagenet))
  }

  /// Returns the mean PSNR and SSIM over the photos of two [N, 3, H, W] batches.
  static func quality(_ predicted: Tensor, _ expected: Tensor) -> (psnr: Double, ssim: Double) {
    let count = predicted.shape[0]
    var sums = (psnr: 0.0, ssim: 0.0)
    for index in 0..<count {
      let first = predicted.sliced(axis: 0, start: index, end: index + 1)
      let second = expected.sliced(axis: 0, start: index, end: index + 1)
      sums.psnr += ImageQuality.peakSignalToNoiseRatio(predicted: first, expected: second)
      sums.ssim += ImageQuality.structuralSimilarity(predicted: first, expected: second)
    }
    return (sums.psnr / Double(count), sums.ssim / Double(count))
  }

  /// Reads the named bundled photos into one [N, 3, H, W] batch.
  static func readPhotos(
    _ names: [String], scenario: ScenarioSpec
  ) throws(SessionError) -> Tensor {
    var images: [Tensor] = []
    for name in names {
      let path = ScenarioReader.resolve(scenario.image.photoPath(name), relativeTo: scenario.path)
      let photo: Tensor
      do {
        photo = try PNGImage.read(from: path).tensor()
      } catch {
        let note = ImageSpec.isPhotoFile(name)
          ? " (photo files are relative to the scenario file)" : ""
        throw SessionError(message: "\(scenario.id): \(error.description)\(note)")
      }
      let side = scenario.image.size
      guard let fitted = ImageSpec.fitted(photo, side: side) else {
        throw SessionError(message: "\(scenario.id): \(path) is \(photo.shape[2])×"
          + "\(photo.shape[1]) pixels; the photos must be at least \(side)×\(side) "
          + "(image.size), so use a larger photo or a smaller image.size")
      }
      images.append(fitted)
    }
    return Tensor.stack(images)
  }
}

extension PreparedData {
  /// No rows, for sessions whose data is images rather than a table.
  static var empty: PreparedData { PreparedData(rows: [], targets: [], featureCount: 1) }

  private init(rows: [Float], targets: [Float], featureCount: Int) {
    self.features = rows
    self.targets = targets
    self.featureCount = featureCount
  }
}

extension TrainingSession {
  /// Returns the loss of the restored training photos, with the current loss settings.
  ///
  /// With a discriminator, a step of it on the training photos (real) and the
  /// current outputs (fake) comes first. The session's first loss, computed
  /// before any evaluation, measures the untrained networks and trains nothing.
  func imageTrainingLoss() -> Tensor {
    let images = imageTraining!
    let output = images.restore(images.train.input)
    if latest != nil, let discriminator = images.discriminator {
      discriminator.train(real: images.train.target, fake: output.detachedCopy())
    }
    return images.loss(output: output, batch: images.train, settings: spec.image).total
  }

  /// Validation loss, PSNR and SSIM on the validation photos.
  func evaluateImages(trainLoss: Double) -> Evaluation {
    let (loss, result) = imageTraining!.evaluate(settings: spec.image)
    var evaluation = Evaluation(
      step: step, trainLoss: trainLoss, validationLoss: loss, rmse: .nan, baselineRMSE: .nan)
    evaluation.image = result
    return evaluation
  }
}

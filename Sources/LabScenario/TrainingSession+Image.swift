import Foundation
import LabData
import LabModels
import LabNN
import LabTensor

/// The photos, network and loss of an image scenario (`ImageSpec`).
///
/// Every step trains on all training photos at once. The network is a small
/// stack of 3×3 convolutions with ReLU between them that predicts a residual,
/// so its output is `input + network(input)` and an untrained network starts
/// near the degraded input. The VGG features of the targets never change, so
/// they are computed once.
final class ImageTraining {
  let spec: ImageSpec
  let network: Sequential
  let extractor: VGGFeatureExtractor
  let trainInput: Tensor
  let trainTarget: Tensor
  let trainTargetFeatures: [Tensor]
  let validationInput: Tensor
  let validationTarget: Tensor
  let validationTargetFeatures: [Tensor]
  /// Mean PSNR and SSIM of the degraded validation inputs against their targets.
  let inputQuality: (psnr: Double, ssim: Double)
  let summary: String
  /// "random weights" when the extractor has no weights file, else empty.
  let warnings: [String]

  init(scenario: ScenarioSpec) throws(SessionError) {
    let spec = scenario.image
    self.spec = spec
    let photos = try Self.readPhotos(spec.photos, scenario: scenario)
    let validationPhotos = try Self.readPhotos(spec.validation, scenario: scenario)
    var noise = RandomGenerator(seed: scenario.seed &+ 5)
    trainTarget = photos
    trainInput = Self.degrade(photos, spec: spec, generator: &noise)
    validationTarget = validationPhotos
    validationInput = Self.degrade(validationPhotos, spec: spec, generator: &noise)

    let weights = spec.weightsPath.map { ScenarioReader.resolve($0, relativeTo: scenario.path) }
    do {
      extractor = try VGGFeatureExtractor(
        model: "vgg16", layers: spec.layers, weightsPath: weights, seed: scenario.seed &+ 6)
    } catch {
      throw SessionError(message: "\(scenario.id): \(error.message)")
    }
    trainTargetFeatures = Self.features(of: trainTarget, extractor: extractor)
    validationTargetFeatures = Self.features(of: validationTarget, extractor: extractor)
    inputQuality = Self.quality(validationInput, validationTarget)

    var generator = RandomGenerator(seed: scenario.seed &+ 2)
    network = Self.makeNetwork(hidden: scenario.model.hidden, generator: &generator)
    warnings = extractor.hasRandomWeights ? ["random weights"] : []
    let side = spec.size
    summary = "\(spec.photos.count) train + \(spec.validation.count) val photos \(side)×\(side), "
      + "\(Self.taskSummary(spec)), VGG-16 \(spec.layers.joined(separator: ","))"
      + (extractor.hasRandomWeights ? " (random weights)" : "")
  }

  /// Returns the network's restoration of `input`: the input plus the predicted residual.
  func restore(_ input: Tensor) -> Tensor { input + network(input) }

  /// Returns pixel(output, target) + weight · Σₗ mean((φₗ(output) − φₗ(target))²),
  /// with the targets' features given.
  func loss(
    output: Tensor, target: Tensor, targetFeatures: [Tensor], pixelLoss: PixelLossKind,
    perceptualWeight: Double
  ) -> Tensor {
    // The shapes come from the same photos, so the losses cannot reject them.
    var total = pixelLoss == .mse
      ? try! meanSquaredError(predicted: output, expected: target)
      : try! l1Loss(predicted: output, expected: target)
    guard perceptualWeight > 0 else { return total }
    let outputFeatures = Self.features(of: output, extractor: extractor)
    for (predicted, expected) in zip(outputFeatures, targetFeatures) {
      let distance = try! meanSquaredError(predicted: predicted, expected: expected)
      total = total + distance * Float(perceptualWeight)
    }
    return total
  }

  /// Restores the validation photos and measures them.
  func evaluate(
    pixelLoss: PixelLossKind, perceptualWeight: Double
  ) -> (loss: Double, result: ImageEvaluation) {
    let output = restore(validationInput)
    let loss = loss(
      output: output, target: validationTarget, targetFeatures: validationTargetFeatures,
      pixelLoss: pixelLoss, perceptualWeight: perceptualWeight)
    let quality = Self.quality(output, validationTarget)
    let (height, width) = (output.shape[2], output.shape[3])
    let plane = 3 * height * width
    let result = ImageEvaluation(
      psnr: quality.psnr, ssim: quality.ssim, inputPSNR: inputQuality.psnr,
      inputSSIM: inputQuality.ssim, width: width, height: height,
      input: Array(validationInput.data.prefix(plane)), output: Array(output.data.prefix(plane)),
      target: Array(validationTarget.data.prefix(plane)), warnings: warnings)
    return (Double(loss.scalar), result)
  }

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

  /// Returns the input the network sees for the photos `images` [N, 3, H, W].
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
    }
  }

  /// The inpainting hole: a centred square of side `mask` × the image side.
  static func centredMask(_ spec: ImageSpec) -> RectangularMask {
    let side = max(1, Int((spec.mask * Double(spec.size)).rounded()))
    let offset = (spec.size - side) / 2
    return RectangularMask(top: offset, left: offset, height: side, width: side)
  }

  static func taskSummary(_ spec: ImageSpec) -> String {
    switch spec.task {
    case .superResolution: return "super-resolution ×\(spec.factor)"
    case .denoising: return "denoising σ \(formatCompact(spec.noise))"
    case .inpainting: return "inpainting \(formatCompact(spec.mask)) of the side"
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
        throw SessionError(message: "\(scenario.id): \(error.description)")
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
  /// The loss of the restored training photos, with the current loss settings.
  func imageTrainingLoss() -> Tensor {
    let images = imageTraining!
    return images.loss(
      output: images.restore(images.trainInput), target: images.trainTarget,
      targetFeatures: images.trainTargetFeatures, pixelLoss: spec.image.pixelLoss,
      perceptualWeight: spec.image.perceptualWeight)
  }

  /// Validation loss, PSNR and SSIM on the validation photos.
  func evaluateImages(trainLoss: Double) -> Evaluation {
    let (loss, result) = imageTraining!.evaluate(
      pixelLoss: spec.image.pixelLoss, perceptualWeight: spec.image.perceptualWeight)
    var evaluation = Evaluation(
      step: step, trainLoss: trainLoss, validationLoss: loss, rmse: .nan, baselineRMSE: .nan)
    evaluation.image = result
    return evaluation
  }
}

/// The measurements and pictures of one evaluation of an image scenario: the mean PSNR
/// and SSIM over the validation photos, of the outputs and of the degraded
/// inputs, and the first validation photo's input, output and target. The
/// style transfer terms and the discriminator's numbers are added where they apply.
public struct ImageEvaluation: Sendable, Equatable {
  /// Mean PSNR of the outputs against the targets, in dB.
  public var psnr: Double
  /// Mean SSIM of the outputs against the targets.
  public var ssim: Double
  /// Mean PSNR of the inputs against the targets: the baseline to beat.
  public var inputPSNR: Double
  /// Mean SSIM of the inputs against the targets.
  public var inputSSIM: Double
  public var width: Int
  public var height: Int
  /// The first validation photo's channels, [3, height, width] row-major, 0…1.
  public var input: [Float]
  /// The network's output for it; values may leave 0…1.
  public var output: [Float]
  /// The target, or the style photo in style transfer, where PSNR and SSIM
  /// are measured against the content photo (the input) instead.
  public var target: [Float]
  /// Caveats to show with the numbers, such as "random weights".
  public var warnings: [String]
  /// The loss terms of style transfer; nil for the other tasks.
  public var styleTransfer: StyleTransferTerms?
  /// The discriminator's numbers; nil when the adversarial weight is 0.
  public var discriminator: DiscriminatorMetrics?

  public init(
    psnr: Double, ssim: Double, inputPSNR: Double, inputSSIM: Double, width: Int, height: Int,
    input: [Float], output: [Float], target: [Float], warnings: [String]
  ) {
    self.psnr = psnr
    self.ssim = ssim
    self.inputPSNR = inputPSNR
    self.inputSSIM = inputSSIM
    self.width = width
    self.height = height
    self.input = input
    self.output = output
    self.target = target
    self.warnings = warnings
  }

  /// Returns the value of a style transfer or discriminator quantity, or NaN where
  /// it does not apply.
  public func value(of quantity: Quantity) -> Double {
    switch quantity {
    case .contentLoss: return styleTransfer?.content ?? .nan
    case .styleLoss: return styleTransfer?.style ?? .nan
    case .styleRatio: return styleTransfer.map { $0.style / $0.initialStyle } ?? .nan
    case .discriminatorLoss: return discriminator?.loss ?? .nan
    case .realProbability: return discriminator?.realProbability ?? .nan
    case .fakeProbability: return discriminator?.fakeProbability ?? .nan
    default: return .nan
    }
  }

  /// Returns the input, output and target side by side with `gap` pixels of white
  /// between them, as [3, height, 3 · width + 2 · gap] channels row-major, the
  /// output clamped to 0…1.
  public func sideBySide(gap: Int = 2) -> (width: Int, height: Int, channels: [Float]) {
    let total = 3 * width + 2 * gap
    var channels = [Float](repeating: 1, count: 3 * height * total)
    let clamped = output.map { Swift.min(1, Swift.max(0, $0)) }
    for (panel, values) in [input, clamped, target].enumerated() {
      let left = panel * (width + gap)
      for channel in 0..<3 {
        for row in 0..<height {
          let source = (channel * height + row) * width
          let destination = (channel * height + row) * total + left
          channels.replaceSubrange(
            destination..<(destination + width), with: values[source..<(source + width)])
        }
      }
    }
    return (total, height, channels)
  }
}

/// The weighted terms of style transfer's loss on the validation photos; with
/// the validation loss, their sum.
public struct StyleTransferTerms: Sendable, Equatable {
  /// perceptual_weight · Σ feature MSE against the content photos.
  public var content: Double
  /// style_weight · Σ Gram-matrix MSE against the style photo.
  public var style: Double
  /// tv_weight · total variation of the outputs; 0 when the weight is 0.
  public var totalVariation: Double
  /// The style term at step 0, when the untrained network returns the
  /// content photo itself.
  public var initialStyle: Double

  public init(content: Double, style: Double, totalVariation: Double, initialStyle: Double) {
    self.content = content
    self.style = style
    self.totalVariation = totalVariation
    self.initialStyle = initialStyle
  }
}

/// The discriminator of an adversarial run, measured on the validation photos.
public struct DiscriminatorMetrics: Sendable, Equatable {
  /// The mean of BCE(D(real), 1) and BCE(D(fake), 0): ln 2 ≈ 0.693 at chance.
  public var loss: Double
  /// The mean probability D gives the real photos.
  public var realProbability: Double
  /// The mean probability D gives the generator's outputs.
  public var fakeProbability: Double
  /// adversarial_weight · BCE(D(output), 1), the generator's term in the loss.
  public var adversarialLoss: Double

  public init(
    loss: Double, realProbability: Double, fakeProbability: Double, adversarialLoss: Double
  ) {
    self.loss = loss
    self.realProbability = realProbability
    self.fakeProbability = fakeProbability
    self.adversarialLoss = adversarialLoss
  }
}

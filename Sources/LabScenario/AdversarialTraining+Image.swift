import Foundation
import LabNN
import LabTensor

/// A small convolutional discriminator for the adversarial term of the image
/// restoration tasks, trained with its own Adam optimizer, as SRGAN trains one
/// beside its generator (Ledig et al., "Photo-Realistic Single Image
/// Super-Resolution Using a Generative Adversarial Network", 2017):
///
///     conv 3→16, 3×3, stride 2, padding 1 → LeakyReLU 0.2
///     → conv 16→32, 3×3, stride 2, padding 1 → LeakyReLU 0.2
///     → mean over height and width → linear 32→1: one logit per image
///
/// Its loss is the mean of BCE(D(real), 1) and BCE(D(fake), 0), so a
/// discriminator that cannot tell the two apart scores ln 2 ≈ 0.693. The
/// generator's term is the non-saturating BCE(D(output), 1).
final class ImageDiscriminator {
  /// The negative slope of the leaky ReLUs.
  static let slope: Float = 0.2

  let first: Conv2d
  let second: Conv2d
  let classifier: Linear
  private let optimizer: Adam

  /// Draws the weights from `generator`, in the order of the layers.
  init(learningRate: Double, generator: inout RandomGenerator) {
    first = Conv2d(
      inputChannels: 3, outputChannels: 16, kernelSize: 3, stride: 2, padding: 1,
      generator: &generator)
    second = Conv2d(
      inputChannels: 16, outputChannels: 32, kernelSize: 3, stride: 2, padding: 1,
      generator: &generator)
    classifier = Linear(inputCount: 32, outputCount: 1, generator: &generator)
    optimizer = Adam(learningRate: Float(learningRate))
  }

  var parameters: [Tensor] { first.parameters + second.parameters + classifier.parameters }

  /// Returns one logit per image of `images` [N, 3, H, W], as [N, 1].
  func logits(_ images: Tensor) -> Tensor {
    let hidden = second(first(images).leakyReLU(slope: Self.slope)).leakyReLU(slope: Self.slope)
    return classifier(hidden.mean(axes: [2, 3]))
  }

  /// Returns (BCE(D(real), 1) + BCE(D(fake), 0)) / 2.
  func loss(real: Tensor, fake: Tensor) -> Tensor {
    let realLogits = logits(real)
    let fakeLogits = logits(fake)
    // The targets are built with the logits' shapes, so the loss cannot reject them.
    let realTerm = try! binaryCrossEntropyWithLogits(
      logits: realLogits, targets: Self.labels(1, like: realLogits))
    let fakeTerm = try! binaryCrossEntropyWithLogits(
      logits: fakeLogits, targets: Self.labels(0, like: fakeLogits))
    return (realTerm + fakeTerm) * 0.5
  }

  /// Takes one optimizer step on `loss(real:fake:)`.
  ///
  /// - Precondition: `fake` records no operation (a detached copy), so the
  ///   step does not send gradients into the generator.
  func train(real: Tensor, fake: Tensor) {
    let loss = loss(real: real, fake: fake)
    for parameter in parameters { parameter.zeroGradient() }
    loss.backward()
    optimizer.step(parameters)
  }

  /// Returns the generator's adversarial term BCE(D(output), 1), which
  /// rewards outputs the discriminator takes for real photos.
  func generatorLoss(_ output: Tensor) -> Tensor {
    let outputLogits = logits(output)
    return try! binaryCrossEntropyWithLogits(
      logits: outputLogits, targets: Self.labels(1, like: outputLogits))
  }

  /// Measures the discriminator on real photos and the generator's outputs,
  /// without training it.
  func measure(real: Tensor, fake: Tensor, adversarialLoss: Double) -> DiscriminatorMetrics {
    let detachedFake = fake.detachedCopy()
    return DiscriminatorMetrics(
      loss: Double(loss(real: real, fake: detachedFake).scalar),
      realProbability: Self.meanProbability(logits(real)),
      fakeProbability: Self.meanProbability(logits(detachedFake)),
      adversarialLoss: adversarialLoss)
  }

  /// Returns the mean of σ(logit) over the images.
  static func meanProbability(_ logits: Tensor) -> Double {
    let total = logits.data.reduce(0.0) { $0 + 1 / (1 + exp(-Double($1))) }
    return total / Double(logits.count)
  }

  private static func labels(_ value: Float, like logits: Tensor) -> Tensor {
    Tensor(shape: logits.shape, data: [Float](repeating: value, count: logits.count))
  }
}

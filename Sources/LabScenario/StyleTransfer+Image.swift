import LabModels
import LabNN
import LabTensor

/// Feed-forward style transfer, from Johnson, Alahi and Fei-Fei, "Perceptual
/// Losses for Real-Time Style Transfer and Super-Resolution" (2016). The
/// network's input is the photo itself. Its output should keep the photo's VGG
/// features at the content layers and take on the Gram matrices of the style
/// photo's features at the style layers.
extension ImageTraining {
  /// The layers the extractor returns: the perceptual (content) layers, and for
  /// style transfer the style layers too, once each in VGG-16's order.
  static func extractorLayers(_ spec: ImageSpec) -> [String] {
    guard spec.task == .styleTransfer else { return spec.layers }
    let requested = Set(spec.layers + spec.styleLayers)
    return VGGLayerNames.vgg16.filter { requested.contains($0) }
  }

  /// Computes the fixed features of one side: the targets' at the content
  /// layers and, with a style photo, the style photo's at the style layers,
  /// repeated once per photo so that each output has its own Gram target.
  static func batch(
    input: Tensor, target: Tensor, style: Tensor?, extractor: VGGFeatureExtractor,
    content: [Int], styleIndices: [Int]
  ) -> ImageBatch {
    let targetFeatures = features(of: target, extractor: extractor)
    var styleFeatures: [Tensor] = []
    if let style {
      let copies = Tensor.stack(
        Array(repeating: style.reshaped(Array(style.shape.dropFirst())), count: target.shape[0]))
      let all = features(of: copies, extractor: extractor)
      styleFeatures = styleIndices.map { all[$0] }
    }
    return ImageBatch(
      input: input, target: target, targetFeatures: content.map { targetFeatures[$0] },
      styleFeatures: styleFeatures)
  }

  /// Returns the loss of style transfer,
  ///
  ///     perceptualWeight · Σₗ mean((φₗ(output) − φₗ(photo))²)
  ///       + styleWeight · Σₛ gram_style(φₛ(output), φₛ(style)) + tvWeight · TV(output)
  ///
  /// with the Gram matrices divided by H·W and their squared differences
  /// averaged over the batch and the C×C entries (`GramNormalization.hw`).
  /// Johnson et al. also divide by C. With that (`.chw`) and random VGG weights,
  /// the style-transfer scenario's term at relu1_2 and relu2_2 measured about
  /// 1e-7 at weight 1 and did not fall in 20 Adam steps, whose ε is 1e-8.
  /// TV sums absolute differences of neighbouring pixels.
  func styleTransferLoss(output: Tensor, batch: ImageBatch, settings: ImageSpec) -> ImageLoss {
    let outputFeatures = features(of: output)
    // The shapes come from the same extractor and photo size, so the losses
    // cannot reject them.
    var total: Tensor?
    var terms = ImageLoss(total: Tensor(shape: [], data: [0]))
    func add(_ term: Tensor) {
      total = total.map { $0 + term } ?? term
    }
    for (index, expected) in zip(contentIndices, batch.targetFeatures) {
      let distance = try! meanSquaredError(predicted: outputFeatures[index], expected: expected)
      let weighted = distance * Float(settings.perceptualWeight)
      add(weighted)
      terms.content += Double(weighted.scalar)
    }
    for (index, expected) in zip(styleIndices, batch.styleFeatures) {
      let distance = try! gramStyleLoss(
        features: outputFeatures[index], targetFeatures: expected, normalization: .hw)
      let weighted = distance * Float(settings.styleWeight)
      add(weighted)
      terms.style += Double(weighted.scalar)
    }
    if settings.totalVariationWeight > 0 {
      let weighted = try! totalVariation(output) * Float(settings.totalVariationWeight)
      add(weighted)
      terms.totalVariation = Double(weighted.scalar)
    }
    terms.total = total ?? terms.total
    return terms
  }
}

extension Tensor {
  /// Returns a copy of the values that records no operation, so a loss of it sends
  /// no gradient back to what produced it (PyTorch's `detach`).
  func detachedCopy() -> Tensor { Tensor(shape: shape, data: data) }
}

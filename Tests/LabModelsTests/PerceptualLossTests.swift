import LabModels
import LabNN
import LabTensor
import LabTestSupport
import Testing

/// Builds a [1, 3, H, W] image whose channels are the constant `pixel`.
func constantImage(_ pixel: [Float], side: Int = 2) -> Tensor {
  let plane = side * side
  let values = pixel.flatMap { [Float](repeating: $0, count: plane) }
  return Tensor(shape: [1, 3, side, side], data: values, requiresGradient: true)
}

@Suite struct PerceptualLossTests {
  @Test(arguments: ModelsReference.shared.perceptual.cases)
  func matchesPyTorch(reference: ModelsReference.PerceptualCase) throws {
    let shared = ModelsReference.shared.perceptual
    let extractor = try VGGFeatureExtractor(
      model: "vgg16", layers: shared.layers, weightsPath: try vgg16PrefixPath())
    let loss = PerceptualLoss(
      extractor: extractor, layerWeights: shared.layerWeights,
      distance: try #require(FeatureDistance(rawValue: reference.distance)),
      inputRange: try #require(ImageRange(rawValue: reference.inputRange)),
      normalization: try #require(ImageNormalization(rawValue: reference.normalize)))
    let input = reference.input.leaf()
    let target = reference.target.leaf()
    let result = loss(input: input, target: target)
    result.loss.backward()
    expectClose(result.loss.scalar, reference.loss, relative: ReferenceTolerance.value,
      absolute: ReferenceTolerance.absolute, "loss")
    expectGradient(input, reference.inputGradient, "input gradient")
    expectGradient(target, reference.targetGradient, "target gradient")
    #expect(result.warnings.isEmpty)
  }

  @Test func greyNormalisesToImagenetValues() {
    let normalised = PerceptualLoss.preprocess(
      constantImage([0.5, 0.5, 0.5]), range: .unit, normalization: .imagenet)
    expectClose([normalised.data[0], normalised.data[4], normalised.data[8]],
      [0.0655, 0.1964, 0.4178], relative: 0, absolute: 5e-5, "grey 0.5")
  }

  @Test func redNormalisesToImagenetValues() {
    let normalised = PerceptualLoss.preprocess(
      constantImage([1, 0, 0]), range: .unit, normalization: .imagenet)
    expectClose([normalised.data[0], normalised.data[4], normalised.data[8]],
      [2.249, -2.036, -1.804], relative: 0, absolute: 5e-4, "red")
  }

  @Test func swappedRedGivesBlueValues() {
    // Red stored as BGR reaches the network as blue, which no range check can
    // detect; the values show what the network then sees.
    let normalised = PerceptualLoss.preprocess(
      constantImage([0, 0, 1]), range: .unit, normalization: .imagenet)
    expectClose([normalised.data[0], normalised.data[4], normalised.data[8]],
      [-2.118, -2.036, 2.640], relative: 0, absolute: 5e-4, "red as BGR")
  }

  @Test func unconvertedByteGreyIsLarge() {
    let image = constantImage([127.5, 127.5, 127.5])
    let normalised = PerceptualLoss.preprocess(image, range: .unit, normalization: .imagenet)
    expectClose([normalised.data[0], normalised.data[4], normalised.data[8]],
      [554.7, 567.2, 564.9], relative: 0, absolute: 0.05, "grey 127.5 as 0,1")
    #expect(PerceptualLoss.rangeWarning(image, name: "input", range: .unit) != nil)
  }

  @Test func byteGreyConvertsBeforeNormalising() {
    let normalised = PerceptualLoss.preprocess(
      constantImage([127.5, 127.5, 127.5]), range: .byte, normalization: .imagenet)
    expectClose([normalised.data[0], normalised.data[4], normalised.data[8]],
      [0.0655, 0.1964, 0.4178], relative: 0, absolute: 5e-5, "grey 127.5 of 255")
  }

  @Test func symmetricRangeMapsToUnit() {
    let mapped = PerceptualLoss.preprocess(
      constantImage([-1, 0, 1]), range: .symmetric, normalization: .none)
    #expect([mapped.data[0], mapped.data[4], mapped.data[8]] == [0, 0.5, 1])
  }

  @Test func byteValueDeclaredUnitWarns() throws {
    let warning = PerceptualLoss.rangeWarning(
      constantImage([127.5, 127.5, 127.5]), name: "input", range: .unit)
    let text = try #require(warning)
    #expect(text.contains("127.5"))
    #expect(text.contains("0,255"))
  }

  @Test func inRangeImageDoesNotWarn() {
    #expect(PerceptualLoss.rangeWarning(
      constantImage([0, 0.5, 1]), name: "input", range: .unit) == nil)
  }

  @Test(arguments: FeatureDistance.allCases, ImageRange.allCases)
  func identicalImagesGiveZero(distance: FeatureDistance, range: ImageRange) throws {
    for normalization in ImageNormalization.allCases {
      let extractor = try VGGFeatureExtractor(
        model: "vgg16", layers: ["relu1_2", "relu2_2"], weightsPath: nil, seed: 4)
      let loss = PerceptualLoss(
        extractor: extractor, distance: distance, inputRange: range,
        normalization: normalization)
      let (low, high) = range.bounds
      let values = (0..<(3 * 64)).map { low + (high - low) * Float(($0 * 29) % 64) / 63 }
      let image = Tensor(shape: [1, 3, 8, 8], data: values, requiresGradient: true)
      let result = loss(input: image, target: image)
      #expect(result.loss.scalar == 0, "\(normalization)")
      #expect(result.warnings.count == 1, "\(normalization)")
      #expect(result.warnings.first?.hasPrefix("random weights") == true, "\(normalization)")
    }
  }

  @Test func defaultLayersFollowModel() {
    #expect(VGGFeatureExtractor.defaultLayers(of: "vgg16")
      == ["relu1_2", "relu2_2", "relu3_3", "relu4_3", "relu5_3"])
    #expect(VGGFeatureExtractor.defaultLayers(of: "vgg19_bn")
      == ["relu1_2", "relu2_2", "relu3_4", "relu4_4", "relu5_4"])
  }

  @Test func minimumSideFollowsDeepestLayer() throws {
    let shallow = try VGGFeatureExtractor(model: "vgg16", layers: ["relu2_2"], weightsPath: nil)
    let deep = try VGGFeatureExtractor(model: "vgg19", layers: ["relu5_4"], weightsPath: nil)
    #expect(shallow.minimumInputSide == 2)
    #expect(deep.minimumInputSide == 16)
  }

  @Test func unknownLayerIsError() {
    let error = #expect(throws: FeatureExtractorError.self) {
      try VGGFeatureExtractor(model: "vgg16", layers: ["relu3_4"], weightsPath: nil)
    }
    #expect(error?.message.contains("relu3_4") == true)
  }
}

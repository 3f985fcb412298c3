import LabTensor
import LabTestSupport
import Testing

@testable import LabData

@Suite("ImageOperations")
struct ImageOperationsTests {
  @Test("area downscale matches PyTorch", arguments: try ImageReference.load().downscale)
  func areaDownscaleMatchesPyTorch(reference: DownscaleCase) throws {
    let input: Tensor
    if let image = reference.image {
      input = try readPhotograph(image).tensor()
    } else {
      input = reference.input!.constant()
    }

    let output = input.areaDownscaled(by: reference.factor)

    expectValues(output, reference.output, "area downscale \(reference.name)")
  }

  @Test func areaDownscaleAveragesBlocks() {
    let image = Tensor(shape: [1, 2, 4], data: [1, 2, 3, 4, 5, 6, 7, 8])

    let output = image.areaDownscaled(by: 2)

    #expect(output.shape == [1, 1, 2])
    #expect(output.data == [3.5, 5.5])
  }

  @Test func areaDownscaleGradient() {
    checkGradient("areaDownscaled", inputs: [leaf([2, 5, 6], seed: 1)]) { inputs in
      weightedSum(inputs[0].areaDownscaled(by: 2))
    }
  }

  @Test("upscale keeps rank and matches interpolate", arguments: [
    InterpolationMode.nearest, .bilinear(alignCorners: false),
  ])
  func upscaleMatchesInterpolate(mode: InterpolationMode) {
    let image = leaf([3, 4, 5], seed: 2)

    let output = image.upscaled(by: 2, mode: mode)
    let batched = image.reshaped([1, 3, 4, 5]).interpolate(
      scaleFactor: (2, 2), mode: mode)

    #expect(output.shape == [3, 8, 10])
    #expect(output.data == batched.data)
  }

  @Test func nearestUpscaleRepeatsPixels() {
    let image = Tensor(shape: [1, 1, 2], data: [0.25, 0.75])

    let output = image.upscaled(by: 2, mode: .nearest)

    #expect(output.shape == [1, 2, 4])
    #expect(output.data == [0.25, 0.25, 0.75, 0.75, 0.25, 0.25, 0.75, 0.75])
  }

  @Test func downscaleThenNearestUpscaleKeepsSize() throws {
    let image = try readPhotograph("chelsea-64").tensor()

    let restored = image.areaDownscaled(by: 4).upscaled(by: 4, mode: .nearest)

    #expect(restored.shape == image.shape)
  }

  @Test func cropSelectsRectangle() {
    let batch = Tensor(shape: [2, 1, 3, 4], data: (0..<24).map(Float.init))

    let output = batch.cropped(top: 1, left: 2, height: 2, width: 2)

    #expect(output.shape == [2, 1, 2, 2])
    #expect(output.data == [6, 7, 10, 11, 18, 19, 22, 23])
  }

  @Test func cropGradient() {
    checkGradient("cropped", inputs: [leaf([2, 4, 5], seed: 3)]) { inputs in
      weightedSum(inputs[0].cropped(top: 1, left: 1, height: 2, width: 3))
    }
  }

  @Test func noiseIsSeededAndClamped() {
    let image = Tensor(shape: [3, 8, 8], data: [Float](repeating: 0.5, count: 192))
    var first = RandomGenerator(seed: 7)
    var second = RandomGenerator(seed: 7)

    let noisy = image.addingGaussianNoise(standardDeviation: 0.4, generator: &first)
    let again = image.addingGaussianNoise(standardDeviation: 0.4, generator: &second)

    #expect(noisy.data == again.data)
    #expect(noisy.data.allSatisfy { (0...1).contains($0) })
    #expect(noisy.data.contains(0), "a deviation of 0.4 around 0.5 reaches 0 in 192 draws")
    #expect(noisy.data.contains(1), "a deviation of 0.4 around 0.5 reaches 1 in 192 draws")
  }

  @Test func unclampedNoiseHasRequestedDeviation() {
    let count = 20_000
    let image = Tensor(shape: [1, 100, 200], data: [Float](repeating: 0.5, count: count))
    var generator = RandomGenerator(seed: 11)

    let noisy = image.addingGaussianNoise(
      standardDeviation: 0.1, generator: &generator, clampingTo: nil)

    let noise = noisy.data.map { Double($0) - 0.5 }
    let mean = noise.reduce(0, +) / Double(count)
    let variance = noise.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(count)
    // Standard errors for 20000 draws: 0.0007 for the mean, 0.0005 for the deviation.
    #expect(abs(mean) < 0.003)
    #expect(abs(variance.squareRoot() - 0.1) < 0.002)
  }

  @Test func zeroNoiseKeepsValues() {
    let image = leaf([3, 4, 4], seed: 4, low: 0, high: 1)
    var generator = RandomGenerator(seed: 5)

    let noisy = image.addingGaussianNoise(standardDeviation: 0, generator: &generator)

    #expect(noisy.data == image.data)
  }

  @Test func maskTensorMarksHole() {
    let mask = RectangularMask(top: 1, left: 2, height: 2, width: 1)

    let tensor = mask.tensor(imageHeight: 3, imageWidth: 4)

    #expect(tensor.shape == [1, 3, 4])
    #expect(tensor.data == [0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0])
  }

  @Test func maskFillsEveryChannelAndImage() {
    let mask = RectangularMask(top: 0, left: 1, height: 1, width: 2)
    let batch = Tensor(shape: [2, 2, 2, 3], data: (0..<24).map(Float.init))

    let filled = mask.filling(batch, with: -1)

    var expected = (0..<24).map(Float.init)
    for plane in 0..<4 {
      expected[plane * 6 + 1] = -1
      expected[plane * 6 + 2] = -1
    }
    #expect(filled.data == expected)
  }

  @Test func randomMaskFitsAndRepeats() {
    var first = RandomGenerator(seed: 9)
    var second = RandomGenerator(seed: 9)
    for _ in 0..<100 {
      let mask = RectangularMask.random(
        height: 5, width: 7, imageHeight: 16, imageWidth: 12, generator: &first)
      let again = RectangularMask.random(
        height: 5, width: 7, imageHeight: 16, imageWidth: 12, generator: &second)

      #expect(mask == again)
      #expect((0...11).contains(mask.top))
      #expect((0...5).contains(mask.left))
    }
  }

  static let rangeConversions: [RangeConversion] = [
    RangeConversion(source: .unit, target: .signedUnit, expected: [-1, 0, 1]),
    RangeConversion(source: .unit, target: .byte, expected: [0, 127.5, 255]),
    RangeConversion(source: .signedUnit, target: .unit, expected: [0.5, 0.75, 1]),
    RangeConversion(source: .byte, target: .unit, expected: [0, 0.5 / 255, 1 / 255]),
    RangeConversion(
      source: .byte, target: .signedUnit, expected: [-1, -1 + 1 / 255, -1 + 2 / 255]),
    RangeConversion(source: .unit, target: .unit, expected: [0, 0.5, 1]),
  ]

  @Test("pixel range conversion", arguments: rangeConversions)
  func pixelRangeConversion(conversion: RangeConversion) {
    let input = Tensor(shape: [1, 1, 3], data: [0, 0.5, 1])

    let output = input.convertingPixelRange(from: conversion.source, to: conversion.target)

    expectClose(
      output.data, conversion.expected, relative: 1e-6, absolute: 1e-6,
      "\(conversion.source) to \(conversion.target)")
  }

  @Test func pixelRangeRoundTrip() {
    let image = leaf([3, 5, 5], seed: 6, low: 0, high: 1)

    let restored = image.convertingPixelRange(from: .unit, to: .byte)
      .convertingPixelRange(from: .byte, to: .signedUnit)
      .convertingPixelRange(from: .signedUnit, to: .unit)

    expectClose(restored.data, image.data, relative: 1e-6, absolute: 1e-6, "round trip")
  }
}

/// Values 0, 0.5 and 1 read in `source` and their expected values in `target`.
struct RangeConversion: Sendable {
  var source: PixelRange
  var target: PixelRange
  var expected: [Float]
}

/// Returns a tensor of uniform values in low..<high that requires gradients.
private func leaf(_ shape: [Int], seed: UInt64, low: Float = -1, high: Float = 1) -> Tensor {
  var generator = RandomGenerator(seed: seed)
  let values = (0..<shape.reduce(1, *)).map { _ in generator.uniform(low, high) }
  return Tensor(shape: shape, data: values, requiresGradient: true)
}

import LabTensor
import LabTestSupport
import Testing

@testable import LabData

/// PSNR and SSIM must agree with scikit-image within this absolute difference. Both sides
/// compute in float64 from the same float32 values and agreed to 1e-12 on an x86-64
/// machine, so the margin only covers other CPUs' rounding.
private let qualityTolerance = 1e-8

@Suite("ImageQuality")
struct ImageQualityTests {
  @Test("PSNR and SSIM match scikit-image", arguments: try ImageReference.load().quality)
  func matchesScikitImage(reference: QualityCase) throws {
    let (first, second) = try images(of: reference)

    let psnr = ImageQuality.peakSignalToNoiseRatio(predicted: second, expected: first)
    let ssim = ImageQuality.structuralSimilarity(predicted: second, expected: first)

    #expect(
      abs(psnr - reference.psnr) < qualityTolerance, "PSNR \(psnr), expected \(reference.psnr)")
    #expect(
      abs(ssim - reference.ssim) < qualityTolerance, "SSIM \(ssim), expected \(reference.ssim)")
  }

  @Test func batchAveragesImages() throws {
    let cases = try ImageReference.load().quality.filter {
      $0.other != nil && $0.channel == nil
    }
    let pairs = try cases.map(images(of:))
    let first = Tensor.stack(pairs.map(\.0))
    let second = Tensor.stack(pairs.map(\.1))

    let ssim = ImageQuality.structuralSimilarity(predicted: second, expected: first)

    let expected = cases.map(\.ssim).reduce(0, +) / Double(cases.count)
    #expect(cases.count == 3)
    #expect(abs(ssim - expected) < qualityTolerance, "SSIM \(ssim), expected \(expected)")
  }

  @Test func identicalImagesArePerfect() throws {
    let image = try readPhotograph("coffee-32").tensor()

    #expect(ImageQuality.peakSignalToNoiseRatio(predicted: image, expected: image) == .infinity)
    let ssim = ImageQuality.structuralSimilarity(predicted: image, expected: image)
    #expect(abs(ssim - 1) < 1e-12)
  }

  @Test func psnrOfKnownError() {
    // Every value off by 0.1: MSE 0.01, PSNR 10 · log10(1 / 0.01) = 20 dB.
    let expected = Tensor(shape: [1, 2, 2], data: [0.2, 0.4, 0.6, 0.8])
    let predicted = Tensor(shape: [1, 2, 2], data: [0.3, 0.3, 0.7, 0.7])

    let psnr = ImageQuality.peakSignalToNoiseRatio(predicted: predicted, expected: expected)

    #expect(abs(psnr - 20) < 1e-5)
  }

  @Test func psnrScalesWithDataRange() throws {
    let reference = try ImageReference.load().quality[0]
    let (first, second) = try images(of: reference)

    let psnr = ImageQuality.peakSignalToNoiseRatio(
      predicted: second * 255, expected: first * 255, dataRange: 255)

    // Multiplying by 255 in float32 moves values by about 1e-5 relative.
    #expect(abs(psnr - reference.psnr) < 1e-3, "PSNR \(psnr), expected \(reference.psnr)")
  }

  @Test func ssimIsSymmetric() throws {
    let first = try readPhotograph("rocket-32").tensor()
    let second = try readPhotograph("chelsea-32").tensor()

    let forward = ImageQuality.structuralSimilarity(predicted: first, expected: second)
    let backward = ImageQuality.structuralSimilarity(predicted: second, expected: first)

    #expect(abs(forward - backward) < 1e-12)
  }

  /// Returns the case's photograph and its second image as [C, H, W] tensors.
  private func images(of reference: QualityCase) throws -> (Tensor, Tensor) {
    var first = try readPhotograph(reference.image).tensor()
    if let channel = reference.channel {
      first = first.sliced(axis: 0, start: channel, end: channel + 1)
    }
    if let other = reference.other {
      return (first, other.constant())
    }
    var second = try readPhotograph(reference.otherImage!).tensor()
    if let factor = reference.otherRepeat {
      second = second.upscaled(by: factor, mode: .nearest)
    }
    return (first, second)
  }
}

import Foundation
import LabTensor

/// Full-reference image quality metrics: PSNR and SSIM, computed in double precision.
///
/// Both take [C, H, W] images or [N, C, H, W] batches with values in a range of width
/// `dataRange` (1 for images in 0…1). Neither records gradients, because they measure
/// results and are not losses.
public enum ImageQuality {
  /// Computes the peak signal-to-noise ratio in decibels, as
  /// `skimage.metrics.peak_signal_noise_ratio`.
  ///
  ///     PSNR = 10 · log10(dataRange² / MSE)
  ///
  /// MSE is the mean squared difference over all values, of all channels and images.
  /// Identical inputs give +∞.
  ///
  /// - Parameter dataRange: Difference between the largest and smallest possible value
  ///   (default 1).
  /// - Precondition: both tensors have the same shape, of rank 3 or 4.
  public static func peakSignalToNoiseRatio(
    predicted: Tensor, expected: Tensor, dataRange: Double = 1
  ) -> Double {
    checkShapes(predicted, expected, "peakSignalToNoiseRatio")
    var squaredSum = 0.0
    for (first, second) in zip(predicted.data, expected.data) {
      let difference = Double(first) - Double(second)
      squaredSum += difference * difference
    }
    let meanSquaredError = squaredSum / Double(predicted.count)
    return 10 * Foundation.log10(dataRange * dataRange / meanSquaredError)
  }

  /// Computes the mean structural similarity (SSIM) with a Gaussian window, as
  /// `skimage.metrics.structural_similarity` with `gaussian_weights=True`, `sigma=1.5`,
  /// `use_sample_covariance=False`, `K1=0.01`, `K2=0.03` and `channel_axis` set for
  /// colour images.
  ///
  /// From "Image Quality Assessment: From Error Visibility to Structural Similarity"
  /// (Wang, Bovik, Sheikh and Simoncelli, 2004). For each pixel, with local means μ,
  /// variances σ² and covariance σxy weighted by the window,
  ///
  ///     SSIM = (2 μx μy + C1) (2 σxy + C2) / ((μx² + μy² + C1) (σx² + σy² + C2))
  ///
  /// where C1 = (0.01 · dataRange)² and C2 = (0.03 · dataRange)². The window is a
  /// Gaussian of standard deviation 1.5 truncated at radius 5 (11 taps), applied
  /// horizontally and then vertically, with the image mirrored at its borders including the edge
  /// pixel (`scipy.ndimage`'s "reflect"). The result is the mean of the SSIM map
  /// without its 5-pixel border, averaged over channels and then images.
  ///
  /// - Parameter dataRange: Difference between the largest and smallest possible value
  ///   (default 1).
  /// - Precondition: both tensors have the same shape, of rank 3 or 4, with height and
  ///   width of at least 11, the window size, as scikit-image requires.
  public static func structuralSimilarity(
    predicted: Tensor, expected: Tensor, dataRange: Double = 1
  ) -> Double {
    checkShapes(predicted, expected, "structuralSimilarity")
    let rank = predicted.rank
    let (height, width) = (predicted.shape[rank - 2], predicted.shape[rank - 1])
    let window = GaussianWindow(standardDeviation: 1.5, radius: 5)
    precondition(
      height >= window.size && width >= window.size,
      "structuralSimilarity: image \(height)×\(width) is smaller than the "
        + "\(window.size)×\(window.size) window")

    let planeSize = height * width
    let planeCount = predicted.count / planeSize
    var total = 0.0
    for plane in 0..<planeCount {
      let range = plane * planeSize..<(plane + 1) * planeSize
      let first = predicted.data[range].map(Double.init)
      let second = expected.data[range].map(Double.init)
      total += planeSimilarity(
        first, second, height: height, width: width, window: window, dataRange: dataRange)
    }
    return total / Double(planeCount)
  }

  /// Returns the mean SSIM of one plane, inside the border that the window overlaps.
  private static func planeSimilarity(
    _ x: [Double], _ y: [Double], height: Int, width: Int, window: GaussianWindow,
    dataRange: Double
  ) -> Double {
    let meanX = window.filter(x, height: height, width: width)
    let meanY = window.filter(y, height: height, width: width)
    let meanXX = window.filter(zip(x, x).map(*), height: height, width: width)
    let meanYY = window.filter(zip(y, y).map(*), height: height, width: width)
    let meanXY = window.filter(zip(x, y).map(*), height: height, width: width)
    let c1 = (0.01 * dataRange) * (0.01 * dataRange)
    let c2 = (0.03 * dataRange) * (0.03 * dataRange)

    var sum = 0.0
    let border = window.radius
    for row in border..<height - border {
      for column in border..<width - border {
        let index = row * width + column
        let (mx, my) = (meanX[index], meanY[index])
        let varianceX = meanXX[index] - mx * mx
        let varianceY = meanYY[index] - my * my
        let covariance = meanXY[index] - mx * my
        let numerator = (2 * mx * my + c1) * (2 * covariance + c2)
        let denominator = (mx * mx + my * my + c1) * (varianceX + varianceY + c2)
        sum += numerator / denominator
      }
    }
    return sum / Double((height - 2 * border) * (width - 2 * border))
  }

  private static func checkShapes(_ predicted: Tensor, _ expected: Tensor, _ name: String) {
    precondition(
      predicted.shape == expected.shape,
      "\(name): predicted has shape \(predicted.shape), expected has \(expected.shape)")
    precondition(
      predicted.rank == 3 || predicted.rank == 4,
      "\(name): images must be [C, H, W] or [N, C, H, W], got \(predicted.shape)")
  }
}

/// A normalised, truncated 1-D Gaussian, applied separably to a plane.
private struct GaussianWindow {
  let radius: Int
  let weights: [Double]

  var size: Int { 2 * radius + 1 }

  /// Computes exp(−x² / 2σ²) for x in −radius…radius, divided by the sum, as
  /// `scipy.ndimage.gaussian_filter` does with `truncate` = radius / σ.
  init(standardDeviation: Double, radius: Int) {
    self.radius = radius
    let raw = (-radius...radius).map { offset in
      Foundation.exp(-0.5 * Double(offset * offset) / (standardDeviation * standardDeviation))
    }
    let total = raw.reduce(0, +)
    weights = raw.map { $0 / total }
  }

  /// Filters horizontally, then vertically.
  ///
  /// - Precondition: `height` and `width` are greater than `radius`, so one mirroring
  ///   reaches every position.
  func filter(_ plane: [Double], height: Int, width: Int) -> [Double] {
    var horizontal = [Double](repeating: 0, count: plane.count)
    for row in 0..<height {
      for column in 0..<width {
        var sum = 0.0
        for (tap, weight) in weights.enumerated() {
          let source = mirrored(column + tap - radius, size: width)
          sum += weight * plane[row * width + source]
        }
        horizontal[row * width + column] = sum
      }
    }

    var result = [Double](repeating: 0, count: plane.count)
    for row in 0..<height {
      for column in 0..<width {
        var sum = 0.0
        for (tap, weight) in weights.enumerated() {
          let source = mirrored(row + tap - radius, size: height)
          sum += weight * horizontal[source * width + column]
        }
        result[row * width + column] = sum
      }
    }
    return result
  }

  /// Maps an index outside 0..<size back inside by mirroring about the edge, with the
  /// edge value repeated: −1 → 0, −2 → 1, size → size − 1.
  private func mirrored(_ index: Int, size: Int) -> Int {
    if index < 0 { return -index - 1 }
    if index >= size { return 2 * size - index - 1 }
    return index
  }
}

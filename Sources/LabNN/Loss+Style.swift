import LabTensor

/// The scaling of a Gram-matrix style loss, for feature maps [N, C, H, W] with
/// M = H·W and Gram matrices G (input) and A (target) of size C×C per image.
public enum GramNormalization: String, Sendable, CaseIterable {
  /// Σ(G − A)² / (4·C²·M²), summed over the batch, as in "A Neural Algorithm
  /// of Artistic Style" (Gatys et al. 2015).
  case gatys
  /// The mean over N·C·C of (G/(C·H·W) − A/(C·H·W))².
  case chw
  /// The mean over N·C·C of (G/(H·W) − A/(H·W))².
  case hw
  /// The mean over N·C·C of (G − A)².
  case none
}

/// Style loss between the Gram matrices of two batches of feature maps:
///
///     Gₙ = Fₙ · Fₙᵀ   with Fₙ the [C, H·W] features of image n
///
/// scaled as `normalization` defines. The gradient is ∂L/∂Fₙ = 2 · Dₙ · Fₙ for
/// D = ∂L/∂G, which is symmetric, and the negation of the same rule for the
/// target features.
///
/// - Parameters:
///   - features: [N, C, H, W].
///   - targetFeatures: The same shape; not broadcast.
///   - normalization: `.gatys` by default.
/// - Throws: `LossError` when the shapes differ or are not four-dimensional.
public func gramStyleLoss(
  features: Tensor, targetFeatures: Tensor, normalization: GramNormalization = .gatys
) throws(LossError) -> Tensor {
  guard features.rank == 4 else {
    throw LossError(message: "input: gram_style needs feature maps [N, C, H, W], got shape "
      + "\(features.shape)")
  }
  try requireSameShape(features, targetFeatures, loss: "gram_style")

  let (batch, channels) = (features.shape[0], features.shape[1])
  let pixels = features.shape[2] * features.shape[3]
  let (gramScale, lossScale) = normalization.scales(
    batch: batch, channels: channels, pixels: pixels)
  let gram = gramMatrices(features.data, batch: batch, channels: channels, pixels: pixels)
  let targetGram = gramMatrices(
    targetFeatures.data, batch: batch, channels: channels, pixels: pixels)
  let difference = zip(gram, targetGram).map { gramScale * ($0 - $1) }
  let loss = lossScale * difference.reduce(0.0) { $0 + $1 * $1 }

  return recordOperation(
    shape: [], data: [Float(loss)], inputs: [features, targetFeatures]
  ) { upstream in
    // ∂L/∂G = 2 · lossScale · gramScale · (scaled difference); ∂L/∂F = 2 · (∂L/∂G) · F.
    let seed = Double(upstream[0]) * 4 * lossScale * gramScale
    let slope = difference.map { seed * $0 }
    return [
      gramProducts(slope, features.data, batch: batch, channels: channels, pixels: pixels),
      gramProducts(
        slope.map { -$0 }, targetFeatures.data, batch: batch, channels: channels, pixels: pixels),
    ]
  }
}

extension GramNormalization {
  /// Returns the factor s of each Gram matrix and the factor k of the sum,
  /// so that the loss is k · Σ(sG − sA)².
  func scales(batch: Int, channels: Int, pixels: Int) -> (gram: Double, loss: Double) {
    let c = Double(channels)
    let m = Double(pixels)
    let meanScale = 1 / (Double(batch) * c * c)
    switch self {
    case .gatys: return (1, 1 / (4 * c * c * m * m))
    case .chw: return (1 / (c * m), meanScale)
    case .hw: return (1 / m, meanScale)
    case .none: return (1, meanScale)
    }
  }
}

/// Returns Fₙ · Fₙᵀ for each image, as N row-major C×C matrices, in Double.
private func gramMatrices(_ data: [Float], batch: Int, channels: Int, pixels: Int) -> [Double] {
  var gram = [Double](repeating: 0, count: batch * channels * channels)
  for n in 0..<batch {
    let base = n * channels * pixels
    for i in 0..<channels {
      for j in i..<channels {
        var total = 0.0
        for m in 0..<pixels {
          total += Double(data[base + i * pixels + m]) * Double(data[base + j * pixels + m])
        }
        gram[(n * channels + i) * channels + j] = total
        gram[(n * channels + j) * channels + i] = total
      }
    }
  }
  return gram
}

/// Returns Sₙ · Fₙ for each image: C×C matrices S times [C, M] features.
private func gramProducts(
  _ matrices: [Double], _ data: [Float], batch: Int, channels: Int, pixels: Int
) -> [Float] {
  var product = [Float](repeating: 0, count: data.count)
  for n in 0..<batch {
    let base = n * channels * pixels
    for i in 0..<channels {
      for m in 0..<pixels {
        var total = 0.0
        for j in 0..<channels {
          total += matrices[(n * channels + i) * channels + j] * Double(data[base + j * pixels + m])
        }
        product[base + i * pixels + m] = Float(total)
      }
    }
  }
  return product
}

/// Anisotropic total variation, the sum of absolute differences between
/// vertically and horizontally neighbouring pixels:
///
///     TV(x) = Σ |x[…, h+1, w] − x[…, h, w]| + Σ |x[…, h, w+1] − x[…, h, w]|
///
/// summed (not averaged) over every image and channel, as
/// `tf.image.total_variation` sums it per image. The last two dimensions are
/// height and width. The gradient of |d| at d = 0 is 0, as PyTorch's `abs`.
///
/// - Parameter images: [N, C, H, W], or any shape of rank ≥ 2.
/// - Throws: `LossError` when the rank is below 2.
public func totalVariation(_ images: Tensor) throws(LossError) -> Tensor {
  guard images.rank >= 2 else {
    throw LossError(message: "input: total_variation needs at least [H, W], got shape "
      + "\(images.shape)")
  }
  let height = images.shape[images.rank - 2]
  let width = images.shape[images.rank - 1]
  let planes = height * width == 0 ? 0 : images.count / (height * width)
  var total = 0.0
  var slopes = [Float](repeating: 0, count: images.count)
  func compare(_ first: Int, _ second: Int) {
    let difference = images.data[second] - images.data[first]
    total += Double(abs(difference))
    slopes[second] += sign(difference)
    slopes[first] -= sign(difference)
  }
  for plane in 0..<planes {
    let base = plane * height * width
    for h in 0..<height {
      for w in 0..<width {
        let here = base + h * width + w
        if h + 1 < height { compare(here, here + width) }
        if w + 1 < width { compare(here, here + 1) }
      }
    }
  }
  return recordOperation(shape: [], data: [Float(total)], inputs: [images]) { upstream in
    [slopes.map { upstream[0] * $0 }]
  }
}

import LabData
import LabTensor

/// Photos of the user's own: an entry of `image.photos` or `image.validation`
/// that ends in `.png` is a file path, relative to the scenario file, where
/// other entries name the bundled photos.
extension ImageSpec {
  /// Returns whether `entry` names a PNG file rather than a bundled photo.
  public static func isPhotoFile(_ entry: String) -> Bool {
    entry.lowercased().hasSuffix(".png")
  }

  /// Returns the centred square of a [3, H, W] photo reduced to `side` pixels:
  /// the largest centred square whose side is a multiple of `side`, averaged
  /// over blocks of pixels so that fine detail does not alias. Nil when the
  /// photo is smaller than `side` in either direction.
  static func fitted(_ photo: Tensor, side: Int) -> Tensor? {
    let (height, width) = (photo.shape[1], photo.shape[2])
    let factor = min(height, width) / side
    guard factor >= 1 else { return nil }
    let square = factor * side
    let cropped = photo.cropped(
      top: (height - square) / 2, left: (width - square) / 2, height: square, width: square)
    return factor == 1 ? cropped : cropped.areaDownscaled(by: factor)
  }
}

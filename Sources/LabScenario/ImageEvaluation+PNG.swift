import LabData

extension ImageEvaluation {
  /// Writes the input, output and target side by side (`sideBySide`) as a PNG
  /// file, replacing any file at `path`.
  ///
  /// - Throws: `PNGError` naming `path` when the file cannot be written.
  public func writePNG(to path: String) throws(PNGError) {
    let joined = sideBySide()
    try PNGImage(width: joined.width, height: joined.height, pixels: joined.channels)
      .write(to: path)
  }
}

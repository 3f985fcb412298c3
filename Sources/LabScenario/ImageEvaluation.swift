/// What an evaluation of an image scenario measures and shows: the mean PSNR
/// and SSIM over the validation photos, of the outputs and of the degraded
/// inputs, and the first validation photo's input, output and target.
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
  public var target: [Float]
  /// Caveats to show with the numbers, such as "random weights".
  public var warnings: [String]

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

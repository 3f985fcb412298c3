/// The degradation an image scenario's network learns to undo.
public enum ImageTaskKind: String, Sendable, CaseIterable {
  /// The input is the photo area-downscaled by `factor` and upscaled back
  /// bilinearly; the target is the photo.
  case superResolution = "super_resolution"
  /// The input is the photo with Gaussian noise of standard deviation `noise`.
  case denoising
  /// The input is the photo with a centred square of side `mask` × the side
  /// filled with grey (0.5).
  case inpainting
  /// The input is the photo itself, and the loss rewards its content in the
  /// textures of the `style` photo (feed-forward style transfer).
  case styleTransfer = "style_transfer"

  /// Whether the network restores a degraded photo towards a target, which
  /// the pixel and adversarial terms compare with.
  public var isRestoration: Bool { self != .styleTransfer }
}

/// The pixel term of the perceptual scenarios' loss.
public enum PixelLossKind: String, Sendable, CaseIterable {
  case mse
  case l1
}

/// The settings of an image scenario: the photos, the degradation the network
/// learns to undo, and the terms of its loss,
///
///     loss = pixel(output, target) + perceptualWeight · Σₗ mean((φₗ(output) − φₗ(target))²)
///
/// where φₗ are VGG-16 activations at `layers` (Johnson, Alahi and Fei-Fei,
/// "Perceptual Losses for Real-Time Style Transfer and Super-Resolution", 2016).
/// With `adversarialWeight` above 0 a discriminator D trains alongside, and the
/// loss gains adversarialWeight · BCE(D(output), 1) (Ledig et al., "Photo-Realistic
/// Single Image Super-Resolution Using a Generative Adversarial Network", 2017).
///
/// Style transfer replaces the pixel term with the Gram-matrix style term of
/// the `style` photo and an optional total variation term,
///
///     loss = perceptualWeight · Σₗ mean((φₗ(output) − φₗ(photo))²)
///          + styleWeight · Σₛ gram_style(φₛ(output), φₛ(style)) + tvWeight · TV(output)
public struct ImageSpec: Sendable, Equatable {
  /// The photos of `data/images` that the file ships, by name.
  public static let bundledPhotos = ["astronaut", "camera", "chelsea", "coffee", "rocket"]
  /// The sides, in pixels, that every bundled photo ships at.
  public static let bundledSizes = [32, 64]

  public var task: ImageTaskKind = .superResolution
  /// Downscaling factor of super-resolution, 2 or 4. Default 2.
  public var factor = 2
  /// Standard deviation of the denoising noise, in pixel values 0…1. Default 0.1.
  public var noise = 0.1
  /// Side of the inpainting square as a share of the image side, 0.1 to 0.8. Default 0.375.
  public var mask = 0.375
  /// Side of the photos in pixels, 32 or 64. Default 32.
  public var size = 32
  /// Photos trained on, every one at each step. Default astronaut, camera, coffee, rocket.
  public var photos = ["astronaut", "camera", "coffee", "rocket"]
  /// Photos the evaluations measure PSNR and SSIM on. Default chelsea.
  public var validation = ["chelsea"]
  public var pixelLoss: PixelLossKind = .mse
  /// Weight of the perceptual term; 0 trains on the pixel loss alone. Default 1.
  public var perceptualWeight = 1.0
  /// VGG-16 layers of the perceptual term. Default relu1_2, relu2_2.
  public var layers = ["relu1_2", "relu2_2"]
  /// Safetensors file of VGG-16 weights, relative to the scenario file; nil
  /// for seeded random weights. Default nil.
  public var weightsPath: String?
  /// The bundled photo whose style `styleTransfer` copies. Default coffee.
  public var style = "coffee"
  /// Weight of the Gram-matrix style term, 0 to 100000. Default 100.
  public var styleWeight = 100.0
  /// VGG-16 layers of the style term. Default relu1_2, relu2_2, relu3_3.
  public var styleLayers = ["relu1_2", "relu2_2", "relu3_3"]
  /// Weight of the total variation term of style transfer, 0 to 1. Default 0.
  public var totalVariationWeight = 0.0
  /// Weight of the adversarial term of the restoration tasks, 0 to 1; 0 trains
  /// no discriminator. Default 0.
  public var adversarialWeight = 0.0

  public init() {}

  /// Returns the file of photo `name` at this spec's size, relative to the scenario
  /// folder: the entry itself for a PNG file of the user's.
  public func photoPath(_ name: String) -> String {
    Self.isPhotoFile(name) ? name : "data/images/\(name)-\(size).png"
  }
}

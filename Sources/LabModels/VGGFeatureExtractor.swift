import LabNN
import LabTensor

/// A feature extractor that cannot be built, with a message that names the
/// model, layer or weights file at fault.
public struct FeatureExtractorError: Error, Sendable, CustomStringConvertible {
  public var message: String
  public var description: String { message }
}

/// The activations of a VGG at layers named as in papers on perceptual and
/// style losses (`relu2_2`), with frozen parameters.
///
/// The network runs only up to the deepest requested layer, so a weights file
/// needs only the layers up to it. Parameters do not require gradients, so a
/// backward pass does no work for them but still reaches the input image. The
/// network is in evaluation mode, which matters for the batch-norm variants.
public final class VGGFeatureExtractor {
  /// The model name, such as `vgg16`.
  public let model: String
  /// The requested names, such as `relu2_2`, in the order outputs follow.
  public let layerNames: [String]
  /// The module names behind `layerNames`, such as `features.8`.
  public let moduleNames: [String]
  public let network: Network
  /// Whether the weights are seeded He-initialised values, not loaded ones.
  public let hasRandomWeights: Bool

  /// The layers a perceptual loss uses by default (Johnson et al. 2016):
  /// relu1_2 … relu5_3 for VGG-16 and relu1_2, relu2_2, relu3_4, relu4_4,
  /// relu5_4 for VGG-19 and its relatives with four convolutions per stage.
  public static func defaultLayers(of model: String) -> [String] {
    let base = model.hasSuffix("_bn") ? String(model.dropLast(3)) : model
    let lastConvolutions = VGG.configurations[base]?.map(\.count) ?? [2, 2, 3, 3, 3]
    return lastConvolutions.enumerated().map { "relu\($0.offset + 1)_\($0.element)" }
  }

  /// Builds the extractor of `model` for `layers`, with the weights of the file
  /// at `weightsPath`, or seeded He-initialised weights when it is nil.
  ///
  /// - Parameter seed: Seeds the random weights; 0 by default.
  /// - Throws: ``FeatureExtractorError`` for a model that is not a VGG, an
  ///   unknown or empty layer list, or a weights file that cannot be read or
  ///   does not fit (its message names the file and the tensor).
  public init(model: String, layers: [String], weightsPath: String?, seed: UInt64 = 0)
    throws(FeatureExtractorError)
  {
    guard let spec = VGG.spec(named: model) else {
      throw FeatureExtractorError(message: "unknown VGG model '\(model)'; expected one of: "
        + ModelCatalog.names.filter { $0.hasPrefix("vgg") }.joined(separator: ", "))
    }
    guard !layers.isEmpty else {
      throw FeatureExtractorError(message: "no layers requested; give names such as "
        + Self.defaultLayers(of: model).joined(separator: ", "))
    }
    let named = VGG.namedLayers(of: spec)
    var modules: [String] = []
    for layer in layers {
      guard let module = named[layer] else {
        let known = named.keys.filter { $0.hasPrefix("relu") }.sorted()
        throw FeatureExtractorError(message: "\(model) has no layer named '\(layer)'; "
          + "expected one of: \(known.joined(separator: ", "))")
      }
      modules.append(module)
    }
    let order = spec.layers.map(\.name)
    let deepest = modules.max { order.firstIndex(of: $0)! < order.firstIndex(of: $1)! }!
    network = Network(spec: spec.truncated(through: deepest), initialization: .he, seed: seed)
    if let weightsPath {
      do {
        try network.loadWeights(from: SafetensorsFile(path: weightsPath))
      } catch {
        throw FeatureExtractorError(message: error.description)
      }
    }
    network.setTraining(false)
    network.setParametersRequireGradient(false)
    self.model = model
    layerNames = layers
    moduleNames = modules
    hasRandomWeights = weightsPath == nil
  }

  /// The smallest height and width the requested layers accept: each of the
  /// pooling layers before the deepest one halves the image, so a layer of
  /// stage k needs 2^(k−1) pixels.
  public var minimumInputSide: Int {
    let poolings = network.spec.calls.filter {
      if case .maxPool2d = $0.kind { return true } else { return false }
    }
    return 1 << poolings.count
  }

  /// Returns the activation at each requested layer, in the order of `layerNames`.
  ///
  /// - Precondition: `images` is [N, 3, H, W] with H and W at least
  ///   ``minimumInputSide``.
  public func callAsFunction(_ images: Tensor) -> [Tensor] {
    precondition(images.rank == 4 && images.shape[1] == 3,
      "VGGFeatureExtractor: images must be [N, 3, H, W], got \(images.shape)")
    var found: [String: Tensor] = [:]
    _ = network.forward(images) { layer, output in
      if moduleNames.contains(layer.name) { found[layer.name] = output }
    }
    return moduleNames.map { found[$0]! }
  }
}

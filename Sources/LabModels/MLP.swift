import LabNN
import LabTensor

/// A multilayer perceptron: linear layers with ReLU between them and a
/// linear output layer.
public enum MLP {
  /// Builds inputCount → hidden[0] → … → outputCount, initialised as PyTorch
  /// initialises `nn.Linear`, layer by layer in order from `generator`.
  ///
  /// - Precondition: every size is positive; `hidden` may be empty (a linear model).
  public static func make(
    inputCount: Int, hidden: [Int], outputCount: Int, generator: inout RandomGenerator
  ) -> Sequential {
    var layers: [any Layer] = []
    var width = inputCount
    for size in hidden {
      layers.append(Linear(inputCount: width, outputCount: size, generator: &generator))
      layers.append(ReLU())
      width = size
    }
    layers.append(Linear(inputCount: width, outputCount: outputCount, generator: &generator))
    return Sequential(layers)
  }
}

import LabModels
import LabNN
import LabTensor

/// The workloads of `losslab bench`, in the order they run. Each one matches
/// the PyTorch definition of the same name in bench/compare.py.
/// All draw their data from one fixed seed, so every run times the same numbers.
var benchWorkloads: [BenchWorkload] { [
  BenchWorkload(
    name: "sgemm-1536",
    summary: "1536×1536 by 1536×1536 single-precision matrix product",
    floatingPointOperations: 2 * 1536 * 1536 * 1536,
    prepare: {
      let size = 1536
      var generator = RandomGenerator(seed: benchSeed)
      let left = normalValues(size * size, &generator)
      let right = normalValues(size * size, &generator)
      var product = [Float](repeating: 0, count: size * size)
      return {
        left.withUnsafeBufferPointer { a in
          right.withUnsafeBufferPointer { b in
            product.withUnsafeMutableBufferPointer { c in
              gemm(
                m: size, n: size, k: size, a: a.baseAddress!, transposeA: false,
                b: b.baseAddress!, transposeB: false, c: c.baseAddress!, accumulate: false)
            }
          }
        }
      }
    }),
  BenchWorkload(
    name: "conv3x3-64-112",
    summary: "3×3 convolution with bias, 64 to 64 channels, padding 1, on one 112×112 image",
    floatingPointOperations: 2 * 64 * 64 * 9 * 112 * 112,
    prepare: {
      var generator = RandomGenerator(seed: benchSeed)
      let input = Tensor(shape: [1, 64, 112, 112], data: normalValues(64 * 112 * 112, &generator))
      let weight = Tensor(shape: [64, 64, 3, 3], data: normalValues(64 * 64 * 9, &generator))
      let bias = Tensor(shape: [64], data: normalValues(64, &generator))
      return { _ = input.conv2d(weight: weight, bias: bias, padding: 1) }
    }),
  BenchWorkload(
    name: "vgg16-224",
    summary: "VGG-16 forward pass on one 3×224×224 image, evaluation mode, seeded weights",
    floatingPointOperations: 2 * 15_470_264_320, warmUpCount: 1,
    prepare: {
      let network = Network(spec: try! ModelCatalog.model(named: "vgg16"), seed: benchSeed)
      network.setTraining(false)
      // Inference: no parameter records a graph, as under torch.no_grad().
      network.setParametersRequireGradient(false)
      var generator = RandomGenerator(seed: benchSeed)
      let image = Tensor(shape: [1, 3, 224, 224], data: normalValues(3 * 224 * 224, &generator))
      return { _ = network(image) }
    }),
  BenchWorkload(
    name: "mlp-mse",
    summary: "one Adam step of an 8→64→64→1 ReLU network on a batch of 64, mean squared error",
    floatingPointOperations: nil,
    prepare: {
      var generator = RandomGenerator(seed: benchSeed)
      let model = MLP.make(inputCount: 8, hidden: [64, 64], outputCount: 1, generator: &generator)
      let input = Tensor(shape: [64, 8], data: normalValues(64 * 8, &generator))
      let target = Tensor(shape: [64, 1], data: normalValues(64, &generator))
      let optimizer = Adam(learningRate: 1e-3)
      return {
        trainingStep(model.parameters, optimizer) {
          try! meanSquaredError(predicted: model(input), expected: target)
        }
      }
    }),
  BenchWorkload(
    name: "cnn-ce",
    summary: "one SGD step (momentum 0.9) of conv 1→16, max-pool, conv 16→32, max-pool, "
      + "linear 512→10 (ReLU after each convolution) on 32 images of 1×16×16, cross-entropy",
    floatingPointOperations: nil,
    prepare: {
      var generator = RandomGenerator(seed: benchSeed)
      let model = Sequential([
        Conv2d(inputChannels: 1, outputChannels: 16, kernelSize: 3, padding: 1,
          generator: &generator),
        ReLU(), MaxPool2d(kernelSize: 2),
        Conv2d(inputChannels: 16, outputChannels: 32, kernelSize: 3, padding: 1,
          generator: &generator),
        ReLU(), MaxPool2d(kernelSize: 2), Flatten(),
        Linear(inputCount: 32 * 4 * 4, outputCount: 10, generator: &generator),
      ])
      let input = Tensor(shape: [32, 1, 16, 16], data: normalValues(32 * 256, &generator))
      let labels = ClassIndices(shape: [32], values: (0..<32).map { _ in
        Int(generator.next() % 10)
      })
      let optimizer = SGD(learningRate: 0.01, momentum: 0.9)
      return {
        trainingStep(model.parameters, optimizer) {
          try! crossEntropy(logits: model(input), classIndices: labels)
        }
      }
    }),
  BenchWorkload(
    name: "triplet",
    summary: "one Adam step of a 32→64→16 ReLU embedding on 32 triplets, triplet margin loss",
    floatingPointOperations: nil,
    prepare: {
      var generator = RandomGenerator(seed: benchSeed)
      let model = MLP.make(inputCount: 32, hidden: [64], outputCount: 16, generator: &generator)
      let anchor = Tensor(shape: [32, 32], data: normalValues(32 * 32, &generator))
      let positive = Tensor(shape: [32, 32], data: normalValues(32 * 32, &generator))
      let negative = Tensor(shape: [32, 32], data: normalValues(32 * 32, &generator))
      let optimizer = Adam(learningRate: 1e-3)
      return {
        trainingStep(model.parameters, optimizer) {
          try! tripletMarginLoss(
            anchor: model(anchor), positive: model(positive), negative: model(negative))
        }
      }
    }),
  BenchWorkload(
    name: "perceptual-sr",
    summary: "one Adam step of three 3×3 convolutions 3→32→32→3 (ReLU between) on 4 images "
      + "of 3×64×64; loss the MSE between frozen VGG-16 relu2_2 features of output and target",
    floatingPointOperations: nil,
    prepare: {
      var generator = RandomGenerator(seed: benchSeed)
      let model = Sequential([
        Conv2d(inputChannels: 3, outputChannels: 32, kernelSize: 3, padding: 1,
          generator: &generator),
        ReLU(),
        Conv2d(inputChannels: 32, outputChannels: 32, kernelSize: 3, padding: 1,
          generator: &generator),
        ReLU(),
        Conv2d(inputChannels: 32, outputChannels: 3, kernelSize: 3, padding: 1,
          generator: &generator),
      ])
      let features = try! VGGFeatureExtractor(
        model: "vgg16", layers: ["relu2_2"], weightsPath: nil, seed: benchSeed)
      let input = Tensor(shape: [4, 3, 64, 64], data: normalValues(4 * 3 * 64 * 64, &generator))
      let target = Tensor(shape: [4, 3, 64, 64], data: normalValues(4 * 3 * 64 * 64, &generator))
      let targetFeatures = features(target)[0]
      let optimizer = Adam(learningRate: 1e-3)
      return {
        trainingStep(model.parameters, optimizer) {
          try! meanSquaredError(predicted: features(model(input))[0], expected: targetFeatures)
        }
      }
    }),
] }

let benchSeed: UInt64 = 20_241_204

/// Runs one optimisation step in the order of PyTorch's training loop: clear
/// the gradients, compute the loss, differentiate, update.
func trainingStep(_ parameters: [Tensor], _ optimizer: any Optimizer, loss: () -> Tensor) {
  for parameter in parameters { parameter.zeroGradient() }
  loss().backward()
  optimizer.step(parameters)
}

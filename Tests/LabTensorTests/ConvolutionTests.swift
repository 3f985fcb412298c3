import LabTensor
import LabTestSupport
import Testing

/// A direct convolution in Float64 with its three gradients, written from the
/// definition, against which the im2col kernel is checked on shapes that the
/// PyTorch fixture keeps small.
private struct DirectConvolution {
  var output: [Float]
  var inputGradient: [Float]
  var weightGradient: [Float]
  var biasGradient: [Float]

  init(
    input: Tensor, weight: Tensor, bias: Tensor, upstream: [Float], stride: Size2D,
    padding: Size2D, dilation: Size2D
  ) {
    let (batch, channels, height, width) =
      (input.shape[0], input.shape[1], input.shape[2], input.shape[3])
    let (outputChannels, kernelHeight, kernelWidth) =
      (weight.shape[0], weight.shape[2], weight.shape[3])
    let outputHeight =
      (height + 2 * padding.height - dilation.height * (kernelHeight - 1) - 1) / stride.height + 1
    let outputWidth =
      (width + 2 * padding.width - dilation.width * (kernelWidth - 1) - 1) / stride.width + 1
    var output = [Double](repeating: 0, count: batch * outputChannels * outputHeight * outputWidth)
    var inputGradient = [Double](repeating: 0, count: input.count)
    var weightGradient = [Double](repeating: 0, count: weight.count)
    var biasGradient = [Double](repeating: 0, count: outputChannels)
    for n in 0..<batch {
      for o in 0..<outputChannels {
        for i in 0..<outputHeight {
          for j in 0..<outputWidth {
            let outputIndex = ((n * outputChannels + o) * outputHeight + i) * outputWidth + j
            let g = Double(upstream[outputIndex])
            var total = Double(bias.data[o])
            biasGradient[o] += g
            for c in 0..<channels {
              for u in 0..<kernelHeight {
                let y = i * stride.height - padding.height + u * dilation.height
                guard y >= 0 && y < height else { continue }
                for v in 0..<kernelWidth {
                  let x = j * stride.width - padding.width + v * dilation.width
                  guard x >= 0 && x < width else { continue }
                  let inputIndex = ((n * channels + c) * height + y) * width + x
                  let weightIndex = ((o * channels + c) * kernelHeight + u) * kernelWidth + v
                  total += Double(input.data[inputIndex]) * Double(weight.data[weightIndex])
                  inputGradient[inputIndex] += g * Double(weight.data[weightIndex])
                  weightGradient[weightIndex] += g * Double(input.data[inputIndex])
                }
              }
            }
            output[outputIndex] = total
          }
        }
      }
    }
    self.output = output.map { Float($0) }
    self.inputGradient = inputGradient.map { Float($0) }
    self.weightGradient = weightGradient.map { Float($0) }
    self.biasGradient = biasGradient.map { Float($0) }
  }
}

/// A convolution setting for the direct and finite-difference checks.
struct ConvolutionSetup: Sendable, CustomTestStringConvertible {
  var inputShape: [Int]
  var weightShape: [Int]
  var stride: Size2D
  var padding: Size2D
  var dilation: Size2D

  var testDescription: String {
    "input \(inputShape), weight \(weightShape), stride \(stride), padding \(padding), "
      + "dilation \(dilation)"
  }
}

@Suite("Tensor+Convolution")
struct ConvolutionTests {
  @Test("conv2d matches PyTorch", arguments: try ConvolutionReference.load().conv2d)
  func conv2dMatchesPyTorch(reference: Conv2dCase) {
    let input = reference.input.leaf()
    let weight = reference.weight.leaf()
    let bias = reference.bias?.leaf()

    let output = input.conv2d(
      weight: weight, bias: bias, stride: reference.stride.size2D,
      padding: reference.padding.size2D, dilation: reference.dilation.size2D)
    (output * reference.upstream.constant()).sum().backward()

    let label = "conv2d \(reference.name)"
    let tolerance = ReferenceTolerance.gradient
    #expect(output.shape == reference.output.shape, "\(label) output shape")
    expectCloseToScale(output.data, reference.output, relative: ReferenceTolerance.value,
      "\(label) output")
    expectCloseToScale(input.gradient, reference.inputGradient, relative: tolerance,
      "\(label) input gradient")
    expectCloseToScale(weight.gradient, reference.weightGradient, relative: tolerance,
      "\(label) weight gradient")
    #expect((bias == nil) == (reference.biasGradient == nil), "fixture and case disagree on bias")
    if let bias, let biasGradient = reference.biasGradient {
      expectCloseToScale(bias.gradient, biasGradient, relative: tolerance, "\(label) bias gradient")
    }
  }

  /// Shapes whose column blocks end inside an output row, with many input
  /// channels, pointwise, or with a batch of small images that share column
  /// blocks (the last block only partly filled).
  static let directSetups: [ConvolutionSetup] = [
    ConvolutionSetup(
      inputShape: [40, 3, 8, 8], weightShape: [6, 3, 3, 3], stride: 1, padding: 1, dilation: 1),
    ConvolutionSetup(
      inputShape: [1, 2, 30, 29], weightShape: [3, 2, 3, 3], stride: 1, padding: 1, dilation: 1),
    ConvolutionSetup(
      inputShape: [2, 3, 23, 21], weightShape: [2, 3, 3, 2], stride: Size2D(2, 1),
      padding: Size2D(2, 1), dilation: Size2D(1, 2)),
    ConvolutionSetup(
      inputShape: [1, 300, 40, 40], weightShape: [2, 300, 3, 3], stride: 1, padding: 1,
      dilation: 1),
    ConvolutionSetup(
      inputShape: [3, 4, 17, 19], weightShape: [5, 4, 1, 1], stride: 1, padding: 0,
      dilation: 1),
  ]

  @Test("conv2d matches a direct convolution", arguments: directSetups)
  func conv2dMatchesDirect(setup: ConvolutionSetup) {
    let input = randomLeaf(setup.inputShape, seed: 1)
    let weight = randomLeaf(setup.weightShape, seed: 2)
    let bias = randomLeaf([setup.weightShape[0]], seed: 3)

    let output = input.conv2d(
      weight: weight, bias: bias, stride: setup.stride, padding: setup.padding,
      dilation: setup.dilation)
    let upstream = randomLeaf(output.shape, seed: 4).data
    (output * Tensor(shape: output.shape, data: upstream)).sum().backward()
    let direct = DirectConvolution(
      input: input, weight: weight, bias: bias, upstream: upstream, stride: setup.stride,
      padding: setup.padding, dilation: setup.dilation)

    // Sums of up to 2700 products: the tolerance allows their Float32 rounding.
    expectClose(output.data, direct.output, relative: 1e-4, absolute: 1e-4, "output")
    expectClose(input.gradient!, direct.inputGradient, relative: 1e-4, absolute: 1e-4, "input")
    expectClose(weight.gradient!, direct.weightGradient, relative: 1e-4, absolute: 1e-3, "weight")
    expectClose(bias.gradient!, direct.biasGradient, relative: 1e-4, absolute: 1e-3, "bias")
  }

  /// Batch 1 and 2 sum the input gradient in several groups per image, and
  /// batches 5 and 37 write it image by image from blocks of two images.
  @Test("conv2d is the same for 1, 2 and 3 threads", arguments: [1, 2, 5, 37])
  func conv2dThreadCountIndependent(batch: Int) {
    var results: [[[Float]]] = []
    for threads in [1, 2, 3] {
      let input = randomLeaf([batch, 3, 20, 21], seed: 5)
      let weight = randomLeaf([4, 3, 3, 3], seed: 6)
      let bias = randomLeaf([4], seed: 7)
      let output = input.conv2d(
        weight: weight, bias: bias, stride: 1, padding: 1, threads: threads)
      weightedSum(output).backward()
      results.append([output.data, input.gradient!, weight.gradient!, bias.gradient!])
    }
    #expect(results[1] == results[0], "2 threads differ from 1")
    #expect(results[2] == results[0], "3 threads differ from 1")
  }

  static let gradientSetups: [ConvolutionSetup] = [
    ConvolutionSetup(
      inputShape: [2, 2, 5, 4], weightShape: [3, 2, 3, 3], stride: 1, padding: 1, dilation: 1),
    ConvolutionSetup(
      inputShape: [1, 2, 6, 7], weightShape: [2, 2, 3, 2], stride: 2, padding: Size2D(1, 2),
      dilation: 1),
    ConvolutionSetup(
      inputShape: [1, 1, 7, 7], weightShape: [2, 1, 3, 3], stride: 1, padding: 2, dilation: 2),
    ConvolutionSetup(
      inputShape: [2, 3, 3, 3], weightShape: [2, 3, 1, 1], stride: 1, padding: 0, dilation: 1),
  ]

  @Test("conv2d gradient matches finite differences", arguments: gradientSetups)
  func conv2dGradient(setup: ConvolutionSetup) {
    let inputs = [
      randomLeaf(setup.inputShape, seed: 8), randomLeaf(setup.weightShape, seed: 9),
      randomLeaf([setup.weightShape[0]], seed: 10),
    ]
    checkGradient("conv2d \(setup.testDescription)", inputs: inputs) { inputs in
      weightedSum(
        inputs[0].conv2d(
          weight: inputs[1], bias: inputs[2], stride: setup.stride, padding: setup.padding,
          dilation: setup.dilation))
    }
  }

  @Test("conv2d without gradients records nothing")
  func conv2dInferenceRecordsNothing() {
    let input = Tensor(shape: [1, 2, 4, 4], data: (0..<32).map { Float($0) })
    let weight = Tensor(zeros: [3, 2, 3, 3])

    let output = input.conv2d(weight: weight, padding: 1)

    #expect(!output.requiresGradient)
    #expect(output.shape == [1, 3, 4, 4])
  }

  @Test(
    "inference keeps no reference to its input",
    arguments: ["conv2d", "max_pool2d", "avg_pool2d", "batch_norm", "interpolate", "dropout"])
  func inferenceReleasesInput(operation: String) {
    let weight = Tensor(zeros: [2, 2, 3, 3])
    weak var released: Tensor?
    var output: Tensor?
    do {
      let input = Tensor(shape: [1, 2, 6, 6], data: (0..<72).map { Float($0) })
      released = input
      switch operation {
      case "conv2d": output = input.conv2d(weight: weight, padding: 1)
      case "max_pool2d": output = input.maxPool2d(kernelSize: 2)
      case "avg_pool2d": output = input.avgPool2d(kernelSize: 2)
      case "batch_norm":
        output = input.batchNorm(runningMean: nil, runningVariance: nil, isTraining: true)
      case "interpolate": output = input.interpolate(size: 9, mode: .nearest)
      default: output = input.dropout(probability: 0.5, isTraining: true, seed: 1)
      }
    }

    #expect(output?.requiresGradient == false)
    #expect(released == nil, "\(operation) output keeps its input alive")
  }

  @Test("conv2d of a 4×4 image with a 3×3 box kernel")
  func conv2dBoxKernel() {
    // Each output of a 3×3 all-ones kernel with padding 1 is the sum of the
    // inputs around it: 4 corners of 1..16 row-major give 1+2+5+6 = 14 and so on.
    let input = Tensor(shape: [1, 1, 4, 4], data: (1...16).map { Float($0) })
    let weight = Tensor(shape: [1, 1, 3, 3], data: [Float](repeating: 1, count: 9))

    let output = input.conv2d(weight: weight, padding: 1)

    #expect(output.data == [
      14, 24, 30, 22,
      33, 54, 63, 45,
      57, 90, 99, 69,
      46, 72, 78, 54,
    ])
  }
}

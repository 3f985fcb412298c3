import LabTensor
import LabTestSupport
import Testing

@Suite("Tensor+Normalization")
struct NormalizationTests {
  @Test("batch_norm matches PyTorch", arguments: try ConvolutionReference.load().batchNorm)
  func batchNormMatchesPyTorch(reference: BatchNormCase) {
    let input = reference.input.leaf()
    let weight = reference.weight?.leaf()
    let bias = reference.bias?.leaf()
    let runningMean = reference.runningMean.constant()
    let runningVariance = reference.runningVar.constant()

    let output = input.batchNorm(
      runningMean: runningMean, runningVariance: runningVariance, weight: weight, bias: bias,
      isTraining: reference.training, momentum: reference.momentum, epsilon: reference.eps)
    (output * reference.upstream.constant()).sum().backward()

    let label = "batch_norm \(reference.name)"
    expectValues(output, reference.output, "\(label) output")
    expectGradient(input, reference.inputGradient, "\(label) input gradient")
    expectValues(runningMean, reference.runningMeanAfter, "\(label) running mean")
    expectValues(runningVariance, reference.runningVarAfter, "\(label) running variance")
    #expect((weight == nil) == (reference.weightGradient == nil), "fixture and case disagree")
    if let weight, let weightGradient = reference.weightGradient {
      expectGradient(weight, weightGradient, "\(label) weight gradient")
    }
    if let bias, let biasGradient = reference.biasGradient {
      expectGradient(bias, biasGradient, "\(label) bias gradient")
    }
  }

  @Test("batch_norm gradient matches finite differences", arguments: [true, false])
  func batchNormGradient(isTraining: Bool) {
    let inputs = [
      randomLeaf([3, 2, 2, 3], seed: 30), randomLeaf([2], seed: 31, low: 0.5, high: 1.5),
      randomLeaf([2], seed: 32),
    ]
    checkGradient("batch_norm training \(isTraining)", inputs: inputs) { inputs in
      // Fresh running statistics on every call, so that updates do not
      // accumulate across the finite-difference evaluations.
      let output = inputs[0].batchNorm(
        runningMean: Tensor(shape: [2], data: [0.2, -0.1]),
        runningVariance: Tensor(shape: [2], data: [0.8, 1.3]), weight: inputs[1],
        bias: inputs[2], isTraining: isTraining)
      return weightedSum(output)
    }
  }

  @Test("batch_norm in training normalises each channel")
  func batchNormNormalises() {
    let input = randomLeaf([4, 3, 5, 5], seed: 33, low: 2, high: 6)

    let output = input.batchNorm(runningMean: nil, runningVariance: nil, isTraining: true)

    for channel in 0..<3 {
      var values: [Double] = []
      for item in 0..<4 {
        let start = (item * 3 + channel) * 25
        values += output.data[start..<(start + 25)].map { Double($0) }
      }
      let mean = values.reduce(0, +) / Double(values.count)
      let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)
      #expect(abs(mean) < 1e-5, "channel \(channel) mean \(mean)")
      // The variance is v / (v + ε) for the input's variance v ≈ 1.33.
      #expect(abs(variance - 1) < 1e-4, "channel \(channel) variance \(variance)")
    }
  }

  @Test("batch_norm in evaluation leaves running statistics")
  func batchNormEvaluationKeepsStatistics() {
    let runningMean = Tensor(shape: [2], data: [0.5, -1])
    let runningVariance = Tensor(shape: [2], data: [4, 0.25])
    let input = Tensor(shape: [1, 2, 1, 2], data: [2.5, 0.5, -1, 0])

    let output = input.batchNorm(
      runningMean: runningMean, runningVariance: runningVariance, isTraining: false,
      epsilon: 0)

    #expect(output.data == [1, 0, 0, 2])
    #expect(runningMean.data == [0.5, -1])
    #expect(runningVariance.data == [4, 0.25])
  }
}

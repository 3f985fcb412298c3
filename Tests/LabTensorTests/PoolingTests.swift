import LabTensor
import LabTestSupport
import Testing

@Suite("Tensor+Pooling")
struct PoolingTests {
  @Test("max_pool2d matches PyTorch", arguments: try ConvolutionReference.load().maxPool)
  func maxPoolMatchesPyTorch(reference: MaxPoolCase) {
    let input = reference.input.leaf()

    let output = input.maxPool2d(
      kernelSize: reference.kernel.size2D, stride: reference.stride.size2D,
      padding: reference.padding.size2D, dilation: reference.dilation.size2D)
    (output * reference.upstream.constant()).sum().backward()

    expectValues(output, reference.output, "max_pool2d \(reference.name) output")
    expectGradient(input, reference.inputGradient, "max_pool2d \(reference.name) gradient")
  }

  @Test("avg_pool2d matches PyTorch", arguments: try ConvolutionReference.load().avgPool)
  func avgPoolMatchesPyTorch(reference: AvgPoolCase) {
    let input = reference.input.leaf()

    let output = input.avgPool2d(
      kernelSize: reference.kernel.size2D, stride: reference.stride.size2D,
      padding: reference.padding.size2D, countIncludePadding: reference.countIncludePad)
    (output * reference.upstream.constant()).sum().backward()

    expectValues(output, reference.output, "avg_pool2d \(reference.name) output")
    expectGradient(input, reference.inputGradient, "avg_pool2d \(reference.name) gradient")
  }

  @Test(
    "adaptive_avg_pool2d matches PyTorch",
    arguments: try ConvolutionReference.load().adaptiveAvgPool)
  func adaptiveAvgPoolMatchesPyTorch(reference: AdaptiveAvgPoolCase) {
    let input = reference.input.leaf()

    let output = input.adaptiveAvgPool2d(outputSize: reference.outputSize.size2D)
    (output * reference.upstream.constant()).sum().backward()

    expectValues(output, reference.output, "adaptive_avg_pool2d \(reference.name) output")
    expectGradient(
      input, reference.inputGradient, "adaptive_avg_pool2d \(reference.name) gradient")
  }

  @Test("max_pool2d sends ties to the first maximum")
  func maxPoolTies() {
    let input = Tensor(shape: [1, 1, 2, 2], data: [3, 3, 3, 3], requiresGradient: true)

    let output = input.maxPool2d(kernelSize: 2)
    output.sum().backward()

    #expect(output.data == [3])
    #expect(input.gradient == [1, 0, 0, 0])
  }

  @Test("max_pool2d without gradients records nothing")
  func maxPoolInference() {
    let input = Tensor(shape: [2, 3, 5, 4], data: (0..<120).map { Float($0 % 7) })

    let output = input.maxPool2d(kernelSize: 3, stride: 2, padding: 1)

    #expect(!output.requiresGradient)
    #expect(output.shape == [2, 3, 3, 2])
    #expect(output.data.allSatisfy { $0 >= 0 })
    #expect(output.data.allSatisfy { $0 <= 6 })
  }

  @Test("max_pool2d propagates NaN")
  func maxPoolNaN() {
    let input = Tensor(shape: [1, 1, 2, 2], data: [1, .nan, 5, 2])

    let output = input.maxPool2d(kernelSize: 2)

    #expect(output.data[0].isNaN)
  }

  /// Rows of 37 values give 18 windows and an unused last column. Values
  /// repeat, so ties are common, and a few are NaN or −∞.
  @Test("max_pool2d 2×2 picks the first maximum")
  func maxPoolTwoByTwoWinners() {
    let (planes, height, width) = (6, 6, 37)
    let values: [Float] = (0..<(planes * height * width)).map { i in
      if i % 53 == 7 { return .nan }
      if i % 41 == 3 { return -.infinity }
      return Float((i * 7919) % 5)
    }
    let input = Tensor(shape: [2, 3, height, width], data: values, requiresGradient: true)

    let output = input.maxPool2d(kernelSize: 2)
    output.sum().backward()

    var expectedGradient = [Float](repeating: 0, count: values.count)
    for plane in 0..<planes {
      for row in 0..<(height / 2) {
        for column in 0..<(width / 2) {
          let first = plane * height * width + 2 * row * width + 2 * column
          var (best, bestIndex) = (-Float.infinity, first)
          for position in [first, first + 1, first + width, first + width + 1]
          where values[position] > best || values[position].isNaN {
            (best, bestIndex) = (values[position], position)
          }
          let index = (plane * (height / 2) + row) * (width / 2) + column
          let isSame = best.isNaN ? output.data[index].isNaN : output.data[index] == best
          #expect(isSame, "window \(plane), \(row), \(column): \(output.data[index]) != \(best)")
          expectedGradient[bestIndex] += 1
        }
      }
    }
    #expect(input.gradient! == expectedGradient)
  }

  @Test("adaptive_avg_pool2d from 1×1 repeats the pixel")
  func adaptiveFromOnePixel() {
    let input = Tensor(shape: [1, 1, 1, 1], data: [2.5])

    let output = input.adaptiveAvgPool2d(outputSize: 7)

    #expect(output.shape == [1, 1, 7, 7])
    #expect(output.data == [Float](repeating: 2.5, count: 49))
  }

  @Test("pooling is the same for 1, 2 and 3 threads")
  func poolingThreadCountIndependent() {
    let pools: [(name: String, apply: (Tensor, Int) -> Tensor)] = [
      ("max_pool2d", { $0.maxPool2d(kernelSize: 3, stride: 2, padding: 1, threads: $1) }),
      ("avg_pool2d", { $0.avgPool2d(kernelSize: 3, stride: 2, padding: 1, threads: $1) }),
      ("adaptive_avg_pool2d", { $0.adaptiveAvgPool2d(outputSize: 5, threads: $1) }),
    ]
    for (name, apply) in pools {
      var results: [[[Float]]] = []
      for threads in [1, 2, 3] {
        let input = randomLeaf([2, 3, 9, 8], seed: 20)
        let output = apply(input, threads)
        weightedSum(output).backward()
        results.append([output.data, input.gradient!])
      }
      #expect(results[1] == results[0], "\(name): 2 threads differ from 1")
      #expect(results[2] == results[0], "\(name): 3 threads differ from 1")
    }
  }

  @Test("max_pool2d gradient matches finite differences")
  func maxPoolGradient() {
    // Distinct values 0.1 apart in a shuffled order: a step of ε = 0.01 never
    // changes which element of a window is the maximum.
    var generator = RandomGenerator(seed: 21)
    let values = generator.permutation(2 * 2 * 7 * 6).map { Float($0) * 0.1 }
    let input = Tensor(shape: [2, 2, 7, 6], data: values, requiresGradient: true)
    checkGradient("max_pool2d", inputs: [input]) { inputs in
      weightedSum(inputs[0].maxPool2d(kernelSize: 3, stride: 2, padding: 1))
    }
    checkGradient("max_pool2d dilated", inputs: [input]) { inputs in
      weightedSum(inputs[0].maxPool2d(kernelSize: Size2D(2, 3), stride: 1, dilation: 2))
    }
  }

  @Test("avg_pool2d gradient matches finite differences", arguments: [true, false])
  func avgPoolGradient(countIncludePadding: Bool) {
    checkGradient("avg_pool2d", inputs: [randomLeaf([2, 2, 7, 6], seed: 22)]) { inputs in
      weightedSum(
        inputs[0].avgPool2d(
          kernelSize: 3, stride: Size2D(2, 1), padding: 1,
          countIncludePadding: countIncludePadding))
    }
  }

  @Test("adaptive_avg_pool2d gradient matches finite differences")
  func adaptiveAvgPoolGradient() {
    checkGradient("adaptive_avg_pool2d", inputs: [randomLeaf([1, 2, 5, 9], seed: 23)]) {
      inputs in
      weightedSum(inputs[0].adaptiveAvgPool2d(outputSize: Size2D(3, 4)))
    }
  }
}

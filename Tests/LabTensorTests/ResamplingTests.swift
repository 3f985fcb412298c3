import LabTensor
import LabTestSupport
import Testing

@Suite("Tensor+Resampling")
struct ResamplingTests {
  @Test("interpolate matches PyTorch", arguments: try ConvolutionReference.load().interpolate)
  func interpolateMatchesPyTorch(reference: InterpolateCase) {
    let input = reference.input.leaf()

    let output: Tensor
    if let size = reference.size {
      output = input.interpolate(size: size.size2D, mode: reference.interpolationMode)
    } else {
      let factor = reference.scaleFactor!
      output = input.interpolate(
        scaleFactor: (factor, factor), mode: reference.interpolationMode)
    }
    (output * reference.upstream.constant()).sum().backward()

    expectValues(output, reference.output, "interpolate \(reference.name) output")
    expectGradient(input, reference.inputGradient, "interpolate \(reference.name) gradient")
  }

  @Test(
    "interpolate gradient matches finite differences",
    arguments: [
      InterpolationMode.nearest, .bilinear(alignCorners: false), .bilinear(alignCorners: true),
    ])
  func interpolateGradient(mode: InterpolationMode) {
    checkGradient("interpolate \(mode) by size", inputs: [randomLeaf([2, 1, 3, 4], seed: 40)]) {
      inputs in
      weightedSum(inputs[0].interpolate(size: Size2D(5, 7), mode: mode))
    }
    checkGradient(
      "interpolate \(mode) by factor", inputs: [randomLeaf([1, 2, 4, 3], seed: 41)]
    ) { inputs in
      weightedSum(inputs[0].interpolate(scaleFactor: (2, 1.5), mode: mode))
    }
  }

  @Test("interpolate is the same for 1, 2 and 3 threads")
  func interpolateThreadCountIndependent() {
    var results: [[[Float]]] = []
    for threads in [1, 2, 3] {
      let input = randomLeaf([2, 3, 5, 4], seed: 42)
      let output = input.interpolate(
        size: Size2D(7, 9), mode: .bilinear(alignCorners: false), threads: threads)
      weightedSum(output).backward()
      results.append([output.data, input.gradient!])
    }
    #expect(results[1] == results[0], "2 threads differ from 1")
    #expect(results[2] == results[0], "3 threads differ from 1")
  }

  @Test("nearest doubling repeats each pixel")
  func nearestDoubling() {
    let input = Tensor(shape: [1, 1, 2, 2], data: [1, 2, 3, 4])

    let output = input.interpolate(scaleFactor: (2, 2), mode: .nearest)

    #expect(output.data == [
      1, 1, 2, 2,
      1, 1, 2, 2,
      3, 3, 4, 4,
      3, 3, 4, 4,
    ])
  }

  @Test("bilinear with aligned corners keeps the corners")
  func bilinearAlignedCorners() {
    let input = Tensor(shape: [1, 1, 2, 2], data: [1, 2, 3, 4])

    let output = input.interpolate(size: Size2D(3, 3), mode: .bilinear(alignCorners: true))

    #expect(output.data == [1, 1.5, 2, 2, 2.5, 3, 3, 3.5, 4])
  }
}

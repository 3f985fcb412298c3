import LabTensor
import LabTestSupport
import Testing

@Suite("Tensor+Dropout")
struct DropoutTests {
  @Test("dropout zeroes about p of the elements", arguments: [Float(0.1), 0.5, 0.8])
  func dropoutRate(probability: Float) {
    // With n = 100,000 draws the dropped fraction has standard deviation
    // √(p(1 − p)/n) ≤ 0.0016, so a bound of 0.01 is more than 6 deviations.
    let count = 100_000
    let input = Tensor(shape: [count], data: [Float](repeating: 1, count: count))
    var generator = RandomGenerator(seed: 50)

    let output = input.dropout(probability: probability, isTraining: true, generator: &generator)

    let dropped = output.data.filter { $0 == 0 }.count
    let fraction = Double(dropped) / Double(count)
    #expect(abs(fraction - Double(probability)) < 0.01, "dropped fraction \(fraction)")
    let scale = 1 / (1 - probability)
    #expect(output.data.allSatisfy { $0 == 0 || $0 == scale })
    let mean = output.data.reduce(0, +) / Float(count)
    #expect(abs(mean - 1) < 0.05, "mean \(mean)")
  }

  @Test("dropout gradient uses the forward mask")
  func dropoutGradientMatchesMask() {
    let input = randomLeaf([4, 50], seed: 51, low: 0.5, high: 2)
    let upstream = randomLeaf([4, 50], seed: 52).data

    let output = input.dropout(probability: 0.3, isTraining: true, seed: 53)
    (output * Tensor(shape: [4, 50], data: upstream)).sum().backward()

    let gradient = input.gradient!
    for i in 0..<input.count {
      // The output is the input times the mask, so the mask is recovered as
      // their ratio (inputs are at least 0.5, never 0).
      let mask = output.data[i] / input.data[i]
      expectClose(gradient[i], upstream[i] * mask, relative: 1e-6, absolute: 0, "element \(i)")
    }
    #expect(output.data.contains(0))
    #expect(!gradient.contains { $0.isNaN })
  }

  @Test("dropout gradient matches finite differences")
  func dropoutGradient() {
    checkGradient("dropout", inputs: [randomLeaf([3, 7], seed: 54)]) { inputs in
      weightedSum(inputs[0].dropout(probability: 0.4, isTraining: true, seed: 55))
    }
  }

  @Test("dropout is the identity in evaluation and for p = 0")
  func dropoutIdentity() {
    let input = randomLeaf([10], seed: 56)

    #expect(input.dropout(probability: 0.5, isTraining: false, seed: 1) === input)
    #expect(input.dropout(probability: 0, isTraining: true, seed: 1).data == input.data)
  }

  @Test("dropout with p = 1 zeroes everything")
  func dropoutAll() {
    let input = randomLeaf([10], seed: 57)

    let output = input.dropout(probability: 1, isTraining: true, seed: 2)

    #expect(output.data == [Float](repeating: 0, count: 10))
  }

  @Test("dropout repeats its mask for the same seed")
  func dropoutSeeded() {
    let input = randomLeaf([64], seed: 58)

    let first = input.dropout(probability: 0.5, isTraining: true, seed: 9)
    let second = input.dropout(probability: 0.5, isTraining: true, seed: 9)
    let third = input.dropout(probability: 0.5, isTraining: true, seed: 10)

    #expect(first.data == second.data)
    #expect(first.data != third.data)
  }
}

import LabNN
import LabTensor
import Testing

@Suite struct LayerModeTests {
  @Test func sequentialForwardsTrainingSwitch() {
    var generator = RandomGenerator(seed: 1)
    let norm = BatchNorm2d(featureCount: 2)
    let dropout = Dropout(generator: &generator)
    let model = Sequential([norm, ReLU(), Sequential([dropout])])
    model.setTraining(false)
    #expect(!norm.isTraining)
    #expect(!dropout.isTraining)
    model.setTraining(true)
    #expect(norm.isTraining)
    #expect(dropout.isTraining)
  }

  @Test func sequentialNamesBuffersByIndex() {
    let first = BatchNorm2d(featureCount: 2)
    let second = BatchNorm2d(featureCount: 3)
    let model = Sequential([first, ReLU(), second])
    #expect(model.buffers.map(\.name)
      == ["0.running_mean", "0.running_var", "2.running_mean", "2.running_var"])
    #expect(model.buffers[3].tensor === second.runningVariance)
  }

  @Test func layersWithoutStateHaveNoBuffers() {
    var generator = RandomGenerator(seed: 2)
    let linear = Linear(inputCount: 2, outputCount: 1, generator: &generator)
    linear.setTraining(false)
    #expect(linear.buffers.isEmpty)
  }

  @Test func evaluationUsesRunningStatistics() {
    let norm = BatchNorm2d(featureCount: 1)
    norm.runningMean.data = [1]
    norm.runningVariance.data = [4]
    norm.setTraining(false)
    let output = norm(Tensor(shape: [1, 1, 1, 2], data: [3, 5]))
    let scale = 1 / (4 + norm.epsilon).squareRoot()
    #expect(output.data == [2 * scale, 4 * scale])
  }
}

import LabModels
import Testing

@Suite struct AccountTests {
  @Test(arguments: [
    ("224", 224, 224), ("160x224", 160, 224), ("160X224", 160, 224), ("32×64", 32, 64),
  ])
  func inputSizeParses(text: String, height: Int, width: Int) {
    #expect(InputSize(parsing: text) == InputSize(height: height, width: width))
  }

  @Test(arguments: ["", "x", "0", "-3", "224x", "1x2x3", "abc", "22.5"])
  func inputSizeRejects(text: String) {
    #expect(InputSize(parsing: text) == nil)
  }

  @Test(arguments: [(31, 31), (32, 31), (16, 224)])
  func vggRejectsSmallInput(height: Int, width: Int) throws {
    let model = try ModelCatalog.model(named: "vgg16")
    let size = InputSize(height: height, width: width)
    #expect {
      try model.account(input: size)
    } throws: { error in
      guard case .inputTooSmall(let name, let input, _, let minimum) = error as? ArchitectureError
      else { return false }
      return name == "vgg16" && input == size && minimum == 32
    }
  }

  @Test func smallInputMessageNamesLayer() throws {
    let model = try ModelCatalog.model(named: "vgg19_bn")
    do {
      _ = try model.account(input: InputSize(height: 31, width: 31))
      Issue.record("31x31 was accepted")
    } catch {
      #expect(error.description.hasPrefix("input 31x31 is too small for vgg19_bn: features."))
      #expect(error.description.hasSuffix("vgg19_bn needs at least 32x32"))
    }
  }

  @Test func resnetTakesOnePixel() throws {
    let account = try ModelCatalog.model(named: "resnet50")
      .account(input: InputSize(height: 1, width: 1))
    #expect(account.layers.last?.output == [1, 1000])
  }

  @Test func unknownModelListsKnown() {
    #expect(throws: ArchitectureError.unknownModel("vgg17")) {
      try ModelCatalog.model(named: "vgg17")
    }
    #expect(ArchitectureError.unknownModel("vgg17").description
      == "unknown model 'vgg17'; known models are: vgg11, vgg11_bn, vgg13, vgg13_bn, vgg16, "
      + "vgg16_bn, vgg19, vgg19_bn, resnet18, resnet34, resnet50")
  }

  @Test func vggStages() throws {
    let account = try ModelCatalog.model(named: "vgg19")
      .account(input: InputSize(height: 224, width: 224))
    #expect(account.stages.map(\.name)
      == ["stage1", "stage2", "stage3", "stage4", "stage5", "classifier"])
    #expect(account.stages.map(\.convolutionCount) == [2, 2, 4, 4, 4, 0])
    #expect(account.stages.prefix(5).map { $0.output[2] } == [112, 56, 28, 14, 7])
    #expect(account.stages.reduce(0) { $0 + $1.macs } == account.macs)
    #expect(account.stages.reduce(0) { $0 + $1.parameterCount } == account.parameterCount)
  }

  @Test func resnetStages() throws {
    let account = try ModelCatalog.model(named: "resnet34")
      .account(input: InputSize(height: 224, width: 224))
    #expect(account.stages.map(\.name)
      == ["stem", "layer1", "layer2", "layer3", "layer4", "head"])
    #expect(account.stages.map(\.convolutionCount) == [1, 6, 9, 13, 7, 0])
    #expect(account.stages.map(\.output) == [
      [1, 64, 56, 56], [1, 64, 56, 56], [1, 128, 28, 28], [1, 256, 14, 14], [1, 512, 7, 7],
      [1, 1000],
    ])
    #expect(account.parameterCount(in: .classifier) == 512 * 1000 + 1000)
  }

  @Test func activationBytesAreFloat32Outputs() throws {
    let account = try ModelCatalog.model(named: "vgg11")
      .account(input: InputSize(height: 32, width: 32), batchSize: 2)
    let first = try #require(account.layers.first)
    #expect(first.output == [2, 64, 32, 32])
    #expect(first.activationBytes == 2 * 64 * 32 * 32 * 4)
    let flatten = try #require(account.layers.first { $0.kind == "Flatten" })
    #expect(flatten.activationBytes == 0)
    #expect(account.estimatedForwardBytes
      == (account.parameterCount + 2 * 3 * 32 * 32) * 4 + account.activationBytes)
  }

  @Test func memoryEstimateScalesWithBatch() throws {
    let model = try ModelCatalog.model(named: "resnet50")
    let size = InputSize(height: 64, width: 64)
    let one = try model.account(input: size)
    let eight = try model.account(input: size, batchSize: 8)
    #expect(one.estimatedForwardBytes(batchSize: 8) == Double(eight.estimatedForwardBytes))
    #expect(eight.estimatedForwardBytes(batchSize: 8) == Double(eight.estimatedForwardBytes))
  }
}

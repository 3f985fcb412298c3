import Foundation
import LabModels
import LabTestSupport
import Testing

/// The reference written by scripts/references/arch.py from torchvision.
struct ArchitectureReference: Decodable, Sendable {
  struct Tensor: Decodable, Sendable {
    var name: String
    var shape: [Int]
  }

  struct Call: Decodable, Sendable {
    var name: String
    var type: String
    var output: [Int]
    var macs: Int
  }

  struct Input: Decodable, Sendable {
    var height: Int
    var width: Int
    var macs: Int
    var calls: [Call]
  }

  struct Model: Decodable, Sendable, CustomTestStringConvertible {
    var name: String
    var paramCount: Int
    var parameters: [Tensor]
    var buffers: [Tensor]
    var inputs: [Input]
    var minInput: Int

    var testDescription: String { name }
  }

  var models: [Model]

  static let shared: ArchitectureReference = {
    do {
      return try loadReference(ArchitectureReference.self, named: "arch_reference", from: .module)
    } catch {
      fatalError("\(error)")
    }
  }()
}

@Suite struct ArchitectureReferenceTests {
  @Test func catalogCoversReference() throws {
    #expect(ArchitectureReference.shared.models.map(\.name) == ModelCatalog.names)
  }

  @Test(arguments: ArchitectureReference.shared.models)
  func parameterNamesAndShapes(reference: ArchitectureReference.Model) throws {
    let model = try ModelCatalog.model(named: reference.name)
    #expect(model.parameters.map(\.name) == reference.parameters.map(\.name))
    #expect(model.parameters.map(\.shape) == reference.parameters.map(\.shape))
    #expect(model.parameterCount == reference.paramCount)
  }

  @Test(arguments: ArchitectureReference.shared.models)
  func bufferNamesAndShapes(reference: ArchitectureReference.Model) throws {
    let model = try ModelCatalog.model(named: reference.name)
    #expect(model.buffers.map(\.name) == reference.buffers.map(\.name))
    #expect(model.buffers.map(\.shape) == reference.buffers.map(\.shape))
  }

  @Test(arguments: ArchitectureReference.shared.models)
  func layerCallsPerInput(reference: ArchitectureReference.Model) throws {
    let model = try ModelCatalog.model(named: reference.name)
    for input in reference.inputs {
      let size = InputSize(height: input.height, width: input.width)
      let account = try model.account(input: size)
      let calls = account.layers.filter { $0.kind != "Flatten" }
      #expect(calls.count == input.calls.count, "\(reference.name) at \(size)")
      for (actual, expected) in zip(calls, input.calls) {
        #expect(actual.name == expected.name, "\(reference.name) at \(size)")
        #expect(actual.kind == expected.type, "\(expected.name) at \(size)")
        #expect(actual.output == expected.output, "\(expected.name) at \(size)")
        #expect(actual.macs == expected.macs, "\(expected.name) at \(size)")
      }
      #expect(account.macs == input.macs, "\(reference.name) at \(size)")
      #expect(account.parameterCount == reference.paramCount, "\(reference.name) at \(size)")
    }
  }

  @Test(arguments: ArchitectureReference.shared.models)
  func minimumInputSide(reference: ArchitectureReference.Model) throws {
    let model = try ModelCatalog.model(named: reference.name)
    #expect(model.minimumInputSide() == reference.minInput)
  }
}

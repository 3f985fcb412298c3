import Foundation
import LabModels
import LabTestSupport
import Testing

/// The values that scripts/references/safetensors_fixtures.py wrote.
struct SafetensorsReference: Decodable, Sendable {
  struct First: Decodable, Sendable {
    var bias: [Float]
    var weightHead: [Float]
  }

  var dtypes: [String: ReferenceTensor]
  var vgg11BnFirst: First
}

/// The path of a fixture file written by the `safetensors` package.
func fixturePath(_ name: String) throws -> String {
  let url = try #require(Bundle.module.url(
    forResource: name, withExtension: "safetensors", subdirectory: "Fixtures/safetensors"))
  return url.path
}

/// Returns a fresh path in the temporary folder.
func temporaryPath(_ name: String) -> String {
  let folder = FileManager.default.temporaryDirectory
    .appendingPathComponent("losslab-safetensors-\(UUID().uuidString)")
  try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  return folder.appendingPathComponent(name).path
}

@Suite struct SafetensorsReadTests {
  let reference = try! loadReference(
    SafetensorsReference.self, named: "safetensors_reference", from: .module)

  @Test(arguments: ["values.f32", "values.f16", "values.bf16", "scalar", "empty"])
  func readsPackageFile(name: String) throws {
    let file = try SafetensorsFile(path: try fixturePath("dtypes"))
    let expected = try #require(reference.dtypes[name])
    let entry = try #require(file.entry(named: name))
    #expect(entry.shape == expected.shape)
    // Every F16 and BF16 value widens to Float32 exactly, so no tolerance is needed.
    #expect(try file.floats(named: name) == expected.data)
  }

  @Test func readsMetadataAndTypes() throws {
    let file = try SafetensorsFile(path: try fixturePath("dtypes"))
    #expect(file.metadata == ["format": "pt", "source": "test"])
    #expect(file.entry(named: "values.bf16")?.dtype == .bf16)
    #expect(file.entry(named: "values.f16")?.byteCount == 12)
    #expect(file.entries.count == 5)
  }

  @Test func readsTorchvisionState() throws {
    let file = try SafetensorsFile(path: try fixturePath("vgg11_bn_first"))
    #expect(try file.floats(named: "features.0.bias") == reference.vgg11BnFirst.bias)
    #expect(try file.floats(named: "features.0.weight").prefix(16)
      == reference.vgg11BnFirst.weightHead[...])
    let tensor = try file.tensor(named: "features.0.weight")
    #expect(tensor.shape == [64, 3, 3, 3])
    #expect(file.entry(named: "features.1.num_batches_tracked")?.dtype == .i64)
  }

  @Test func integerTensorIsNotFloat() throws {
    let path = try fixturePath("vgg11_bn_first")
    let file = try SafetensorsFile(path: path)
    #expect {
      try file.floats(named: "features.1.num_batches_tracked")
    } throws: { error in
      let error = error as? SafetensorsError
      return error?.tensor == "features.1.num_batches_tracked" && error?.path == path
        && error?.reason.contains("I64") == true
    }
  }

  @Test func missingTensorNamed() throws {
    let file = try SafetensorsFile(path: try fixturePath("dtypes"))
    #expect(throws: SafetensorsError.self) { try file.floats(named: "nothing") }
  }
}

@Suite struct SafetensorsWriteTests {
  let tensors = [
    NamedTensor(name: "a.weight", shape: [2, 3], values: [1, -2, 3.5, 0, .pi, -0.0]),
    NamedTensor(name: "a.bias", shape: [3], values: [1e-30, 7, -8]),
    NamedTensor(name: "scalar", shape: [], values: [42]),
  ]

  @Test func roundTrip() throws {
    let path = temporaryPath("round.safetensors")
    try SafetensorsWriter.write(tensors, metadata: ["format": "pt"], to: path)
    let file = try SafetensorsFile(path: path)
    #expect(file.metadata == ["format": "pt"])
    #expect(file.entries.map(\.name) == ["a.weight", "a.bias", "scalar"])
    for tensor in tensors {
      #expect(file.entry(named: tensor.name)?.shape == tensor.shape)
      let values = try file.floats(named: tensor.name)
      #expect(values.map(\.bitPattern) == tensor.values.map(\.bitPattern), "\(tensor.name)")
    }
  }

  @Test func headerLayout() throws {
    let data = SafetensorsWriter.encode(tensors)
    let length = data.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
    #expect(length % 8 == 0)
    #expect(data.count == 8 + length + 10 * 4)
    let header = try JSONSerialization.jsonObject(with: data[8..<(8 + length)]) as? [String: Any]
    let weight = try #require(header?["a.weight"] as? [String: Any])
    #expect(weight["dtype"] as? String == "F32")
    #expect(weight["data_offsets"] as? [Int] == [0, 24])
    #expect(header?["__metadata__"] == nil)
  }
}

@Suite struct SafetensorsCorruptTests {
  /// Writes an 8-byte length, `header` and `data` to a new file and returns its path.
  func write(header: String, data: [UInt8] = [], lengthOverride: UInt64? = nil) throws -> String {
    let path = temporaryPath("corrupt.safetensors")
    let json = Data(header.utf8)
    var file = Data()
    withUnsafeBytes(of: (lengthOverride ?? UInt64(json.count)).littleEndian) {
      file.append(contentsOf: $0)
    }
    file.append(json)
    file.append(contentsOf: data)
    try file.write(to: URL(fileURLWithPath: path))
    return path
  }

  func expectFailure(
    _ path: String, tensor: String?, reason: String,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    do {
      _ = try SafetensorsFile(path: path)
      Issue.record("\(path) was accepted", sourceLocation: sourceLocation)
    } catch {
      #expect(error.path == path, sourceLocation: sourceLocation)
      #expect(error.tensor == tensor, sourceLocation: sourceLocation)
      #expect(error.reason.contains(reason), "\(error)", sourceLocation: sourceLocation)
      #expect(error.description.hasPrefix(path), sourceLocation: sourceLocation)
    }
  }

  @Test func truncatedData() throws {
    let path = temporaryPath("cut.safetensors")
    let whole = SafetensorsWriter.encode([
      NamedTensor(name: "w", shape: [4], values: [1, 2, 3, 4])])
    try whole.dropLast(4).write(to: URL(fileURLWithPath: path))
    expectFailure(path, tensor: "w", reason: "truncated")
  }

  @Test func truncatedHeader() throws {
    let path = try write(header: "{}", lengthOverride: 4096)
    expectFailure(path, tensor: nil, reason: "truncated")
  }

  @Test func shorterThanLength() throws {
    let path = temporaryPath("tiny.safetensors")
    try Data([1, 2, 3]).write(to: URL(fileURLWithPath: path))
    expectFailure(path, tensor: nil, reason: "truncated")
  }

  @Test func hugeHeaderLength() throws {
    let path = try write(header: "{}", lengthOverride: UInt64.max)
    expectFailure(path, tensor: nil, reason: "not a safetensors file")
  }

  @Test func offsetsReversed() throws {
    let path = try write(
      header: #"{"w":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}}"#, data: [0, 0, 0, 0])
    expectFailure(path, tensor: "w", reason: "bad data_offsets")
  }

  @Test func offsetsDisagreeWithShape() throws {
    let path = try write(
      header: #"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}"#, data: [0, 0, 0, 0])
    expectFailure(path, tensor: "w", reason: "needs 8")
  }

  @Test func overlappingRanges() throws {
    let header = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"#
      + #""b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#
    let path = try write(header: header, data: [UInt8](repeating: 0, count: 12))
    expectFailure(path, tensor: "b", reason: "overlap tensor 'a'")
  }

  @Test func unknownDType() throws {
    let path = try write(
      header: #"{"w":{"dtype":"F9","shape":[1],"data_offsets":[0,4]}}"#, data: [0, 0, 0, 0])
    expectFailure(path, tensor: "w", reason: "unknown dtype 'F9'")
  }

  @Test func headerNotJSON() throws {
    let path = try write(header: "{not json")
    expectFailure(path, tensor: nil, reason: "not valid JSON")
  }

  @Test func shapeNotIntegers() throws {
    let path = try write(
      header: #"{"w":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}}"#, data: [0, 0, 0, 0])
    expectFailure(path, tensor: "w", reason: "shape")
  }

  @Test func missingFile() {
    let path = temporaryPath("absent.safetensors")
    expectFailure(path, tensor: nil, reason: "file not found")
  }
}

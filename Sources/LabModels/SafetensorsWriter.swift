import Foundation

/// A named Float32 tensor to write: row-major values and their shape.
public struct NamedTensor: Sendable {
  public var name: String
  public var shape: [Int]
  public var values: [Float]

  /// - Precondition: `values.count` is the product of `shape`.
  public init(name: String, shape: [Int], values: [Float]) {
    precondition(values.count == shape.reduce(1, *),
      "NamedTensor \(name): shape \(shape) needs \(shape.reduce(1, *)) values, "
        + "got \(values.count)")
    self.name = name
    self.shape = shape
    self.values = values
  }
}

/// Writes Float32 tensors in the safetensors format.
public enum SafetensorsWriter {
  /// Encodes `tensors` as a safetensors file: data in the given order, the
  /// header padded with spaces to a multiple of 8 bytes as the reference
  /// implementation pads it, and `metadata` as `__metadata__` when not empty.
  ///
  /// - Precondition: names are distinct and none is `__metadata__`.
  public static func encode(_ tensors: [NamedTensor], metadata: [String: String] = [:]) -> Data {
    var header: [String] = []
    if !metadata.isEmpty {
      let fields = metadata.sorted { $0.key < $1.key }
        .map { "\(quote($0.key)):\(quote($0.value))" }
      header.append("\"__metadata__\":{\(fields.joined(separator: ","))}")
    }
    var offset = 0
    var names = Set<String>()
    for tensor in tensors {
      precondition(tensor.name != "__metadata__" && names.insert(tensor.name).inserted,
        "SafetensorsWriter: tensor name '\(tensor.name)' is reserved or repeated")
      let end = offset + tensor.values.count * 4
      let shape = tensor.shape.map(String.init).joined(separator: ",")
      header.append("\(quote(tensor.name)):{\"dtype\":\"F32\",\"shape\":[\(shape)],"
        + "\"data_offsets\":[\(offset),\(end)]}")
      offset = end
    }
    var json = Data("{\(header.joined(separator: ","))}".utf8)
    json.append(contentsOf: [UInt8](repeating: 0x20, count: (8 - json.count % 8) % 8))

    var file = Data(capacity: 8 + json.count + offset)
    withUnsafeBytes(of: UInt64(json.count).littleEndian) { file.append(contentsOf: $0) }
    file.append(json)
    for tensor in tensors {
      for value in tensor.values {
        withUnsafeBytes(of: value.bitPattern.littleEndian) { file.append(contentsOf: $0) }
      }
    }
    return file
  }

  /// Writes ``encode(_:metadata:)`` of `tensors` to `path`, replacing any file there.
  public static func write(
    _ tensors: [NamedTensor], metadata: [String: String] = [:], to path: String
  ) throws {
    try encode(tensors, metadata: metadata).write(to: URL(fileURLWithPath: path), options: .atomic)
  }

  /// Quotes `text` as a JSON string.
  private static func quote(_ text: String) -> String {
    let data = try! JSONSerialization.data(withJSONObject: [text], options: [])
    return String(decoding: data.dropFirst().dropLast(), as: UTF8.self)
  }
}

import Foundation
import LabTensor

/// An element type of the safetensors format.
public enum SafetensorsDType: String, Sendable, CaseIterable {
  case f64 = "F64", f32 = "F32", f16 = "F16", bf16 = "BF16"
  case i64 = "I64", i32 = "I32", i16 = "I16", i8 = "I8"
  case u64 = "U64", u32 = "U32", u16 = "U16", u8 = "U8"
  case bool = "BOOL"

  /// Bytes per element.
  public var byteSize: Int {
    switch self {
    case .f64, .i64, .u64: 8
    case .f32, .i32, .u32: 4
    case .f16, .bf16, .i16, .u16: 2
    case .i8, .u8, .bool: 1
    }
  }

  /// Whether ``SafetensorsFile/floats(named:)`` converts this type to Float32.
  public var isReadableAsFloat: Bool { self == .f32 || self == .f16 || self == .bf16 }
}

/// One tensor's entry in a safetensors header.
public struct SafetensorsEntry: Sendable, Equatable {
  public var name: String
  public var dtype: SafetensorsDType
  public var shape: [Int]
  /// Byte range in the data section, which starts after the header.
  public var dataRange: Range<Int>

  public var elementCount: Int { shape.reduce(1, *) }
  public var byteCount: Int { dataRange.count }
}

/// A safetensors file that cannot be read, naming the file and, where one is
/// at fault, the tensor.
public struct SafetensorsError: Error, Sendable, CustomStringConvertible {
  public var path: String
  public var tensor: String?
  public var reason: String

  public var description: String {
    "\(path)" + (tensor.map { ": tensor '\($0)'" } ?? "") + ": \(reason)"
  }
}

/// A safetensors file, memory-mapped and checked on opening.
///
/// The layout is an 8-byte little-endian header length n, then n bytes of JSON,
/// then the raw little-endian data. The JSON maps each tensor name to `dtype`,
/// `shape` and `data_offsets` [begin, end), relative to the data section, and
/// may contain a `__metadata__` object of strings. Opening checks every entry, so a
/// truncated file, offsets that do not match the shape, overlapping ranges
/// and unknown types fail before any tensor is read.
public struct SafetensorsFile: Sendable {
  public let path: String
  /// The tensors in the order of their data.
  public let entries: [SafetensorsEntry]
  public let metadata: [String: String]
  /// The whole file; mapped, so reading a tensor copies its bytes once.
  private let contents: Data
  private let dataStart: Int

  /// The largest header accepted, as the reference implementation limits it.
  public static let maximumHeaderLength = 100_000_000

  /// Maps the file at `path` and checks its header.
  public init(path: String) throws(SafetensorsError) {
    self.path = path
    func fail(_ reason: String, tensor: String? = nil) -> SafetensorsError {
      SafetensorsError(path: path, tensor: tensor, reason: reason)
    }
    guard FileManager.default.fileExists(atPath: path) else { throw fail("file not found") }
    do {
      contents = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
    } catch {
      throw fail("cannot be read: \((error as NSError).localizedDescription)")
    }
    guard contents.count >= 8 else {
      throw fail("truncated: \(contents.count) bytes, fewer than the 8-byte header length")
    }
    let headerLength = contents.prefix(8).enumerated().reduce(UInt64(0)) {
      $0 | UInt64($1.element) << (8 * UInt64($1.offset))
    }
    guard headerLength <= UInt64(Self.maximumHeaderLength) else {
      throw fail("header length \(headerLength) is over \(Self.maximumHeaderLength) bytes; "
        + "this is not a safetensors file")
    }
    dataStart = 8 + Int(headerLength)
    guard dataStart <= contents.count else {
      throw fail("truncated: the header needs \(headerLength) bytes after the length, "
        + "the file has \(contents.count - 8)")
    }
    let header = try Self.parseHeader(contents[8..<dataStart], fail: fail)
    metadata = header.metadata
    entries = try Self.check(header.entries, dataLength: contents.count - dataStart, fail: fail)
  }

  /// Returns the entry of the tensor `name`, or nil if the file has none.
  public func entry(named name: String) -> SafetensorsEntry? {
    entries.first { $0.name == name }
  }

  /// Reads the tensor `name` as Float32 values in row-major order, converting
  /// F16 and BF16.
  public func floats(named name: String) throws(SafetensorsError) -> [Float] {
    guard let entry = entry(named: name) else {
      throw SafetensorsError(path: path, tensor: name, reason: "not in the file")
    }
    guard entry.dtype.isReadableAsFloat else {
      throw SafetensorsError(path: path, tensor: name,
        reason: "dtype \(entry.dtype.rawValue) cannot be read as Float32; "
          + "only F32, F16 and BF16 can")
    }
    let start = dataStart + entry.dataRange.lowerBound
    let bytes = contents[(contents.startIndex + start)...].prefix(entry.byteCount)
    return bytes.withUnsafeBytes { raw in
      [Float](unsafeUninitializedCapacity: entry.elementCount) { buffer, count in
        for index in 0..<entry.elementCount {
          buffer[index] = Self.float(raw, index: index, dtype: entry.dtype)
        }
        count = entry.elementCount
      }
    }
  }

  /// Reads the tensor `name` as a ``Tensor`` that does not require gradients.
  public func tensor(named name: String) throws(SafetensorsError) -> Tensor {
    let values = try floats(named: name)
    return Tensor(shape: entry(named: name)!.shape, data: values)
  }

  private static func float(_ raw: UnsafeRawBufferPointer, index: Int, dtype: SafetensorsDType)
    -> Float
  {
    switch dtype {
    case .f16:
      let bits = raw.loadUnaligned(fromByteOffset: index * 2, as: UInt16.self)
      return Float(Float16(bitPattern: UInt16(littleEndian: bits)))
    case .bf16:
      // bfloat16 is the upper half of a Float32.
      let bits = raw.loadUnaligned(fromByteOffset: index * 2, as: UInt16.self)
      return Float(bitPattern: UInt32(UInt16(littleEndian: bits)) << 16)
    default:
      let bits = raw.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self)
      return Float(bitPattern: UInt32(littleEndian: bits))
    }
  }
}

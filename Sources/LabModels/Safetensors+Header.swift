import Foundation

extension SafetensorsFile {
  typealias Failure = (_ reason: String, _ tensor: String?) -> SafetensorsError

  /// Parses the JSON header into unchecked entries and the metadata strings.
  static func parseHeader(
    _ bytes: Data, fail: Failure
  ) throws(SafetensorsError) -> (entries: [SafetensorsEntry], metadata: [String: String]) {
    let object: Any
    do {
      object = try JSONSerialization.jsonObject(with: bytes)
    } catch {
      throw fail("the header is not valid JSON", nil)
    }
    guard let header = object as? [String: Any] else {
      throw fail("the header is not a JSON object", nil)
    }
    var metadata: [String: String] = [:]
    var entries: [SafetensorsEntry] = []
    for (name, value) in header {
      if name == "__metadata__" {
        guard let strings = value as? [String: String] else {
          throw fail("__metadata__ must map strings to strings", nil)
        }
        metadata = strings
        continue
      }
      entries.append(try parseEntry(name: name, value: value, fail: fail))
    }
    return (entries, metadata)
  }

  private static func parseEntry(
    name: String, value: Any, fail: Failure
  ) throws(SafetensorsError) -> SafetensorsEntry {
    guard let fields = value as? [String: Any] else {
      throw fail("the header entry is not an object with dtype, shape and data_offsets", name)
    }
    guard let dtypeName = fields["dtype"] as? String else {
      throw fail("dtype is missing", name)
    }
    guard let dtype = SafetensorsDType(rawValue: dtypeName) else {
      throw fail("unknown dtype '\(dtypeName)'; known types are "
        + SafetensorsDType.allCases.map(\.rawValue).joined(separator: ", "), name)
    }
    guard let shape = integers(fields["shape"]), shape.allSatisfy({ $0 >= 0 }) else {
      throw fail("shape is missing or not a list of non-negative integers", name)
    }
    guard let offsets = integers(fields["data_offsets"]), offsets.count == 2 else {
      throw fail("data_offsets is missing or not two integers [begin, end]", name)
    }
    guard offsets[0] >= 0, offsets[0] <= offsets[1] else {
      throw fail("bad data_offsets \(offsets): begin must be between 0 and end", name)
    }
    return SafetensorsEntry(
      name: name, dtype: dtype, shape: shape, dataRange: offsets[0]..<offsets[1])
  }

  /// Reads a JSON array of integers; nil for anything else, fractions included.
  private static func integers(_ value: Any?) -> [Int]? {
    guard let numbers = value as? [NSNumber] else { return nil }
    var result: [Int] = []
    for number in numbers {
      let double = number.doubleValue
      guard double == double.rounded(), abs(double) < 1e15 else { return nil }
      result.append(number.intValue)
    }
    return result
  }

  /// Checks that each entry's range lies in the data, has the size its shape
  /// and type need, and overlaps no other. Returns the entries in data order.
  static func check(
    _ entries: [SafetensorsEntry], dataLength: Int, fail: Failure
  ) throws(SafetensorsError) -> [SafetensorsEntry] {
    let sorted = entries.sorted {
      ($0.dataRange.lowerBound, $0.dataRange.upperBound, $0.name)
        < ($1.dataRange.lowerBound, $1.dataRange.upperBound, $1.name)
    }
    var previous: SafetensorsEntry?
    for entry in sorted {
      let range = entry.dataRange
      guard range.upperBound <= dataLength else {
        throw fail("data_offsets [\(range.lowerBound), \(range.upperBound)] end past the "
          + "\(dataLength) bytes of data: the file is truncated or the offsets are wrong",
          entry.name)
      }
      let needed = entry.elementCount * entry.dtype.byteSize
      guard range.count == needed else {
        throw fail("data_offsets [\(range.lowerBound), \(range.upperBound)] span "
          + "\(range.count) bytes, but shape \(entry.shape) of \(entry.dtype.rawValue) "
          + "needs \(needed)", entry.name)
      }
      if let previous, !range.isEmpty, previous.dataRange.upperBound > range.lowerBound {
        throw fail("data_offsets [\(range.lowerBound), \(range.upperBound)] overlap tensor "
          + "'\(previous.name)' at [\(previous.dataRange.lowerBound), "
          + "\(previous.dataRange.upperBound)]", entry.name)
      }
      if !range.isEmpty { previous = entry }
    }
    return sorted
  }
}

/// A place in a text file, counted from 1.
public struct SourceLocation: Hashable, Sendable {
  public var line: Int
  public var column: Int

  public init(line: Int, column: Int) {
    self.line = line
    self.column = column
  }
}

/// A parsed JSON value that remembers where it starts in its file, so that
/// errors can point at the exact line and column. Foundation's decoder loses
/// positions, which is why scenarios are parsed here.
public struct JSONNode: Sendable, Equatable {
  public enum Value: Sendable, Equatable {
    case null
    case bool(Bool)
    /// The number and its text as written, for quoting it in messages.
    case number(Double, String)
    case string(String)
    case array([JSONNode])
    case object([JSONMember])
  }

  public var value: Value
  public var location: SourceLocation

  public init(_ value: Value, at location: SourceLocation) {
    self.value = value
    self.location = location
  }

  /// The value as JSON text would show it, shortened for messages.
  public var quoted: String {
    switch value {
    case .null: return "null"
    case .bool(let flag): return flag ? "true" : "false"
    case .number(_, let text): return text
    case .string(let text): return "'\(text)'"
    case .array(let items):
      let inner = items.prefix(6).map(\.quoted).joined(separator: ", ")
      return "[\(inner)\(items.count > 6 ? ", …" : "")]"
    case .object: return "an object"
    }
  }

  /// The type and value, such as `a string '800'`, for "got …" in messages.
  public var shown: String {
    if case .null = value { return "null" }
    return "\(typeName) \(quoted)"
  }

  /// The JSON type's name, for "expected a number, got a string" messages.
  public var typeName: String {
    switch value {
    case .null: return "null"
    case .bool: return "a Boolean"
    case .number: return "a number"
    case .string: return "a string"
    case .array: return "an array"
    case .object: return "an object"
    }
  }
}

/// A key and value of a JSON object, with the key's position.
public struct JSONMember: Sendable, Equatable {
  public var key: String
  public var keyLocation: SourceLocation
  public var value: JSONNode
}

/// A syntax error in JSON text, at a position.
public struct JSONSyntaxError: Error, Equatable {
  public var location: SourceLocation
  public var message: String
}

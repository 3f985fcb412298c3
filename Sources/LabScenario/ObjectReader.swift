/// Reads the fields of one JSON object of a scenario file, rejecting unknown
/// fields and wrong types with errors that point at the field.
struct ObjectReader {
  let path: String
  let prefix: String
  let node: JSONNode
  let members: [JSONMember]

  init(_ node: JSONNode, path: String, prefix: String, allowed: [String]) throws(ScenarioError) {
    self.path = path
    self.prefix = prefix
    self.node = node
    guard case .object(let members) = node.value else {
      throw ScenarioError(path: path, location: node.location,
        field: prefix.isEmpty ? nil : prefix,
        message: "expected an object, got \(node.shown)")
    }
    self.members = members
    for member in members where !allowed.contains(member.key) {
      throw ScenarioError(path: path, location: member.keyLocation, field: fieldName(member.key),
        message: "unknown field '\(member.key)'; expected one of: "
          + allowed.joined(separator: ", "))
    }
  }

  func fieldName(_ key: String) -> String {
    prefix.isEmpty ? key : "\(prefix).\(key)"
  }

  subscript(key: String) -> JSONNode? {
    members.first { $0.key == key }?.value
  }

  func error(_ key: String, _ message: String) -> ScenarioError {
    ScenarioError(path: path, location: self[key]?.location ?? node.location,
      field: fieldName(key), message: message)
  }

  func required(_ key: String) throws(ScenarioError) -> JSONNode {
    guard let value = self[key] else {
      throw ScenarioError(path: path, location: node.location, field: fieldName(key),
        message: "missing required field '\(key)'")
    }
    return value
  }

  func string(_ key: String) throws(ScenarioError) -> String? {
    guard let value = self[key] else { return nil }
    guard case .string(let text) = value.value else {
      throw error(key, "expected a string, got \(value.shown)")
    }
    return text
  }

  func integer(_ key: String, in range: ClosedRange<Int>) throws(ScenarioError) -> Int? {
    guard let value = self[key] else { return nil }
    guard case .number(let number, let text) = value.value, number == number.rounded(),
      let integer = Int(exactly: number)
    else { throw error(key, "expected a whole number, got \(value.shown)") }
    guard range.contains(integer) else {
      throw error(key, "\(text) is out of range; expected \(range.lowerBound) to \(range.upperBound)")
    }
    return integer
  }

  func object(_ key: String, allowed: [String]) throws(ScenarioError) -> ObjectReader? {
    guard let value = self[key] else { return nil }
    return try ObjectReader(value, path: path, prefix: fieldName(key), allowed: allowed)
  }

  /// Applies the field's value, if present, through the parameter's own
  /// parser, so files, `--set` and the lab accept exactly the same values.
  func parameter(
    _ key: String, _ parameter: ParameterPath, to spec: inout ScenarioSpec
  ) throws(ScenarioError) {
    guard let value = self[key] else { return }
    let text: String
    let takesText = parameter == .optimizer || parameter == .hidden || parameter == .speed
    switch value.value {
    case .number(_, let written): text = written
    case .string(let string) where takesText: text = string
    case .array(let items) where parameter == .hidden:
      var sizes: [String] = []
      for item in items {
        guard case .number(_, let written) = item.value else {
          throw ScenarioError(path: path, location: item.location, field: fieldName(key),
            message: "expected layer sizes as numbers, got \(item.shown)")
        }
        sizes.append(written)
      }
      text = sizes.isEmpty ? "none" : sizes.joined(separator: ",")
    default:
      let expected: String
      switch parameter {
      case .hidden: expected = "an array of layer sizes"
      case .optimizer: expected = "a string"
      case .speed: expected = "a number or \"max\""
      default: expected = "a number"
      }
      throw error(key, "expected \(expected), got \(value.shown)")
    }
    do {
      try parameter.apply(text, to: &spec)
    } catch {
      throw self.error(key, error.message)
    }
  }
}

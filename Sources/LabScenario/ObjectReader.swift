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
    let text = try parameterText(value, key: key, parameter)
    do {
      try parameter.apply(text, to: &spec)
    } catch {
      throw self.error(key, error.message)
    }
  }

  /// Parameters whose values are words or lists, so a file may give them as strings.
  static let textParameters: Set<ParameterPath> = [
    .optimizer, .hidden, .speed, .loss, .task, .schedule, .classWeights, .features, .miner,
    .distance, .pixelLoss, .vggLayers, .vggWeights, .imageTask, .photos, .validationPhotos,
    .styleLayers, .stylePhoto,
  ]
  /// Parameters whose values are lists of names, so a file may give them as arrays of strings.
  static let nameListParameters: Set<ParameterPath> = [
    .features, .vggLayers, .photos, .validationPhotos, .styleLayers,
  ]

  /// Returns the value text of a field, as `--set` would take it: a number as written,
  /// a string, or an array joined with commas.
  private func parameterText(
    _ value: JSONNode, key: String, _ parameter: ParameterPath
  ) throws(ScenarioError) -> String {
    switch value.value {
    case .number(_, let written): return written
    case .string(let string) where Self.textParameters.contains(parameter):
      return string
    case .array(let items)
    where [.hidden, .classWeights].contains(parameter)
      || Self.nameListParameters.contains(parameter):
      var parts: [String] = []
      for item in items {
        switch (item.value, parameter) {
        case (.number(_, let written), .hidden), (.number(_, let written), .classWeights):
          parts.append(written)
        case (.string(let name), _) where Self.nameListParameters.contains(parameter):
          parts.append(name)
        default:
          let expected = parameter == .features ? "column names as strings"
            : Self.nameListParameters.contains(parameter) ? "names as strings"
            : parameter == .hidden ? "layer sizes as numbers" : "class weights as numbers"
          throw ScenarioError(path: path, location: item.location, field: fieldName(key),
            message: "expected \(expected), got \(item.shown)")
        }
      }
      if parts.isEmpty && parameter == .hidden { return "none" }
      if parts.isEmpty && parameter == .features { return "all" }
      return parts.joined(separator: ",")
    default:
      let expected: String
      switch parameter {
      case .hidden: expected = "an array of layer sizes"
      case .features: expected = "an array of column names"
      case .vggLayers, .photos, .validationPhotos, .styleLayers: expected = "an array of names"
      case .classWeights: expected = "\"none\", \"balanced\" or an array of numbers"
      case .speed: expected = "a number or \"max\""
      default: expected = Self.textParameters.contains(parameter) ? "a string" : "a number"
      }
      throw error(key, "expected \(expected), got \(value.shown)")
    }
  }
}

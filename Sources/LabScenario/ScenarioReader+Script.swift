extension ScenarioReader {
  /// The fields a script step may have, one per step.
  static let stepKinds = ["run", "set", "keys", "expect", "snapshot", "pause"]

  /// Reads `script`: an array of one-field objects such as `{"run": 200}`.
  static func readScript(_ node: JSONNode, path: String) throws(ScenarioError) -> [ScriptStep] {
    guard case .array(let items) = node.value else {
      throw ScenarioError(path: path, location: node.location, field: "script",
        message: "expected an array of steps, got \(node.shown)")
    }
    var steps: [ScriptStep] = []
    for (index, item) in items.enumerated() {
      let prefix = "script[\(index)]"
      let step = try ObjectReader(item, path: path, prefix: prefix, allowed: stepKinds)
      guard step.members.count == 1, let member = step.members.first else {
        throw ScenarioError(path: path, location: item.location, field: prefix,
          message: "a step has exactly one of: " + stepKinds.joined(separator: ", "))
      }
      steps.append(try readStep(member, step: step))
    }
    return steps
  }

  static func readStep(_ member: JSONMember, step: ObjectReader) throws(ScenarioError) -> ScriptStep {
    switch member.key {
    case "run":
      return .run(try step.integer("run", in: 1...10_000_000)!)
    case "snapshot":
      guard let name = try step.string("snapshot"),
        !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
      else {
        throw step.error("snapshot", "a snapshot name uses letters, digits, '-' and '_' only")
      }
      return .snapshot(name)
    case "pause":
      return .pause(try readPauseMessage(step))
    case "keys":
      return .keys(try readKeys(member.value, step: step))
    case "set":
      return .set(try readChanges(member.value, step: step))
    default:
      return .expect(try readExpectation(member.value, step: step))
    }
  }

  /// Reads the message of a `pause` step: text for students, so it must not be blank.
  static func readPauseMessage(_ step: ObjectReader) throws(ScenarioError) -> String {
    let message = try step.string("pause")!
    guard !message.allSatisfy(\.isWhitespace) else {
      throw step.error("pause", "the message is empty; write what students should look at, "
        + "such as \"Watch the validation loss flatten. Press space to continue.\"")
    }
    return message
  }

  /// Key names a script may press; single printable characters are also keys.
  public static let keyNames = [
    "up", "down", "left", "right", "enter", "tab", "backtab", "escape", "backspace", "space",
    "pageup", "pagedown",
  ]

  static func readKeys(_ node: JSONNode, step: ObjectReader) throws(ScenarioError) -> [String] {
    guard case .array(let items) = node.value else {
      throw step.error("keys", "expected an array of key names, got \(node.typeName)")
    }
    var keys: [String] = []
    for item in items {
      guard case .string(let name) = item.value,
        keyNames.contains(name) || name.count == 1
      else {
        throw ScenarioError(path: step.path, location: item.location,
          field: step.fieldName("keys"),
          message: "unknown key \(item.quoted); expected a single character or one of: "
            + keyNames.joined(separator: ", "))
      }
      keys.append(name)
    }
    return keys
  }

  static func readChanges(
    _ node: JSONNode, step: ObjectReader
  ) throws(ScenarioError) -> [(path: ParameterPath, value: String)] {
    let allowed = ParameterPath.allCases.map(\.rawValue)
    let changes = try ObjectReader(node, path: step.path, prefix: step.fieldName("set"),
      allowed: allowed)
    var result: [(path: ParameterPath, value: String)] = []
    for member in changes.members {
      let parameter = ParameterPath(rawValue: member.key)!
      // Validate now against a scratch spec, so a bad value fails at load time.
      var scratch = defaultSpec(path: step.path)
      try changes.parameter(member.key, parameter, to: &scratch)
      result.append((parameter, parameter.value(in: scratch)))
    }
    return result
  }

  static func readExpectation(
    _ node: JSONNode, step: ObjectReader
  ) throws(ScenarioError) -> Expectation {
    let fields = ["quantity", "below", "above"]
    let reader = try ObjectReader(node, path: step.path, prefix: step.fieldName("expect"),
      allowed: fields)
    let name = try reader.string("quantity")
    guard let name else {
      throw reader.error("quantity", "missing required field 'quantity'")
    }
    guard let quantity = Quantity(rawValue: name) else {
      throw reader.error("quantity", "unknown quantity '\(name)'; expected one of: "
        + Quantity.allCases.map(\.rawValue).joined(separator: ", "))
    }
    let below = try number(reader, "below")
    let above = try number(reader, "above")
    guard below != nil || above != nil else {
      throw reader.error("below", "an expectation needs 'below', 'above' or both")
    }
    return Expectation(quantity: quantity, below: below, above: above, location: node.location)
  }

  static func number(_ reader: ObjectReader, _ key: String) throws(ScenarioError) -> Double? {
    guard let value = reader[key] else { return nil }
    guard case .number(let number, _) = value.value else {
      throw reader.error(key, "expected a number, got \(value.shown)")
    }
    return number
  }
}

/// A wrong command line; printed as one line, exit status 2.
struct UsageError: Error, CustomStringConvertible {
  var message: String
  var description: String { message }
}

/// An option a command accepts, for parsing and for `losslab help`.
struct OptionSpec: Sendable {
  var name: String
  /// The value's placeholder, or nil for a flag without a value.
  var value: String?
  var summary: String
  var isRepeatable = false
}

/// A command's arguments: positional words and option values by name.
struct ParsedArguments {
  var positional: [String] = []
  var values: [String: [String]] = [:]

  func value(_ name: String) -> String? { values[name]?.last }
  func all(_ name: String) -> [String] { values[name] ?? [] }
  func has(_ name: String) -> Bool { values[name] != nil }

  /// Parses `words` against `options`. Accepts `--name value` and
  /// `--name=value`; `--` ends the options.
  init(_ words: [String], command: String, options: [OptionSpec]) throws(UsageError) {
    var index = 0
    var isPositionalOnly = false
    while index < words.count {
      let word = words[index]
      index += 1
      guard !isPositionalOnly, word.hasPrefix("-"), word != "-" else {
        positional.append(word)
        continue
      }
      if word == "--" {
        isPositionalOnly = true
        continue
      }
      var name = word
      var inline: String?
      if let equals = word.firstIndex(of: "=") {
        name = String(word[..<equals])
        inline = String(word[word.index(after: equals)...])
      }
      guard let option = options.first(where: { $0.name == name }) else {
        let known = options.map(\.name).joined(separator: ", ")
        throw UsageError(message: "unknown option '\(name)' for '\(command)'"
          + (known.isEmpty ? "" : "; options are: \(known)")
          + "; see 'losslab help \(command)'")
      }
      guard option.value != nil else {
        if inline != nil { throw UsageError(message: "option '\(name)' takes no value") }
        values[name, default: []].append("")
        continue
      }
      let value: String
      if let inline {
        value = inline
      } else {
        guard index < words.count else {
          throw UsageError(message: "option '\(name)' needs a value: \(name) \(option.value!)")
        }
        value = words[index]
        index += 1
      }
      if values[name] != nil && !option.isRepeatable {
        throw UsageError(message: "option '\(name)' is given twice; give it once")
      }
      values[name, default: []].append(value)
    }
  }
}

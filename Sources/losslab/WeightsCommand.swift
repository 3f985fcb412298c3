import Foundation
import LabModels

let weightsCommand = Command(
  name: "weights",
  usage: "losslab weights inspect FILE",
  summary: "list a safetensors file's tensors and the models they fit, whole or up to a "
    + "layer, with what is missing or of the wrong shape",
  options: [],
  run: runWeights)

/// `losslab weights inspect FILE`.
func runWeights(_ arguments: ParsedArguments) throws -> Int32 {
  guard arguments.positional.first == "inspect" else {
    let given = arguments.positional.first.map { "got '\($0)'; " } ?? ""
    throw UsageError(message: "'weights' needs a subcommand: \(given)expected "
      + "'losslab weights inspect FILE'")
  }
  guard arguments.positional.count == 2 else {
    throw UsageError(message: "'weights inspect' takes one safetensors file, got "
      + "\(arguments.positional.count - 1)")
  }
  let file: SafetensorsFile
  do {
    file = try SafetensorsFile(path: arguments.positional[1])
  } catch {
    throw UsageError(message: error.description)
  }
  print(describeTensors(file))
  print()
  print(describeFit(ModelCatalog.match(entries: file.entries.map { ($0.name, $0.shape) })))
  return 0
}

/// Formats the file's summary line and one row per tensor, in data order.
func describeTensors(_ file: SafetensorsFile) -> String {
  let bytes = file.entries.reduce(0) { $0 + $1.byteCount }
  var summary = "\(file.path): \(file.entries.count) tensors, \(formatCount(bytes)) bytes of data"
  if !file.metadata.isEmpty {
    let pairs = file.metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
    summary += "; metadata: " + pairs.joined(separator: ", ")
  }
  var table = TextTable(header: ["name", "dtype", "shape", "bytes"], rightAligned: [3])
  for entry in file.entries {
    table.rows.append([entry.name, entry.dtype.rawValue, formatShape(entry.shape),
      formatCount(entry.byteCount)])
  }
  return summary + "\n" + table.render()
}

/// Describes the models the tensors fit, or the closest ones and why they do not
/// fit.
func describeFit(_ matches: [WeightMatch]) -> String {
  let fitting = matches.filter(\.fits)
  guard fitting.isEmpty else {
    return (["fits:"] + fitting.map { "  " + describeCoverage($0) }).joined(separator: "\n")
  }
  let closest = matches.filter { !$0.matched.isEmpty || !$0.wrongShape.isEmpty }.prefix(3)
  guard !closest.isEmpty else {
    return "fits no known model: no tensor name is one of theirs; known models are: "
      + ModelCatalog.names.joined(separator: ", ")
  }
  var lines = ["fits no known model; closest:"]
  for match in closest {
    lines.append("  \(match.model): \(match.matched.count) of \(match.modelTensorCount) "
      + "tensors match")
    for mismatch in match.wrongShape.prefix(10) {
      lines.append("    wrong shape: \(mismatch.name) is \(formatShape(mismatch.fileShape)) in "
        + "the file, \(formatShape(mismatch.modelShape)) in \(match.model)")
    }
    if match.wrongShape.count > 10 {
      lines.append("    and \(match.wrongShape.count - 10) more of the wrong shape")
    }
    if !match.unexpected.isEmpty {
      lines.append("    not in \(match.model): " + listed(match.unexpected))
    }
    if !match.missing.isEmpty {
      lines.append("    missing: " + listed(match.missing))
    }
  }
  return lines.joined(separator: "\n")
}

/// Describes in one line how much of a fitting model the file contains.
private func describeCoverage(_ match: WeightMatch) -> String {
  let counts = "\(match.matched.count) of \(match.modelTensorCount) tensors"
  switch match.coverage {
  case .complete where match.missing.isEmpty:
    return "\(match.model): complete (\(counts))"
  case .complete:
    return "\(match.model): every parameter (\(counts)); buffers missing: "
      + listed(match.missing)
  case .prefix(let lastLayer):
    return "\(match.model): the first layers, up to \(lastLayer) (\(counts)); missing: "
      + listed(match.missing)
  case .none:
    return "\(match.model): does not fit"
  }
}

/// `names` as a count and the first three: `77 (features.3.weight, …)`.
private func listed(_ names: [String]) -> String {
  let head = names.prefix(3).joined(separator: ", ")
  return "\(names.count) (\(head)\(names.count > 3 ? ", …" : ""))"
}

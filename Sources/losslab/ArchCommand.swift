import Foundation
import LabModels

let archCommand = Command(
  name: "arch",
  usage: "losslab arch MODEL... [--input SIZE] [--batch N] [--flops] "
    + "[--format table|json|csv]",
  summary: "count parameters, MACs and activation memory layer by layer: vgg11 to vgg19 "
    + "(also _bn), resnet18, resnet34, resnet50",
  options: [
    OptionSpec(name: "--input", value: "SIZE",
      summary: "input height and width in pixels: 224 (square) or 160x224 (height x width); "
        + "default 224"),
    OptionSpec(name: "--batch", value: "N",
      summary: "images per batch, 1 to 1000000 (default 1); MACs and memory are for the batch"),
    OptionSpec(name: "--flops", value: nil,
      summary: "report FLOPs, 2 x MACs, in place of MACs. MACs are the multiply-accumulates of "
        + "convolution and linear layers; bias, batch norm, activations and pooling count 0"),
    OptionSpec(name: "--format", value: "table|json|csv",
      summary: "table (default): per layer, per stage and totals; json: one object with a "
        + "'models' list; csv: one row per layer, stage and total"),
  ],
  run: runArch)

/// Returns what every output of `losslab arch` counts, one sentence per figure.
func countedNote(flops: Bool) -> [String] {
  let operations = flops
    ? "FLOPs are 2 x the multiply-accumulates (MACs) of the convolution and linear layers"
    : "MACs are the multiply-accumulates of the convolution and linear layers, as "
      + "torchvision's GFLOPS column counts them"
  return [
    operations + ", for the whole batch; bias additions, batch norm, activations and pooling "
      + "are not counted.",
    "Parameters are trainable scalars; batch norm's running statistics are buffers and are "
      + "counted apart.",
    "Activation memory is the Float32 size of each layer's output for the batch, summed over "
      + "layers; PyTorch's in-place ReLU needs less.",
  ]
}

/// `losslab arch`: prints the accounting of each named model.
func runArch(_ arguments: ParsedArguments) throws -> Int32 {
  let request = try ArchRequest(arguments)
  var accounts: [ModelAccount] = []
  for name in request.models {
    let model = try archModel(named: name)
    do {
      // One image first: its counts cannot overflow, and they bound the batch's.
      let single = try model.account(input: request.input)
      try checkSize(single, request: request)
      accounts.append(try model.account(input: request.input, batchSize: request.batchSize))
    } catch let error as ArchitectureError {
      throw UsageError(message: error.description)
    }
  }

  let output: String
  switch request.format {
  case "json": output = archJSON(accounts, flops: request.flops)
  case "csv": output = archCSV(accounts, flops: request.flops)
  default: output = archTable(accounts, flops: request.flops)
  }
  print(output, terminator: output.hasSuffix("\n") ? "" : "\n")
  return 0
}

/// The checked arguments of `losslab arch`.
struct ArchRequest {
  var models: [String]
  var input = InputSize(height: 224, width: 224)
  var batchSize = 1
  var flops: Bool
  var format: String

  static let maximumBatchSize = 1_000_000
  static let maximumSide = 16_384

  init(_ arguments: ParsedArguments) throws(UsageError) {
    guard !arguments.positional.isEmpty else {
      throw UsageError(message: "'arch' needs at least one model, such as: losslab arch vgg16 "
        + "vgg19; known models are: " + ModelCatalog.names.joined(separator: ", "))
    }
    models = arguments.positional
    flops = arguments.has("--flops")
    format = arguments.value("--format") ?? "table"
    guard ["table", "json", "csv"].contains(format) else {
      throw UsageError(message: "--format: unknown format '\(format)'; expected table, json "
        + "or csv")
    }
    if let text = arguments.value("--input") {
      guard let size = InputSize(parsing: text), size.height <= Self.maximumSide,
        size.width <= Self.maximumSide
      else {
        throw UsageError(message: "--input: invalid size '\(text)'; expected a side such as "
          + "224 or height x width such as 160x224, each from 1 to \(Self.maximumSide)")
      }
      input = size
    }
    if let text = arguments.value("--batch") {
      guard let size = Int(text), (1...Self.maximumBatchSize).contains(size) else {
        throw UsageError(message: "--batch: invalid value '\(text)'; expected a whole number "
          + "from 1 to \(Self.maximumBatchSize)")
      }
      batchSize = size
    }
  }
}

/// Looks a model up by name, turning an unknown name into a usage error.
func archModel(named name: String) throws(UsageError) -> ModelSpec {
  do {
    return try ModelCatalog.model(named: name)
  } catch {
    throw UsageError(message: error.description)
  }
}

/// Rejects a batch whose forward pass would not fit in the memory the kernel
/// reports as available, or whose counts would overflow 64-bit integers, from
/// the account of `single`, one image.
func checkSize(_ single: ModelAccount, request: ArchRequest) throws(UsageError) {
  let place = "batch \(request.batchSize) of \(single.model) at \(request.input)"
  let flops = 2 * Double(single.macs) * Double(request.batchSize)
  guard flops < Double(Int.max) else {
    throw UsageError(message: "\(place) has more operations than a 64-bit integer can count; "
      + "lower --batch or --input")
  }
  // NOTE: without /proc/meminfo (not Linux) only the integer range is checked.
  guard let available = availableMemoryBytes() else { return }
  let needed = single.estimatedForwardBytes(batchSize: request.batchSize)
  guard needed <= Double(available) else {
    throw UsageError(message: "\(place) needs about \(formatBytes(needed)) "
      + "(Float32 parameters, input and every layer output), more than the "
      + "\(formatBytes(Double(available))) available (MemAvailable in /proc/meminfo); "
      + "lower --batch or --input")
  }
}

/// MemAvailable from /proc/meminfo in bytes, or nil where it cannot be read.
func availableMemoryBytes() -> Int? {
  guard let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) else {
    return nil
  }
  for line in text.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
    let fields = line.split(separator: " ")
    guard fields.count >= 2, let kibibytes = Int(fields[1]) else { return nil }
    return kibibytes * 1024
  }
  return nil
}

/// `1234567` as `1,234,567`.
func formatCount(_ value: Int) -> String {
  let digits = String(value.magnitude)
  var groups: [Substring] = []
  var end = digits.endIndex
  while end > digits.startIndex {
    let start = digits.index(end, offsetBy: -3, limitedBy: digits.startIndex) ?? digits.startIndex
    groups.insert(digits[start..<end], at: 0)
    end = start
  }
  return (value < 0 ? "-" : "") + groups.joined(separator: ",")
}

/// Formats a byte count in binary units with one decimal: `12.3 MiB`.
func formatBytes(_ bytes: Int) -> String { formatBytes(Double(bytes)) }

/// Formats a byte count in binary units with one decimal, up to PiB.
func formatBytes(_ bytes: Double) -> String {
  let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"]
  var value = bytes
  var unit = 0
  while value >= 1024, unit < units.count - 1 {
    value /= 1024
    unit += 1
  }
  return unit == 0 ? String(format: "%.0f B", value) : String(format: "%.1f %@", value, units[unit])
}

/// Formats a shape as `[1, 64, 224, 224]`.
func formatShape(_ shape: [Int]) -> String {
  "[" + shape.map(String.init).joined(separator: ", ") + "]"
}


/// A text table with a header row; numeric columns are right-aligned.
struct TextTable {
  var header: [String]
  var rightAligned: Set<Int>
  var rows: [[String]] = []

  func render(indent: String = "") -> String {
    let widths = header.indices.map { column in
      ([header] + rows).map { $0[column].count }.max() ?? 0
    }
    func line(_ cells: [String]) -> String {
      let padded = cells.enumerated().map { column, cell in
        let padding = String(repeating: " ", count: widths[column] - cell.count)
        return rightAligned.contains(column) ? padding + cell : cell + padding
      }
      return indent + padded.joined(separator: "  ").replacingOccurrences(
        of: "\\s+$", with: "", options: .regularExpression)
    }
    return ([line(header)] + rows.map(line)).joined(separator: "\n")
  }
}

/// Formats the table output of `losslab arch`: per model its layers, stages and
/// totals, then a comparison when there are several models.
func archTable(_ accounts: [ModelAccount], flops: Bool) -> String {
  let unit = flops ? "FLOPs" : "MACs"
  let factor = flops ? 2 : 1
  var sections: [String] = []
  for account in accounts {
    var layers = TextTable(
      header: ["layer", "kind", "stage", "output", "params", unit, "activations"],
      rightAligned: [4, 5, 6])
    for layer in account.layers {
      layers.rows.append([
        layer.name, layer.kind, layer.stage, formatShape(layer.output),
        formatCount(layer.parameterCount), formatCount(layer.macs * factor),
        formatBytes(layer.activationBytes),
      ])
    }
    var stages = TextTable(
      header: ["stage", "part", "convs", "output", "params", unit, "activations"],
      rightAligned: [2, 4, 5, 6])
    for stage in account.stages {
      stages.rows.append([
        stage.name, stage.part.rawValue, "\(stage.convolutionCount)", formatShape(stage.output),
        formatCount(stage.parameterCount), formatCount(stage.macs * factor),
        formatBytes(stage.activationBytes),
      ])
    }
    stages.rows.append([
      "total", "", "\(account.stages.reduce(0) { $0 + $1.convolutionCount })",
      formatShape(account.layers.last?.output ?? []), formatCount(account.parameterCount),
      formatCount(account.macs * factor), formatBytes(account.activationBytes),
    ])
    sections.append("""
      \(account.model), input \(formatShape(account.input)) (N, C, H, W)
      \(layers.render())

      \(stages.render())

      \(account.model): \(formatCount(account.parameterCount)) parameters \
      (features \(formatCount(account.parameterCount(in: .features))), classifier \
      \(formatCount(account.parameterCount(in: .classifier)))), \
      \(formatCount(account.bufferCount)) buffer values, \
      \(formatCount(account.macs * factor)) \(unit), \
      \(formatBytes(account.activationBytes)) of activations
      """)
  }
  if accounts.count > 1 { sections.append(comparisonTable(accounts, flops: flops)) }
  sections.append(countedNote(flops: flops).joined(separator: "\n"))
  return sections.joined(separator: "\n\n")
}

/// Formats one row per model with its totals, for `losslab arch` with several models.
private func comparisonTable(_ accounts: [ModelAccount], flops: Bool) -> String {
  var table = TextTable(
    header: ["model", "params", "features", "classifier", flops ? "FLOPs" : "MACs",
      "activations"],
    rightAligned: [1, 2, 3, 4, 5])
  for account in accounts {
    table.rows.append([
      account.model, formatCount(account.parameterCount),
      formatCount(account.parameterCount(in: .features)),
      formatCount(account.parameterCount(in: .classifier)),
      formatCount(account.macs * (flops ? 2 : 1)), formatBytes(account.activationBytes),
    ])
  }
  return "comparison at input \(formatShape(accounts[0].input))\n" + table.render()
}

/// Formats the JSON output of `losslab arch`, keys in a fixed order.
///
/// Each model has `name`, `input`, `params`, `macs`, `layers` and `stages`;
/// with `--flops` a `flops` field (2 × MACs) sits beside every `macs`.
func archJSON(_ accounts: [ModelAccount], flops: Bool) -> String {
  func operations(_ macs: Int) -> String {
    "\"macs\":\(macs)" + (flops ? ",\"flops\":\(2 * macs)" : "")
  }
  func shape(_ values: [Int]) -> String {
    "[" + values.map(String.init).joined(separator: ",") + "]"
  }
  let models = accounts.map { account in
    let layers = account.layers.map { layer in
      "{\"name\":\(jsonString(layer.name)),\"kind\":\"\(layer.kind)\","
        + "\"output\":\(shape(layer.output)),\"params\":\(layer.parameterCount),"
        + "\(operations(layer.macs)),\"activation_bytes\":\(layer.activationBytes)}"
    }
    let stages = account.stages.map { stage in
      "{\"name\":\"\(stage.name)\",\"part\":\"\(stage.part.rawValue)\","
        + "\"convolutions\":\(stage.convolutionCount),\"output\":\(shape(stage.output)),"
        + "\"params\":\(stage.parameterCount),\(operations(stage.macs)),"
        + "\"activation_bytes\":\(stage.activationBytes)}"
    }
    return "{\"name\":\"\(account.model)\",\"input\":\(shape(account.input)),"
      + "\"params\":\(account.parameterCount),"
      + "\"params_features\":\(account.parameterCount(in: .features)),"
      + "\"params_classifier\":\(account.parameterCount(in: .classifier)),"
      + "\"buffers\":\(account.bufferCount),\(operations(account.macs)),"
      + "\"activation_bytes\":\(account.activationBytes),"
      + "\"layers\":[\(layers.joined(separator: ","))],"
      + "\"stages\":[\(stages.joined(separator: ","))]}"
  }
  let counted = countedNote(flops: flops).map(jsonString).joined(separator: ",")
  return "{\"models\":[\(models.joined(separator: ","))],\"counted\":[\(counted)]}"
}

/// Formats the CSV output of `losslab arch`: one row per layer, stage and model
/// total. The column names state what is counted.
func archCSV(_ accounts: [ModelAccount], flops: Bool) -> String {
  let operations = flops ? "conv_linear_flops_2x_macs" : "conv_linear_macs"
  var lines = [
    "model,input,row,stage,name,kind,output,params,\(operations),activation_bytes_f32"
  ]
  let factor = flops ? 2 : 1
  for account in accounts {
    let input = account.input.map(String.init).joined(separator: "x")
    func line(_ row: String, _ stage: String, _ name: String, _ kind: String, _ output: [Int],
      _ params: Int, _ macs: Int, _ bytes: Int) -> String
    {
      let shape = output.map(String.init).joined(separator: "x")
      return [account.model, input, row, stage, name, kind, shape, "\(params)",
        "\(macs * factor)", "\(bytes)"].joined(separator: ",")
    }
    for layer in account.layers {
      lines.append(line("layer", layer.stage, layer.name, layer.kind, layer.output,
        layer.parameterCount, layer.macs, layer.activationBytes))
    }
    for stage in account.stages {
      lines.append(line("stage", stage.name, stage.name, "", stage.output,
        stage.parameterCount, stage.macs, stage.activationBytes))
    }
    lines.append(line("total", "", account.model, "", account.layers.last?.output ?? [],
      account.parameterCount, account.macs, account.activationBytes))
  }
  return lines.joined(separator: "\n")
}

import Foundation
import LabModels

let archCommand = Command(
  name: "arch",
  usage: "losslab arch MODEL... [--input SIZE] [--batch N] [--flops] [--time] [--backward] "
    + "[--repeat N] [--format table|json|csv]",
  summary: "count parameters, MACs and activation memory layer by layer, and time the "
    + "passes with --time: vgg11 to vgg19 "
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
    OptionSpec(name: "--time", value: nil,
      summary: "measure the forward pass with seeded weights after one warm-up run: median, "
        + "min and max in milliseconds, and per layer the median time and GFLOP/s"),
    OptionSpec(name: "--backward", value: nil,
      summary: "with --time, also measure the backward pass of the summed outputs"),
    OptionSpec(name: "--repeat", value: "N",
      summary: "with --time, timed runs of each pass, 1 to \(ArchRequest.maximumRepeatCount) "
        + "(default 5)"),
    OptionSpec(name: "--format", value: "table|json|csv",
      summary: "table (default): per layer, per stage and totals; json: one object with a "
        + "'models' list; csv: one row per layer, stage and total"),
  ],
  run: runArch)

/// Returns what every output of `losslab arch` counts, one sentence per figure.
func countedNote(flops: Bool, timings: [ModelTiming]? = nil) -> [String] {
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
  ] + (timings?.first.map { timingNote($0) } ?? [])
}

/// Describes what `--time` measured.
func timingNote(_ timing: ModelTiming) -> [String] {
  [
    "Times are wall-clock milliseconds of LossLab's own kernels on this machine, in evaluation "
      + "mode with seeded weights, over \(timing.repeatCount) runs after \(timing.warmUpCount) "
      + "warm-up run; a layer's GFLOP/s is 2 x its MACs over its median time.",
  ] + (timing.backward == nil ? [] : [
    "The backward time is the gradient of the summed outputs with respect to every parameter "
      + "and excludes the forward pass that precedes it.",
  ])
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

  let timings = request.time ? try measure(request) : nil
  let output: String
  switch request.format {
  case "json": output = archJSON(accounts, flops: request.flops, timings: timings)
  case "csv": output = archCSV(accounts, flops: request.flops, timings: timings)
  default: output = archTable(accounts, flops: request.flops, timings: timings)
  }
  print(output, terminator: output.hasSuffix("\n") ? "" : "\n")
  return 0
}

/// Times every requested model, drawing a progress bar on standard error when
/// it is a terminal, so that redirected output stays clean.
func measure(_ request: ArchRequest) throws(UsageError) -> [ModelTiming] {
  let showsProgress = isatty(STDERR_FILENO) == 1
  var timings: [ModelTiming] = []
  for name in request.models {
    let model = try archModel(named: name)
    do {
      timings.append(try measureModel(
        model, input: request.input, batchSize: request.batchSize,
        repeatCount: request.repeatCount, includesBackward: request.backward
      ) { progress in
        if showsProgress { drawProgress(model: name, progress) }
      })
    } catch {
      throw UsageError(message: error.description)
    }
  }
  if showsProgress {
    FileHandle.standardError.write(Data(("\r" + String(repeating: " ", count: 72) + "\r").utf8))
  }
  return timings
}

/// Redraws one line on standard error: `vgg16 forward [#######-------] 8/11`.
private func drawProgress(model: String, _ progress: TimingProgress) {
  let width = 30
  let filled = Int(progress.fraction * Double(width))
  let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
  let line = "\r\(model) \(progress.phase.rawValue) [\(bar)] "
    + "\(progress.completedRuns)/\(progress.totalRuns)"
  FileHandle.standardError.write(Data(line.padding(toLength: 73, withPad: " ", startingAt: 0).utf8))
}

/// Formats milliseconds with three decimals.
func formatMilliseconds(_ value: Double) -> String { String(format: "%.3f", value) }

/// The checked arguments of `losslab arch`.
struct ArchRequest {
  var models: [String]
  var input = InputSize(height: 224, width: 224)
  var batchSize = 1
  var flops: Bool
  var format: String
  var time: Bool
  var backward: Bool
  var repeatCount = 5

  static let maximumBatchSize = 1_000_000
  static let maximumRepeatCount = 1000
  static let maximumSide = 16_384

  init(_ arguments: ParsedArguments) throws(UsageError) {
    guard !arguments.positional.isEmpty else {
      throw UsageError(message: "'arch' needs at least one model, such as: losslab arch vgg16 "
        + "vgg19; known models are: " + ModelCatalog.names.joined(separator: ", "))
    }
    models = arguments.positional
    flops = arguments.has("--flops")
    time = arguments.has("--time")
    backward = arguments.has("--backward")
    format = arguments.value("--format") ?? "table"
    for option in ["--backward", "--repeat"] where arguments.has(option) && !time {
      throw UsageError(message: "\(option) applies to timing only; add --time")
    }
    if let text = arguments.value("--repeat") {
      guard let count = Int(text), (1...Self.maximumRepeatCount).contains(count) else {
        throw UsageError(message: "--repeat: invalid value '\(text)'; expected a whole number "
          + "from 1 to \(Self.maximumRepeatCount)")
      }
      repeatCount = count
    }
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
  // NOTE: a backward pass is estimated at twice the forward memory (a
  // gradient beside every stored tensor); allocator overhead is not counted.
  let passes = request.time && request.backward ? 2.0 : 1.0
  let needed = single.estimatedForwardBytes(batchSize: request.batchSize) * passes
  guard needed <= Double(available) else {
    let counted = passes > 1 ? "Float32 parameters, input, every layer output and their gradients"
      : "Float32 parameters, input and every layer output"
    throw UsageError(message: "\(place) needs about \(formatBytes(needed)) "
      + "(\(counted)), more than the "
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
func archTable(_ accounts: [ModelAccount], flops: Bool, timings: [ModelTiming]? = nil)
  -> String
{
  let unit = flops ? "FLOPs" : "MACs"
  let factor = flops ? 2 : 1
  var sections: [String] = []
  for (modelIndex, account) in accounts.enumerated() {
    let timing = timings?[modelIndex]
    var layers = TextTable(
      header: ["layer", "kind", "stage", "output", "params", unit, "activations"]
        + (timing == nil ? [] : ["ms", "GFLOP/s"]),
      rightAligned: [4, 5, 6, 7, 8])
    for (index, layer) in account.layers.enumerated() {
      var row = [
        layer.name, layer.kind, layer.stage, formatShape(layer.output),
        formatCount(layer.parameterCount), formatCount(layer.macs * factor),
        formatBytes(layer.activationBytes),
      ]
      if let measured = timing?.layers[index] {
        row += [formatMilliseconds(measured.milliseconds),
          measured.macs > 0 ? String(format: "%.2f", measured.gflopsPerSecond) : ""]
      }
      layers.rows.append(row)
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
      """ + (timing.map { "\n" + timingLine($0) } ?? ""))
  }
  if accounts.count > 1 {
    sections.append(comparisonTable(accounts, flops: flops, timings: timings))
  }
  sections.append(countedNote(flops: flops, timings: timings).joined(separator: "\n"))
  return sections.joined(separator: "\n\n")
}

/// Formats the measured times of one model on one line.
func timingLine(_ timing: ModelTiming) -> String {
  func summary(_ name: String, _ times: DurationSummary) -> String {
    "\(name) median \(formatMilliseconds(times.median)) ms (min "
      + "\(formatMilliseconds(times.min)), max \(formatMilliseconds(times.max)))"
  }
  return "\(timing.model): " + summary("forward", timing.forward)
    + (timing.backward.map { "; " + summary("backward", $0) } ?? "")
    + " over \(timing.repeatCount) runs"
}

/// Formats one row per model with its totals, for `losslab arch` with several models.
private func comparisonTable(
  _ accounts: [ModelAccount], flops: Bool, timings: [ModelTiming]?
) -> String {
  let hasBackward = timings?.first?.backward != nil
  var header = ["model", "params", "features", "classifier", flops ? "FLOPs" : "MACs",
    "activations"]
  if timings != nil { header.append("forward ms") }
  if hasBackward { header.append("backward ms") }
  var table = TextTable(header: header, rightAligned: [1, 2, 3, 4, 5, 6, 7])
  for (index, account) in accounts.enumerated() {
    var row = [
      account.model, formatCount(account.parameterCount),
      formatCount(account.parameterCount(in: .features)),
      formatCount(account.parameterCount(in: .classifier)),
      formatCount(account.macs * (flops ? 2 : 1)), formatBytes(account.activationBytes),
    ]
    if let timing = timings?[index] {
      row.append(formatMilliseconds(timing.forward.median))
      if let backward = timing.backward { row.append(formatMilliseconds(backward.median)) }
    }
    table.rows.append(row)
  }
  return "comparison at input \(formatShape(accounts[0].input))\n" + table.render()
}

/// Formats the JSON output of `losslab arch`, keys in a fixed order.
///
/// Each model has `name`, `input`, `params`, `macs`, `layers` and `stages`;
/// with `--flops` a `flops` field (2 × MACs) sits beside every `macs`.
func archJSON(_ accounts: [ModelAccount], flops: Bool, timings: [ModelTiming]? = nil)
  -> String
{
  func operations(_ macs: Int) -> String {
    "\"macs\":\(macs)" + (flops ? ",\"flops\":\(2 * macs)" : "")
  }
  func shape(_ values: [Int]) -> String {
    "[" + values.map(String.init).joined(separator: ",") + "]"
  }
  func summary(_ times: DurationSummary) -> String {
    "{\"min\":\(formatMilliseconds(times.min)),\"median\":\(formatMilliseconds(times.median)),"
      + "\"max\":\(formatMilliseconds(times.max))}"
  }
  let models = accounts.enumerated().map { modelIndex, account in
    let timing = timings?[modelIndex]
    let layers = account.layers.enumerated().map { index, layer in
      var measured = ""
      if let layerTiming = timing?.layers[index] {
        measured = ",\"ms\":\(formatMilliseconds(layerTiming.milliseconds)),"
          + "\"gflop_per_s\":\(String(format: "%.3f", layerTiming.gflopsPerSecond))"
      }
      return "{\"name\":\(jsonString(layer.name)),\"kind\":\"\(layer.kind)\","
        + "\"output\":\(shape(layer.output)),\"params\":\(layer.parameterCount),"
        + "\(operations(layer.macs)),\"activation_bytes\":\(layer.activationBytes)\(measured)}"
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
      + "\"stages\":[\(stages.joined(separator: ","))]"
      + (timing.map { ",\"forward_ms\":\(summary($0.forward))" } ?? "")
      + (timing?.backward.map { ",\"backward_ms\":\(summary($0))" } ?? "") + "}"
  }
  let counted = countedNote(flops: flops, timings: timings).map(jsonString)
    .joined(separator: ",")
  return "{\"models\":[\(models.joined(separator: ","))],\"counted\":[\(counted)]}"
}

/// Formats the CSV output of `losslab arch`: one row per layer, stage and model
/// total. The column names state what is counted.
///
/// With timings, `forward_ms` (the median; per layer, and the whole pass on
/// the total row) and `gflop_per_s` (per layer) follow.
func archCSV(_ accounts: [ModelAccount], flops: Bool, timings: [ModelTiming]? = nil) -> String {
  let operations = flops ? "conv_linear_flops_2x_macs" : "conv_linear_macs"
  var lines = [
    "model,input,row,stage,name,kind,output,params,\(operations),activation_bytes_f32"
      + (timings == nil ? "" : ",forward_ms,gflop_per_s")
  ]
  let factor = flops ? 2 : 1
  for (modelIndex, account) in accounts.enumerated() {
    let timing = timings?[modelIndex]
    func timed(_ values: String...) -> String {
      timing == nil ? "" : "," + values.joined(separator: ",")
    }
    let input = account.input.map(String.init).joined(separator: "x")
    func line(_ row: String, _ stage: String, _ name: String, _ kind: String, _ output: [Int],
      _ params: Int, _ macs: Int, _ bytes: Int) -> String
    {
      let shape = output.map(String.init).joined(separator: "x")
      return [account.model, input, row, stage, name, kind, shape, "\(params)",
        "\(macs * factor)", "\(bytes)"].joined(separator: ",")
    }
    for (index, layer) in account.layers.enumerated() {
      let measured = timing?.layers[index]
      lines.append(line("layer", layer.stage, layer.name, layer.kind, layer.output,
        layer.parameterCount, layer.macs, layer.activationBytes)
        + timed(formatMilliseconds(measured?.milliseconds ?? 0),
          String(format: "%.3f", measured?.gflopsPerSecond ?? 0)))
    }
    for stage in account.stages {
      lines.append(line("stage", stage.name, stage.name, "", stage.output,
        stage.parameterCount, stage.macs, stage.activationBytes) + timed("", ""))
    }
    lines.append(line("total", "", account.model, "", account.layers.last?.output ?? [],
      account.parameterCount, account.macs, account.activationBytes)
      + timed(formatMilliseconds(timing?.forward.median ?? 0), ""))
  }
  return lines.joined(separator: "\n")
}

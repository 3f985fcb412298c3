import Foundation
import LabApp
import LabCharts
import LabScenario
import LabTerminal

/// `losslab run`: trains without a terminal, one run or up to four compared.
func runTraining(_ arguments: ParsedArguments) throws -> Int32 {
  let format = arguments.value("--format") ?? "text"
  guard ["text", "jsonl"].contains(format) else {
    throw UsageError(message: "--format: unknown format '\(format)'; expected text or jsonl")
  }
  let chart = arguments.value("--chart") ?? "loss"
  guard ["loss", "metric"].contains(chart) else {
    throw UsageError(message: "--chart: unknown chart '\(chart)'; expected loss or metric")
  }
  var spec = try runSpec(arguments)
  try applySettings(arguments.all("--set"), to: &spec)
  if let steps = arguments.value("--steps") {
    do {
      try ParameterPath.stepCount.apply(steps, to: &spec)
    } catch {
      throw UsageError(message: "--steps: \(error.message)")
    }
  }
  // Ctrl-C ends training at the next step rather than the process, so the
  // steps already trained are still charted and written; a second one quits.
  TerminalSignals.install()
  let comparisons = arguments.all("--compare")
  if !comparisons.isEmpty {
    return try runComparison(
      spec, changes: comparisons, arguments: arguments, format: format,
      metric: chart == "metric" ? spec.task.metric : nil)
  }

  let start = Date()
  let session = try train(spec, label: nil, format: format)
  let seconds = Date().timeIntervalSince(start)
  if let file = arguments.value("--history") { try writeHistory([session.snapshot()], to: file) }
  if let file = arguments.value("--image") { try writeImages(session.snapshot(), to: file) }
  if format == "text" {
    printSummary(
      session: session, seconds: seconds, metric: chart == "metric" ? spec.task.metric : nil)
  }
  if let status = interruptionStatus(session) { return status }
  if let step = session.divergedAt {
    printError("training diverged at step \(step): the loss is not finite; "
      + "lower optimizer.learning_rate")
    return 1
  }
  return 0
}

/// Returns the scenario named on the command line, or one for `--data FILE --target COLUMN`.
func runSpec(_ arguments: ParsedArguments) throws -> ScenarioSpec {
  if let file = arguments.value("--data") {
    if let extra = arguments.positional.first {
      throw UsageError(message: "'run --data' takes no scenario, got '\(extra)'; give either "
        + "a scenario or --data FILE.csv --target COLUMN")
    }
    guard let target = arguments.value("--target") else {
      throw UsageError(message: "--data needs --target COLUMN, the column to predict")
    }
    return try ScenarioSpec.forDataFile(path: file, target: target, loss: arguments.value("--loss"))
  }
  if arguments.has("--target") {
    throw UsageError(message: "--target applies only with --data FILE.csv; a scenario file "
      + "names its own target column (data.target)")
  }
  if arguments.has("--loss") {
    throw UsageError(message: "--loss applies only with --data FILE.csv; for a scenario, "
      + "use --set loss.name=NAME")
  }
  guard let name = arguments.positional.first else {
    throw UsageError(message: "'run' needs a scenario: losslab run SCENARIO, or "
      + "losslab run --data FILE.csv --target COLUMN; 'losslab list' shows the scenarios")
  }
  if arguments.positional.count > 1 {
    throw UsageError(message: "'run' takes one scenario, got '\(arguments.positional[1])' too")
  }
  return try Catalog.resolve(name, folderOption: arguments.value("--scenarios"))
}

/// Trains `spec` to its last step. With `jsonl`, evaluations print as they
/// happen, so long runs lose none to the history's merging.
func train(_ spec: ScenarioSpec, label: String?, format: String) throws -> TrainingSession {
  let session = try TrainingSession(spec: spec)
  var lastPrinted: Int?
  func emit() {
    guard format == "jsonl", let latest = session.latest, latest.step != lastPrinted else { return }
    lastPrinted = latest.step
    print(jsonLine(latest, run: label))
  }
  emit()
  while !session.isFinished && TerminalSignals.pending == nil {
    session.advance()
    emit()
  }
  return session
}

/// Reports a run that a signal stopped and returns the shell's status for
/// that signal, or nil when no signal arrived.
func interruptionStatus(_ session: TrainingSession) -> Int32? {
  guard let signal = TerminalSignals.pending else { return nil }
  printError("interrupted at step \(session.step) of \(session.spec.training.stepCount); "
    + "the output covers the steps trained")
  return TerminalSignals.exitStatus(for: signal)
}

/// Trains the scenario and one run per `--compare PATH=VALUE` change, on the
/// same data and seed, then prints each run's final numbers and their
/// validation curves (loss, or `metric`) on one chart.
func runComparison(
  _ spec: ScenarioSpec, changes: [String], arguments: ParsedArguments, format: String,
  metric: Quantity?
) throws -> Int32 {
  let limit = AppState.maximumComparedRuns - 1
  guard changes.count <= limit else {
    throw UsageError(message: "--compare is given \(changes.count) times; at most \(limit) "
      + "runs compare with the scenario's own")
  }
  var specs = [spec]
  for change in changes {
    var changed = spec
    do {
      try applySettings([change], to: &changed)
    } catch {
      throw UsageError(message: error.message.replacingOccurrences(of: "--set", with: "--compare"))
    }
    specs.append(changed)
  }
  let labels = AppState.runLabels(specs)
  var snapshots: [RunSnapshot] = []
  var interrupted: Int32?
  for (spec, label) in zip(specs, labels) where interrupted == nil {
    let session = try train(spec, label: label, format: format)
    snapshots.append(session.snapshot())
    interrupted = interruptionStatus(session)
  }
  if let file = arguments.value("--history") { try writeHistory(snapshots, labels, to: file) }
  guard format == "text" else { return interrupted ?? 0 }

  let glyphs: GlyphSet = localeIsUTF8() ? .unicode : .ascii
  var buffer = CellBuffer(width: 78, height: 16)
  let steps = snapshots.map(\.step).max() ?? 1
  LineChart(
    series: AppState.comparisonSeries(
      snapshots, metric: metric, labels: Array(labels.prefix(snapshots.count))),
    yLabel: AppState.comparisonAxisLabel(specs, metric: metric),
    glyphs: glyphs,
    xDomain: 0...Double(max(1, steps))
  ).render(into: &buffer, area: buffer.bounds)
  print("\(spec.title): \(snapshots[0].dataSummary)")
  print(buffer.text())
  for (snapshot, label) in zip(snapshots, labels) {
    print("\(label): \(finalNumbers(snapshot))")
  }
  for label in labels.dropFirst(snapshots.count) { print("\(label): not trained (interrupted)") }
  if let interrupted { return interrupted }
  return snapshots.contains { $0.divergedAt != nil } ? 1 : 0
}

/// Returns one run's last evaluation in a line: losses and the task's metrics.
func finalNumbers(_ snapshot: RunSnapshot) -> String {
  guard let latest = snapshot.latest else { return "not evaluated" }
  var parts = ["step \(latest.step)", "train \(formatLoss(latest.trainLoss))",
    "val \(formatLoss(latest.validationLoss))"]
  if let metrics = latest.classification {
    parts.append("accuracy \(formatLoss(metrics.accuracy))")
    parts.append("balanced \(formatLoss(metrics.balancedAccuracy))")
  } else if let embedding = latest.embedding {
    parts.append("recall@1 \(formatLoss(embedding.recallAt1))")
    parts.append("mAP \(formatLoss(embedding.meanAveragePrecision))")
  } else if let image = latest.image {
    parts += imageNumbers(image)
  } else {
    parts.append("RMSE \(formatLoss(latest.rmse))")
    parts.append("MAE \(formatLoss(latest.mae))")
  }
  if let step = snapshot.divergedAt { parts.append("diverged at step \(step)") }
  return parts.joined(separator: "  ")
}

/// Writes the loss history as CSV: `step,train_loss,val_loss`, one row per
/// evaluation kept in the history (long runs keep merged pairs of evaluations).
/// Compared runs add a first column `run` with each run's label.
func writeHistory(
  _ snapshots: [RunSnapshot], _ labels: [String]? = nil, to file: String
) throws(UsageError) {
  var text = (labels == nil ? "" : "run,") + "step,train_loss,val_loss\n"
  for (index, snapshot) in snapshots.enumerated() {
    let prefix = labels.map { csvField($0[index]) + "," } ?? ""
    for (train, validation) in zip(snapshot.train.points, snapshot.validation.points) {
      text += "\(prefix)\(train.step),\(train.value),\(validation.value)\n"
    }
  }
  do {
    try text.write(toFile: file, atomically: true, encoding: .utf8)
  } catch {
    let folder = (file as NSString).deletingLastPathComponent
    var isFolder: ObjCBool = false
    let exists = FileManager.default.fileExists(atPath: file, isDirectory: &isFolder)
    let reason = exists && isFolder.boolValue ? "it is a folder; give a file name such as "
      + "\((file as NSString).appendingPathComponent("history.csv"))"
      : !folder.isEmpty && !FileManager.default.fileExists(atPath: folder)
      ? "the folder '\(folder)' does not exist; create it first"
      : error.localizedDescription
    throw UsageError(message: "--history: cannot write '\(file)': \(reason)")
  }
}

/// Applies `--set PATH=VALUE` arguments in order; a bad one stops with its message.
func applySettings(_ settings: [String], to spec: inout ScenarioSpec) throws(UsageError) {
  for setting in settings {
    guard let equals = setting.firstIndex(of: "=") else {
      throw UsageError(message: "--set \(setting): expected PATH=VALUE, such as "
        + "optimizer.learning_rate=0.003")
    }
    let path = String(setting[..<equals])
    let value = String(setting[setting.index(after: equals)...])
    guard let parameter = ParameterPath(rawValue: path) else {
      throw UsageError(message: "--set \(setting): unknown parameter '\(path)'; expected one of: "
        + ParameterPath.allCases.map(\.rawValue).joined(separator: ", "))
    }
    do {
      try parameter.change(value, in: &spec)
    } catch {
      throw UsageError(message: "--set \(setting): \(error.message)")
    }
  }
  for setting in settings {
    let path = String(setting.prefix { $0 != "=" })
    if let parameter = ParameterPath(rawValue: path), !parameter.applies(to: spec) {
      throw UsageError(message: "--set \(setting): \(parameter.notApplicableReason)")
    }
  }
}

/// Returns `text` as a CSV field, quoted when it contains a comma or a quote.
func csvField(_ text: String) -> String {
  guard text.contains(",") || text.contains("\"") else { return text }
  return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}

/// Returns one evaluation as a JSON object on one line, with the run's label
/// when runs are compared. Non-finite numbers become the strings "NaN",
/// "Infinity" and "-Infinity".
func jsonLine(_ evaluation: Evaluation, run: String? = nil) -> String {
  func number(_ value: Double) -> String {
    if value.isNaN { return "\"NaN\"" }
    if value.isInfinite { return value > 0 ? "\"Infinity\"" : "\"-Infinity\"" }
    return "\(value)"
  }
  let label = run.map { "\"run\":\(jsonString($0))," } ?? ""
  var metrics: String
  if let classification = evaluation.classification {
    metrics = "\"accuracy\":\(number(classification.accuracy)),"
      + "\"balanced_accuracy\":\(number(classification.balancedAccuracy))"
  } else if let image = evaluation.image {
    metrics = "\"psnr\":\(number(image.psnr)),\"ssim\":\(number(image.ssim)),"
      + "\"input_psnr\":\(number(image.inputPSNR)),\"input_ssim\":\(number(image.inputSSIM))"
    // The style and discriminator numbers exist only for their runs.
    let optional: [Quantity] = [
      .psnrGain, .contentLoss, .styleLoss, .styleRatio, .discriminatorLoss, .realProbability,
      .fakeProbability,
    ]
    for quantity in optional where evaluation.value(of: quantity).isFinite {
      metrics += ",\"\(quantity.rawValue)\":\(number(evaluation.value(of: quantity)))"
    }
  } else {
    metrics = "\"rmse\":\(number(evaluation.rmse)),"
      + "\"baseline_rmse\":\(number(evaluation.baselineRMSE)),"
      + "\"rmse_ratio\":\(number(evaluation.rmseRatio)),\"mae\":\(number(evaluation.mae))"
  }
  return "{\(label)\"step\":\(evaluation.step),\"train_loss\":\(number(evaluation.trainLoss)),"
    + "\"val_loss\":\(number(evaluation.validationLoss)),\"metrics\":{\(metrics)}}"
}

/// The text ending of `losslab run`: the loss chart and a summary.
func printSummary(session: TrainingSession, seconds: Double, metric: Quantity?) {
  let snapshot = session.snapshot()
  let glyphs: GlyphSet = localeIsUTF8() ? .unicode : .ascii
  var state = AppState(catalog: [snapshot.spec], glyphs: glyphs)
  state.run = snapshot
  var buffer = CellBuffer(width: 78, height: 16)
  func points(_ series: HistorySeries) -> [ChartPoint] {
    series.points.map { ChartPoint(x: Double($0.step), y: $0.value) }
  }
  let series = metric == nil
    ? [
      ChartSeries(name: "train", points: points(snapshot.train)),
      ChartSeries(name: "val", points: points(snapshot.validation), lineStyle: .dashed),
    ] : [ChartSeries(name: "val", points: points(snapshot.metric))]
  LineChart(
    series: series,
    yLabel: metric.map { "val \($0.chartName)" } ?? "\(snapshot.spec.loss.shortName) loss",
    glyphs: glyphs, xDomain: 0...Double(max(1, snapshot.step))
  ).render(into: &buffer, area: buffer.bounds)
  print("\(snapshot.spec.title): \(snapshot.dataSummary)")
  print(buffer.text())
  print(state.statusText())
  if let metrics = snapshot.latest?.classification {
    let perClass = zip(metrics.classNames, metrics.classAccuracies)
      .map { "\($0) \(formatLoss($1))" }.joined(separator: ", ")
    print("validation accuracy \(formatLoss(metrics.accuracy)); per class: \(perClass)")
  } else if let embedding = snapshot.latest?.embedding {
    print("validation recall@1 \(formatLoss(embedding.recallAt1)), mean average precision "
      + "\(formatLoss(embedding.meanAveragePrecision)) over \(embedding.queryCount) queries")
  } else if let image = snapshot.latest?.image {
    print(imageSummaryLine(image))
  } else if let latest = snapshot.latest {
    print("validation RMSE \(formatLoss(latest.rmse)) against \(formatLoss(latest.baselineRMSE)) "
      + "for predicting the mean (ratio \(formatLoss(latest.rmseRatio)))")
  }
  let rate = seconds > 0 ? Double(snapshot.step) / seconds : 0
  print(String(format: "%d steps in %.2f s (%.0f steps/s)", snapshot.step, seconds, rate))
}

/// Whether the locale from the environment encodes text as UTF-8.
func localeIsUTF8() -> Bool {
  guard let codeset = nl_langinfo(nl_item(CODESET)) else { return false }
  let name = String(cString: codeset).uppercased()
  return name == "UTF-8" || name == "UTF8"
}

import Foundation
import LabApp
import LabCharts
import LabScenario

/// `losslab run`: trains without a terminal.
func runTraining(_ arguments: ParsedArguments) throws -> Int32 {
  guard let name = arguments.positional.first else {
    throw UsageError(message: "'run' needs a scenario: losslab run SCENARIO; "
      + "'losslab list' shows them")
  }
  if arguments.positional.count > 1 {
    throw UsageError(message: "'run' takes one scenario, got '\(arguments.positional[1])' too")
  }
  let format = arguments.value("--format") ?? "text"
  guard ["text", "jsonl"].contains(format) else {
    throw UsageError(message: "--format: unknown format '\(format)'; expected text or jsonl")
  }
  var spec = try Catalog.resolve(name, folderOption: arguments.value("--scenarios"))
  try applySettings(arguments.all("--set"), to: &spec)
  if let steps = arguments.value("--steps") {
    do {
      try ParameterPath.stepCount.apply(steps, to: &spec)
    } catch {
      throw UsageError(message: "--steps: \(error.message)")
    }
  }

  let session = try TrainingSession(spec: spec)
  let start = Date()
  // Evaluations print as they happen, so long runs lose none to the history's merging.
  var lastPrinted: Int?
  func emit() {
    guard format == "jsonl", let latest = session.latest, latest.step != lastPrinted else { return }
    lastPrinted = latest.step
    print(jsonLine(latest))
  }
  emit()
  while !session.isFinished {
    session.advance()
    emit()
  }
  let seconds = Date().timeIntervalSince(start)
  if let file = arguments.value("--history") { try writeHistory(session.snapshot(), to: file) }
  if format == "text" { printSummary(session: session, seconds: seconds) }
  if let step = session.divergedAt {
    printError("training diverged at step \(step): the loss is not finite; "
      + "lower optimizer.learning_rate")
    return 1
  }
  return 0
}

/// Writes the loss history as CSV: `step,train_loss,val_loss`, one row per
/// evaluation kept in the history (long runs keep merged pairs of evaluations).
func writeHistory(_ snapshot: RunSnapshot, to file: String) throws(UsageError) {
  var text = "step,train_loss,val_loss\n"
  for (train, validation) in zip(snapshot.train.points, snapshot.validation.points) {
    text += "\(train.step),\(train.value),\(validation.value)\n"
  }
  do {
    try text.write(toFile: file, atomically: true, encoding: .utf8)
  } catch {
    throw UsageError(message: "--history: cannot write '\(file)': \(error.localizedDescription)")
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
      try parameter.apply(value, to: &spec)
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

/// One evaluation as a JSON object on one line; non-finite numbers become
/// the strings "NaN", "Infinity" and "-Infinity".
func jsonLine(_ evaluation: Evaluation) -> String {
  func number(_ value: Double) -> String {
    if value.isNaN { return "\"NaN\"" }
    if value.isInfinite { return value > 0 ? "\"Infinity\"" : "\"-Infinity\"" }
    return "\(value)"
  }
  return "{\"step\":\(evaluation.step),\"train_loss\":\(number(evaluation.trainLoss)),"
    + "\"val_loss\":\(number(evaluation.validationLoss)),\"metrics\":{"
    + "\"rmse\":\(number(evaluation.rmse)),\"baseline_rmse\":\(number(evaluation.baselineRMSE)),"
    + "\"rmse_ratio\":\(number(evaluation.rmseRatio))}}"
}

/// The text ending of `losslab run`: the loss chart and a summary.
func printSummary(session: TrainingSession, seconds: Double) {
  let snapshot = session.snapshot()
  let glyphs: GlyphSet = localeIsUTF8() ? .unicode : .ascii
  var state = AppState(catalog: [snapshot.spec], glyphs: glyphs)
  state.run = snapshot
  var buffer = CellBuffer(width: 78, height: 16)
  let train = snapshot.train.points.map { ChartPoint(x: Double($0.step), y: $0.value) }
  let validation = snapshot.validation.points.map { ChartPoint(x: Double($0.step), y: $0.value) }
  LineChart(
    series: [
      ChartSeries(name: "train", points: train),
      ChartSeries(name: "val", points: validation, lineStyle: .dashed),
    ], yLabel: "\(snapshot.spec.loss.shortName) loss", glyphs: glyphs,
    xDomain: 0...Double(max(1, snapshot.step))
  ).render(into: &buffer, area: buffer.bounds)
  print("\(snapshot.spec.title): \(snapshot.dataSummary)")
  print(buffer.text())
  print(state.statusText())
  if let metrics = snapshot.latest?.classification {
    let perClass = zip(metrics.classNames, metrics.classAccuracies)
      .map { "\($0) \(formatLoss($1))" }.joined(separator: ", ")
    print("validation accuracy \(formatLoss(metrics.accuracy)); per class: \(perClass)")
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

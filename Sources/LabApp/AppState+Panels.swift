import Foundation
import LabCharts
import LabScenario

extension AppState {
  /// The scenario list, grouped under a heading per loss, scrolled so the
  /// highlighted entry is visible.
  func renderScenarios(into buffer: inout CellBuffer, area: Rect) {
    let styles = frameStyle(for: .scenarios)
    buffer.drawFrame(area, title: Focus.scenarios.title, glyphs: glyphs, style: styles.frame,
      titleStyle: styles.title)
    let inner = area.inset(by: 1)
    guard !inner.isEmpty else { return }
    var rows: [(text: String, style: CellStyle, index: Int?)] = []
    var group: LossKind?
    for (index, spec) in catalog.enumerated() {
      if spec.loss != group {
        group = spec.loss
        rows.append((spec.loss.title, .bold, nil))
      }
      let isSelected = index == selected
      let isOpen = index == openIndex
      let marker = isSelected ? String(glyphs.selection) : " "
      var style = isOpen ? CellStyle(foreground: .green) : CellStyle.plain
      if isSelected { style.isReverse = focus == .scenarios }
      rows.append(("\(marker) \(spec.title)", style, index))
    }
    let selectedRow = rows.firstIndex { $0.index == selected } ?? 0
    let first = max(0, min(selectedRow - inner.height / 2, rows.count - inner.height))
    for (offset, row) in rows.dropFirst(first).prefix(inner.height).enumerated() {
      let line = row.text.padding(toLength: inner.width, withPad: " ", startingAt: 0)
      buffer.write(line, x: inner.x, y: inner.y + offset, style: row.style, clip: inner)
    }
  }

  /// The editable parameters with their values; pending values are marked.
  func renderParameters(into buffer: inout CellBuffer, area: Rect) {
    let styles = frameStyle(for: .parameters)
    buffer.drawFrame(area, title: Focus.parameters.title, glyphs: glyphs, style: styles.frame,
      titleStyle: styles.title)
    let inner = area.inset(by: 1)
    guard !inner.isEmpty else { return }
    guard let draft else {
      buffer.write("open a scenario (Enter)", x: inner.x, y: inner.y, style: .dim, clip: inner)
      return
    }
    let labelWidth = 14
    // Scrolled so the highlighted parameter is visible, as the scenario list is.
    let parameters = visibleParameters
    let selectedIndex = parameterIndex
    let first = max(0, min(selectedIndex - inner.height / 2, parameters.count - inner.height))
    for (offset, parameter) in parameters.enumerated().dropFirst(first)
    where offset - first < inner.height {
      let isSelected = offset == selectedIndex
      let y = inner.y + offset - first
      var value = parameter.value(in: draft)
      if parameter == .optimizer { value = draft.optimizer.kind.title }
      if parameter == .classWeights, case .explicit = draft.lossOptions.classWeights {
        value = "per class"
      }
      if isSelected, let editingText {
        // Show the end of long input, where the cursor is.
        let room = max(1, inner.width - labelWidth - 2)
        value = String((editingText + "_").suffix(room))
      }
      let isPending = pendingSpec != nil && spec.map { parameter.value(in: $0) }
        != parameter.value(in: draft)
      let marker = isSelected ? String(glyphs.selection) : " "
      let label = "\(marker)\(parameter.label)".padding(
        toLength: labelWidth, withPad: " ", startingAt: 0)
      var labelStyle = CellStyle.plain
      if isSelected && focus == .parameters { labelStyle.isReverse = true }
      let next = buffer.write(label, x: inner.x, y: y, style: labelStyle, clip: inner)
      let valueStyle = isPending ? CellStyle(foreground: .yellow, isBold: true) : CellStyle.bold
      let after = buffer.write(" " + value, x: next, y: y, style: valueStyle, clip: inner)
      if isPending { buffer.write(" *", x: after, y: y, style: valueStyle, clip: inner) }
    }
  }

  /// The message row: the latest message, or a hint for the focused panel.
  func renderMessage(into buffer: inout CellBuffer, row: Rect) {
    if let message {
      let style = message.isError ? CellStyle(foreground: .red, isBold: true) : .plain
      buffer.write(" " + message.text, x: row.x, y: row.y, style: style, clip: row)
      return
    }
    let hint: String
    switch focus {
    case .scenarios: hint = "↑↓ choose  Enter open  space run/pause  s step  Tab parameters"
    case .parameters: hint = "↑↓ choose  ←→ change  Enter type a value  r reset  Tab chart"
    case .chart: hint = "l log axis  space run/pause  s step  r reset  Tab scenarios"
    }
    let text = glyphs.isUnicode ? hint : hint.replacingOccurrences(of: "↑↓", with: "up/down")
      .replacingOccurrences(of: "←→", with: "left/right")
    buffer.write(" " + text, x: row.x, y: row.y, style: .dim, clip: row)
  }

  /// The status line: step, speed, latest losses and the task's metric.
  func renderStatus(into buffer: inout CellBuffer, row: Rect) {
    buffer.fill(row, with: Cell(" ", style: .reverse))
    // Whole fields only: a number cut short ("SSIM 0") would read as a value.
    let separator = "  \(glyphs.bullet)  "
    var text = ""
    for part in statusParts() {
      let candidate = text.isEmpty ? part : text + separator + part
      if candidate.count + 1 <= row.width { text = candidate }
    }
    buffer.write(" " + text, x: row.x, y: row.y, style: .reverse, clip: row)
  }

  /// The status line's text, also printed by headless commands.
  public func statusText() -> String {
    statusParts().joined(separator: "  \(glyphs.bullet)  ")
  }

  /// Returns the fields of the status line, most important first.
  func statusParts() -> [String] {
    guard let run else {
      return [spec == nil ? "no scenario open" : (failure == nil ? "starting" : "cannot start")]
    }
    var parts = ["step \(run.step)/\(run.spec.training.stepCount)"]
    if let step = run.divergedAt {
      parts.append("diverged at step \(step)")
    } else if run.isFinished {
      parts.append("finished")
    } else {
      parts.append(isRunning ? "running" : "paused")
    }
    if isRunning, let rate = run.stepsPerSecond { parts.append("\(Int(rate.rounded())) steps/s") }
    if let latest = run.latest {
      parts.append("train \(formatLoss(latest.trainLoss))")
      parts.append("val \(formatLoss(latest.validationLoss))")
      parts += taskStatus(latest)
    }
    return parts
  }
}

extension AppState {
  /// Returns the task's metric for the status line: RMSE beside the mean's, accuracy,
  /// or recall@1 and mAP.
  func taskStatus(_ latest: Evaluation) -> [String] {
    if let metrics = latest.classification {
      return ["accuracy \(formatLoss(metrics.accuracy))"]
    }
    if let metrics = latest.embedding {
      return [
        "R@1 \(formatLoss(metrics.recallAt1))",
        "mAP \(formatLoss(metrics.meanAveragePrecision))",
      ]
    }
    if let image = latest.image { return imageStatus(image) }
    var parts = ["RMSE \(formatLoss(latest.rmse)) (mean \(formatLoss(latest.baselineRMSE)))"]
    if latest.persistenceRMSE.isFinite {
      parts.append("last value \(formatLoss(latest.persistenceRMSE))")
    }
    return parts
  }
}

/// Formats a loss or metric with 4 significant digits.
public func formatLoss(_ value: Double) -> String {
  guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "inf" : "-inf") }
  return String(format: "%.4g", value)
}

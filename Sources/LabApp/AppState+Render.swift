import Foundation
import LabCharts
import LabScenario

extension AppState {
  /// The smallest screen the lab draws on.
  public static let minimumSize = (width: 80, height: 24)

  /// Draws the whole screen for a terminal of `width`×`height` cells. Any size
  /// works: below the minimum, the screen shows both sizes instead.
  public func render(width: Int, height: Int) -> CellBuffer {
    if screen != .training { return renderSideScreen(width: width, height: height) }
    var buffer = CellBuffer(width: width, height: height)
    guard width >= Self.minimumSize.width, height >= Self.minimumSize.height else {
      renderTooSmall(into: &buffer, minimum: Self.minimumSize)
      return buffer
    }
    let (title, rest) = buffer.bounds.splitTop(1)
    let body = Rect(x: rest.x, y: rest.y, width: rest.width, height: rest.height - 2)
    renderTitle(into: &buffer, row: title)
    if isPresenting {
      renderPresentation(into: &buffer, area: body)
      return buffer
    }
    let leftWidth = min(34, max(28, width / 4))
    let (left, right) = body.splitLeft(leftWidth)
    // The parameter panel scrolls, so the scenario list keeps two fifths of the column.
    let parameterHeight = min(
      visibleParameters.count + 2, left.height - left.height * 2 / 5)
    let (scenarioArea, parameterArea) = left.splitTop(left.height - parameterHeight)
    renderScenarios(into: &buffer, area: scenarioArea)
    renderParameters(into: &buffer, area: parameterArea)
    let infoHeight = height >= 30 ? 6 : 0
    let (plotArea, infoArea) = right.splitTop(right.height - infoHeight)
    let taskWidth = taskViewWidth(for: plotArea.width)
    let (chartArea, taskArea) = plotArea.splitLeft(plotArea.width - taskWidth)
    renderChart(into: &buffer, area: chartArea)
    if !taskArea.isEmpty { renderTaskView(into: &buffer, area: taskArea) }
    if infoHeight > 0 { renderInfo(into: &buffer, area: infoArea) }
    renderLessonPause(into: &buffer, area: plotArea)
    renderMessage(into: &buffer, row: Rect(x: 0, y: height - 2, width: width, height: 1))
    renderStatus(into: &buffer, row: Rect(x: 0, y: height - 1, width: width, height: 1))
    if isHelpVisible { renderHelp(into: &buffer) }
    return buffer
  }

  /// Gives the loss chart and the task view the whole body, side by side,
  /// with the message and status rows below.
  private func renderPresentation(into buffer: inout CellBuffer, area: Rect) {
    let taskWidth = run == nil ? 0 : min(area.width / 2, taskViewWidth(for: area.width))
    let (chartArea, taskArea) = area.splitLeft(area.width - taskWidth)
    renderChart(into: &buffer, area: chartArea)
    if !taskArea.isEmpty { renderTaskView(into: &buffer, area: taskArea) }
    renderLessonPause(into: &buffer, area: area)
    let width = buffer.width
    renderMessage(into: &buffer, row: Rect(x: 0, y: buffer.height - 2, width: width, height: 1))
    renderStatus(into: &buffer, row: Rect(x: 0, y: buffer.height - 1, width: width, height: 1))
    if isHelpVisible { renderHelp(into: &buffer) }
  }

  func renderTooSmall(into buffer: inout CellBuffer, minimum: (width: Int, height: Int)) {
    let lines = [
      "terminal too small",
      "need \(minimum.width)×\(minimum.height)",
      "have \(buffer.width)×\(buffer.height)",
      "enlarge it or press q",
    ].map { glyphs.isUnicode ? $0 : $0.replacingOccurrences(of: "×", with: "x") }
    let top = max(0, (buffer.height - lines.count) / 2)
    for (offset, line) in lines.enumerated() {
      let column = max(0, (buffer.width - line.count) / 2)
      buffer.write(line, x: column, y: top + offset, style: offset == 0 ? .bold : .plain)
    }
  }

  private func renderTitle(into buffer: inout CellBuffer, row: Rect) {
    buffer.fill(row, with: Cell(" ", style: .reverse))
    var title = " LossLab"
    if let spec { title += "  \(glyphs.bullet)  \(spec.title) (\(spec.loss.rawValue))" }
    let keys = "a models  e losses  ? help  q quit "
    // The title stops two columns short of the key hints, so the two never run together.
    let titleRoom = Rect(
      x: row.x, y: row.y, width: max(0, row.width - keys.count - 2), height: row.height)
    buffer.write(title, x: row.x, y: row.y, style: CellStyle(isBold: true, isReverse: true),
      clip: titleRoom)
    buffer.write(keys, x: row.maxX - keys.count, y: row.y, style: .reverse, clip: row)
  }

  func frameStyle(for panel: Focus) -> (frame: CellStyle, title: CellStyle) {
    let isFocused = focus == panel && !isHelpVisible
    return (
      isFocused ? CellStyle(foreground: .cyan) : .dim,
      isFocused ? CellStyle(foreground: .cyan, isBold: true, isReverse: true) : .bold
    )
  }

  private func renderChart(into buffer: inout CellBuffer, area: Rect) {
    let styles = frameStyle(for: .chart)
    buffer.drawFrame(area, title: Focus.chart.title, glyphs: glyphs, style: styles.frame,
      titleStyle: styles.title)
    let inner = area.inset(by: 1)
    if let failure {
      let lines = wrap("cannot start: \(failure)", width: inner.width - 2)
      for (offset, line) in lines.prefix(max(0, inner.height - 1)).enumerated() {
        buffer.write(line, x: inner.x + 1, y: inner.y + 1 + offset,
          style: CellStyle(foreground: .red, isBold: true), clip: inner)
      }
      return
    }
    guard let run else {
      let hint = catalog.isEmpty ? "no scenarios found" : "press Enter to open the selected scenario"
      let chart = LineChart(glyphs: glyphs, emptyMessage: hint)
      chart.render(into: &buffer, area: inner)
      return
    }
    let runs = comparedRuns + [run]
    let metric = chartsMetric ? run.spec.task.metric : nil
    let series = comparedRuns.isEmpty
      ? singleRunSeries(run, metric: metric) : Self.comparisonSeries(runs, metric: metric)
    let steps = runs.map(\.spec.training.stepCount).max() ?? 1
    let singleLabel = metric.map { "val \($0.chartName)" } ?? "\(run.spec.loss.shortName) loss"
    let chart = LineChart(
      series: series, yScale: isLogScale ? .logarithmic : .linear, xLabel: "step",
      yLabel: comparedRuns.isEmpty
        ? singleLabel : Self.comparisonAxisLabel(runs.map(\.spec), metric: metric),
      glyphs: glyphs, xDomain: 0...Double(max(1, steps)))
    chart.render(into: &buffer, area: inner)
  }

  /// Returns the train and validation loss curves of one run, or its
  /// validation `metric` curve.
  private func singleRunSeries(_ run: RunSnapshot, metric: Quantity?) -> [ChartSeries] {
    func points(_ series: HistorySeries) -> [ChartPoint] {
      series.points.map { ChartPoint(x: Double($0.step), y: $0.value) }
    }
    if let metric {
      return [ChartSeries(name: "val \(metric.chartName)", points: points(run.metric),
        style: CellStyle(foreground: .yellow))]
    }
    return [
      ChartSeries(name: "train", points: points(run.train), style: CellStyle(foreground: .green)),
      ChartSeries(name: "val", points: points(run.validation),
        style: CellStyle(foreground: .yellow), lineStyle: .dashed),
    ]
  }

  private func renderInfo(into buffer: inout CellBuffer, area: Rect) {
    buffer.drawFrame(area, title: "About", glyphs: glyphs, style: .dim, titleStyle: .bold)
    let inner = area.inset(by: 1).inset(by: 0)
    let shown = spec ?? (catalog.indices.contains(selected) ? catalog[selected] : nil)
    guard let shown else { return }
    var lines: [(String, CellStyle)] = []
    if let run { lines.append((run.dataSummary, .dim)) }
    let text = shown.description.isEmpty ? shown.title : shown.description
    lines += wrap(text, width: inner.width - 2).map { ($0, .plain) }
    for (offset, line) in lines.prefix(inner.height).enumerated() {
      buffer.write(line.0, x: inner.x + 1, y: inner.y + offset, style: line.1, clip: inner)
    }
  }
}

/// Splits `text` into lines of at most `width` characters at spaces.
func wrap(_ text: String, width: Int) -> [String] {
  guard width > 0 else { return [] }
  var lines: [String] = []
  var current = ""
  for word in text.split(separator: " ") {
    if current.isEmpty {
      current = String(word)
    } else if current.count + 1 + word.count <= width {
      current += " " + word
    } else {
      lines.append(current)
      current = String(word)
    }
    while current.count > width {
      lines.append(String(current.prefix(width)))
      current = String(current.dropFirst(width))
    }
  }
  if !current.isEmpty { lines.append(current) }
  return lines
}

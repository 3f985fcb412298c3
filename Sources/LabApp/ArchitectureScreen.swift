import LabCharts
import LabModels

extension AppState {
  /// The width of the left column on wide screens, which fits the stage table.
  static let architectureTableWidth = 64

  /// Draws the architecture screen: the stage table of VGG-16 and VGG-19, the
  /// totals of every compared model, the explanation and, on screens at least
  /// 100×28, the per-stage bar chart and the timing.
  func renderArchitecture(into buffer: inout CellBuffer, body: Rect) {
    let state = architecture
    let unit = glyphs.isUnicode ? "×" : "x"
    renderScreenTitle(into: &buffer,
      title: "Architectures  input \(state.inputSide)\(unit)\(state.inputSide)  "
        + "batch \(state.batchSize)",
      keys: "a back  ? help  q quit")
    let accounts = state.accounts()
    let isWide = body.width >= 100 && body.height >= 25
    let columns = body.splitLeft(isWide ? Self.architectureTableWidth : body.width)

    let stageHeight = min(11, columns.left.height)
    let (stageArea, belowStages) = columns.left.splitTop(stageHeight)
    renderStageTable(into: &buffer, area: stageArea, accounts: accounts)
    let totalsHeight = min(belowStages.height, accounts.count + 6)
    let (totalsArea, notesArea) = belowStages.splitTop(totalsHeight)
    renderTotals(into: &buffer, area: totalsArea, accounts: accounts)
    if notesArea.height >= 4 { renderNotes(into: &buffer, area: notesArea) }

    guard isWide else { return }
    let (chartArea, timingArea) = columns.rest.splitTop(columns.rest.height - 3)
    renderStageChart(into: &buffer, area: chartArea, accounts: accounts)
    renderTiming(into: &buffer, area: timingArea)
  }

  /// VGG-16 and VGG-19 stage by stage: convolutions, channels, output size,
  /// parameters and MACs, then the totals.
  private func renderStageTable(
    into buffer: inout CellBuffer, area: Rect, accounts: [ModelAccount]
  ) {
    buffer.drawFrame(area, title: "VGG-16 vs VGG-19 by stage", glyphs: glyphs, style: .dim,
      titleStyle: .bold)
    guard accounts.count >= 2 else { return }
    let (vgg16, vgg19) = (accounts[0], accounts[1])
    let compact = NumberText.compact
    var rows: [[String]] = []
    for (left, right) in zip(vgg16.stages, vgg19.stages) {
      let output = left.output
      rows.append([
        left.name, "\(left.convolutionCount)/\(right.convolutionCount)",
        output.count == 4 ? String(output[1]) : "-",
        screenText(output.count == 4 ? "\(output[2])×\(output[3])" : String(output.last!)),
        compact(Double(left.parameterCount)), compact(Double(right.parameterCount)),
        compact(Double(left.macs)), compact(Double(right.macs)),
      ])
    }
    let convolutions = { (account: ModelAccount) in
      account.stages.reduce(0) { $0 + $1.convolutionCount }
    }
    rows.append([
      "total", "\(convolutions(vgg16))/\(convolutions(vgg19))", "", "",
      compact(Double(vgg16.parameterCount)), compact(Double(vgg19.parameterCount)),
      compact(Double(vgg16.macs)), compact(Double(vgg19.macs)),
    ])
    let table = Table(
      columns: [
        TableColumn("stage"), TableColumn("conv", alignment: .right),
        TableColumn("ch", alignment: .right), TableColumn("output", alignment: .right),
        TableColumn("params16", alignment: .right), TableColumn("params19", alignment: .right),
        TableColumn("MACs16", alignment: .right), TableColumn("MACs19", alignment: .right),
      ],
      rows: rows, columnSpacing: 1)
    table.draw(into: &buffer, in: area.inset(by: 1).insetLeft(1), glyphs: glyphs)
  }

  /// Draws every compared model: parameters with the feature and classifier split,
  /// MACs, activation memory and top-1 accuracy, then the model chooser and
  /// the accuracy source.
  private func renderTotals(
    into buffer: inout CellBuffer, area: Rect, accounts: [ModelAccount]
  ) {
    buffer.drawFrame(area, title: "Totals", glyphs: glyphs, style: .dim, titleStyle: .bold)
    let inner = area.inset(by: 1)
    let rows = accounts.map { account -> [String] in
      [
        ArchitectureNotes.displayName(account.model),
        NumberText.grouped(account.parameterCount),
        NumberText.compact(Double(account.parameterCount(in: .features))),
        NumberText.compact(Double(account.parameterCount(in: .classifier))),
        NumberText.compact(Double(account.macs)),
        NumberText.compact(Double(account.activationBytes)) + "B",
        ArchitectureNotes.topOneAccuracy[account.model].map {
          NumberText.grouped($0, fractionDigits: 3)
        } ?? "-",
      ]
    }
    let table = Table(
      columns: [
        TableColumn("model", minimumWidth: 9),
        TableColumn("params", alignment: .right, minimumWidth: 11),
        TableColumn("features", alignment: .right),
        TableColumn("classifier", alignment: .right), TableColumn("MACs", alignment: .right),
        TableColumn("memory", alignment: .right), TableColumn("top-1 %", alignment: .right),
      ],
      rows: rows, columnSpacing: 1)
    // The chooser and the source come after the rows, when all rows fit.
    let footerHeight = inner.height >= rows.count + 4 ? 2 : 0
    let (tableArea, footer) = inner.splitTop(inner.height - footerHeight)
    table.draw(into: &buffer, in: tableArea, glyphs: glyphs)
    let candidate = architecture.candidate
    let action = architecture.addedModels.contains(candidate) ? "remove" : "add"
    writeLines([
      ("\(glyphs.selection) ↑↓ \(candidate): Enter to \(action)  \(glyphs.bullet)  memory: "
        + "Float32 outputs", .plain),
      ("top-1: " + ArchitectureNotes.accuracySource, .dim),
    ], into: &buffer, area: footer)
  }

  /// Draws the explanation of the differences, wrapped to the frame.
  private func renderNotes(into buffer: inout CellBuffer, area: Rect) {
    buffer.drawFrame(area, title: "Why they differ", glyphs: glyphs, style: .dim,
      titleStyle: .bold)
    let inner = area.inset(by: 1).insetLeft(1)
    var lines: [(text: String, style: CellStyle)] = []
    for paragraph in ArchitectureNotes.explanation(for: architecture) {
      lines += wrap(screenText(paragraph), width: inner.width - 1).map { ($0, .plain) }
    }
    writeLines(lines, into: &buffer, area: inner)
  }

  /// Bars of the chosen metric per stage and model, or of the measured time
  /// per model.
  private func renderStageChart(
    into buffer: inout CellBuffer, area: Rect, accounts: [ModelAccount]
  ) {
    let metric = architecture.metric
    buffer.drawFrame(area, title: screenText(metric.title), glyphs: glyphs, style: .dim,
      titleStyle: .bold)
    let inner = area.inset(by: 1)
    let styles: [CellColor] = [.cyan, .yellow, .green, .magenta, .blue, .red, .white]
    var chart: BarChart
    if metric == .time {
      let times = architecture.timing.milliseconds
      let measured = accounts.map(\.model).filter { times[$0] != nil }
      chart = BarChart(
        categories: measured.map(ArchitectureNotes.displayName),
        series: [BarSeries(name: "ms", values: measured.map { times[$0]! },
          style: CellStyle(foreground: .cyan))],
        formatValue: Self.formatMilliseconds)
    } else {
      let hasResNet = accounts.contains { $0.model.hasPrefix("resnet") }
      let categories = hasResNet
        ? ["1/stem", "2/layer1", "3/layer2", "4/layer3", "5/layer4", "fc/head"]
        : ["conv1", "conv2", "conv3", "conv4", "conv5", "fc"]
      var series: [BarSeries] = []
      for (index, account) in accounts.enumerated() {
        let values = account.stages.map { stageValue($0, metric: metric) }
        series.append(BarSeries(name: ArchitectureNotes.displayName(account.model),
          values: values, style: CellStyle(foreground: styles[index % styles.count])))
      }
      chart = BarChart(categories: categories, series: series)
      if metric == .activations { chart.formatValue = Self.formatBytes }
    }
    chart.draw(into: &buffer, in: inner, glyphs: glyphs)
    if metric == .time && chart.categories.isEmpty {
      buffer.fill(inner)
      buffer.write(screenText("no timings yet: t measures each model"), x: inner.x,
        y: inner.y, style: .dim, clip: inner)
    }
  }

  @Sendable static func formatBytes(_ value: Double) -> String {
    NumberText.compact(value) + "B"
  }

  @Sendable static func formatMilliseconds(_ value: Double) -> String {
    NumberText.compact(value) + " ms"
  }

  private func stageValue(_ stage: StageAccount, metric: ArchitectureMetric) -> Double {
    switch metric {
    case .parameters: return Double(stage.parameterCount)
    case .macs: return Double(stage.macs)
    case .activations: return Double(stage.activationBytes)
    case .time: return .nan
    }
  }

  /// Draws the timing frame: what `t` does, the progress bar while running, or the
  /// outcome of the last run.
  private func renderTiming(into buffer: inout CellBuffer, area: Rect) {
    buffer.drawFrame(area, title: "Forward time", glyphs: glyphs, style: .dim,
      titleStyle: .bold)
    let inner = area.inset(by: 1).insetLeft(1)
    let timing = architecture.timing
    let unit = glyphs.isUnicode ? "×" : "x"
    let sizes = timing.request.map {
      "\($0.inputSide)\(unit)\($0.inputSide), batch \($0.batchSize)"
    } ?? ""
    let line: (String, CellStyle)
    switch timing.phase {
    case .running:
      let bar = ProgressBar(fraction: timing.progress,
        label: timing.currentModel ?? "starting", style: CellStyle(foreground: .cyan))
      bar.draw(into: &buffer, in: inner, glyphs: glyphs)
      return
    case .idle:
      line = architecture.isTimingAvailable
        ? ("t times one forward pass per model", .dim)
        : ("no forward pass in this build yet", .dim)
    case .finished: line = ("measured at \(sizes); m shows it", .plain)
    case .cancelled:
      line = ("cancelled after \(timing.milliseconds.count) of "
        + "\(timing.request?.models.count ?? 0) models", .plain)
    case .failed(let reason): line = ("failed: \(reason)", CellStyle(foreground: .red))
    }
    writeLines([line], into: &buffer, area: inner)
  }

  /// Returns the architecture screen's status text: both totals and what they count.
  func architectureStatusText() -> String {
    let accounts = architecture.accounts()
    let separator = "  \(glyphs.bullet)  "
    var parts = accounts.prefix(2).map {
      "\(ArchitectureNotes.displayName($0.model)) \(NumberText.grouped($0.parameterCount)) "
        + "params, \(NumberText.compact(Double($0.macs))) MACs"
    }
    parts.append("MACs: conv + linear")
    return parts.joined(separator: separator)
  }
}

extension Rect {
  /// Returns the rectangle without its first `columns` columns.
  func insetLeft(_ columns: Int) -> Rect {
    Rect(x: x + columns, y: y, width: width - columns, height: height)
  }
}

import LabCharts

extension AppState {
  /// The widest page text column, so lines stay readable on wide terminals.
  static let explainerTextWidth = 64

  /// Draws the page of `explainer.page`: its text on the left and the plot with
  /// the options on the right, or the text above the plot when narrower than 96.
  func renderExplainer(into buffer: inout CellBuffer, body: Rect) {
    let page = explainer.page
    let all = ExplainedLoss.allCases
    let number = all.firstIndex(of: page)! + 1
    renderScreenTitle(into: &buffer,
      title: "Loss explainer  \(number)/\(all.count)  \(page.rawValue)",
      keys: "←→ page  e back  ? help  q quit")

    let isWide = body.width >= 96
    let textArea: Rect
    let plotArea: Rect
    if isWide {
      let split = body.splitLeft(min(Self.explainerTextWidth + 2, body.width / 2))
      (textArea, plotArea) = (split.left, split.rest)
    } else {
      let plotHeight = min(body.height >= 28 ? 12 : 9, body.height / 2 + 1)
      let split = body.splitTop(body.height - plotHeight)
      (textArea, plotArea) = (split.top, split.rest)
    }
    renderPageText(into: &buffer, area: textArea)
    renderLossPlot(into: &buffer, area: plotArea, isCompact: !isWide)
  }

  /// Draws the formula, gradient, uses and pitfalls, wrapped to the frame and
  /// scrolled by `explainer.textOffset`.
  private func renderPageText(into buffer: inout CellBuffer, area: Rect) {
    buffer.drawFrame(area, title: screenText(explainer.page.page.title), glyphs: glyphs,
      style: .dim, titleStyle: .bold)
    let inner = area.inset(by: 1).insetLeft(1)
    let lines = pageTextLines(width: inner.width)
    let lastOffset = max(0, lines.count - inner.height)
    let offset = min(explainer.textOffset, lastOffset)
    writeLines(Array(lines.dropFirst(offset)), into: &buffer, area: inner)
    let marks = [offset > 0 ? "PgUp" : nil, offset < lastOffset ? "PgDn more" : nil]
      .compactMap { $0 }.joined(separator: "  ")
    if !marks.isEmpty {
      let text = " \(marks) "
      buffer.write(text, x: area.maxX - 1 - text.count, y: area.maxY - 1, style: .bold,
        clip: area)
    }
  }

  /// Returns the page text as lines of at most `width` cells where words allow.
  /// Wrapping follows the ASCII spelling, which can be longer than the symbols.
  func pageTextLines(width: Int) -> [(text: String, style: CellStyle)] {
    let page = explainer.page.page
    func indented(_ text: String, first: String, rest: String, style: CellStyle)
      -> [(text: String, style: CellStyle)]
    {
      let spelled = screenText(text)
      let room = width - first.count
      if spelled.unicodeScalars.count <= room { return [(first + spelled, style)] }
      return wrap(spelled, width: room).enumerated().map {
        (($0.offset == 0 ? first : rest) + $0.element, style)
      }
    }

    let formulaStyle = CellStyle(foreground: .cyan)
    var lines: [(text: String, style: CellStyle)] = [("Formula", .bold)]
    for line in page.formula {
      lines += indented(line, first: "  ", rest: "    ", style: formulaStyle)
    }
    lines.append(("Gradient", .bold))
    for line in page.gradient {
      lines += indented(line, first: "  ", rest: "    ", style: formulaStyle)
    }
    lines.append(("Used for", .bold))
    lines += indented(page.usedFor, first: "  ", rest: "  ", style: .plain)
    lines.append(("Pitfalls", .bold))
    for pitfall in page.pitfalls {
      lines += indented(pitfall, first: "  \(glyphs.bullet) ", rest: "    ", style: .plain)
    }
    return lines
  }

  /// Draws the option rows and a line chart of the loss and its gradient.
  /// A compact plot lists only the highlighted option.
  private func renderLossPlot(into buffer: inout CellBuffer, area: Rect, isCompact: Bool) {
    buffer.drawFrame(area, title: "Loss and gradient", glyphs: glyphs, style: .dim,
      titleStyle: .bold)
    let inner = area.inset(by: 1)
    let options = explainer.pageOptions
    var optionLines: [(text: String, style: CellStyle)] = []
    for (index, option) in options.enumerated()
    where !isCompact || index == explainer.optionIndex {
      let isSelected = index == explainer.optionIndex
      let marker = isSelected ? String(glyphs.selection) : " "
      let text = "\(marker) \(option.name) = \(formatOption(option.value))  (\(option.meaning))"
      optionLines.append((text, isSelected ? CellStyle(isBold: true, isReverse: true) : .plain))
    }
    if options.isEmpty && explainer.page != .perceptual {
      optionLines.append(("no options: the plot uses target y = 0", .dim))
    }
    let used = writeLines(optionLines, into: &buffer, area: inner)
    let chartArea = inner.splitTop(used + (used > 0 && !isCompact ? 1 : 0)).rest

    guard let curve = explainer.page.curve(options: options) else {
      let note = "These losses compare VGG features of whole images, so no curve over one "
        + "prediction shows them: the VGG perceptual scenarios train with them, and losslab "
        + "loss evaluates gram_style and total_variation."
      writeLines(wrap(note, width: chartArea.width - 1).map { ($0, CellStyle.dim) },
        into: &buffer, area: chartArea)
      return
    }
    let loss = zip(curve.xs, curve.losses).map { ChartPoint(x: $0, y: $1) }
    let gradient = zip(curve.xs, curve.gradients).map { ChartPoint(x: $0, y: $1) }
    let chart = LineChart(
      series: [
        ChartSeries(name: screenText("loss ℓ"), points: loss,
          style: CellStyle(foreground: .green)),
        ChartSeries(name: screenText(curve.gradientName), points: gradient,
          style: CellStyle(foreground: .yellow), lineStyle: .dashed),
      ],
      xLabel: screenText(curve.xLabel), yLabel: screenText("ℓ and gradient"), glyphs: glyphs)
    chart.render(into: &buffer, area: chartArea)
  }

  /// Returns the explainer's status text: the loss, its page and its option values.
  func explainerStatusText() -> String {
    let page = explainer.page
    let separator = "  \(glyphs.bullet)  "
    var parts = [page.rawValue]
    parts += explainer.pageOptions.map { "\($0.name) \(formatOption($0.value))" }
    parts.append(page == .perceptual ? "text only"
      : "plot: LabNN \(page.rawValue), reduction none, and ∂ of the sum")
    return parts.joined(separator: separator)
  }
}

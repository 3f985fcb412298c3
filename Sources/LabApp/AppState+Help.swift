import LabCharts

extension AppState {
  /// Every key of the lab and what it does, as the help screen lists them.
  public static let keyHelp: [(keys: String, action: String)] = [
    ("↑ ↓  k j", "move in the focused panel"),
    ("Tab  Shift-Tab", "move focus: scenarios, parameters, chart"),
    ("Enter", "open the selected scenario; in parameters, type a value"),
    ("space", "run or pause training"),
    ("s", "advance one step"),
    ("r", "reset the run (applies data and model changes)"),
    ("c", "keep this run, start one with the current parameters"),
    ("w", "write the current parameters as a new scenario file"),
    ("← →  - +", "change the selected parameter"),
    ("l", "toggle a logarithmic loss axis"),
    ("m", "chart the validation metric (accuracy, PSNR) or the loss"),
    ("L", "lesson: run the script, stopping at each pause"),
    ("p", "presentation: the chart and task view fill the screen"),
    ("a", "architectures: VGG-16 against VGG-19 and others"),
    ("e", "loss explainer: formula, gradient, pitfalls, plot"),
    ("Esc", "cancel typing; clear the message"),
    ("?", "show or hide this help"),
    ("q", "quit"),
  ]

  func renderHelp(into buffer: inout CellBuffer) {
    let width = min(buffer.width - 2, 78)
    let entries = activeKeyHelp
    let height = min(buffer.height - 2, entries.count + 5)
    let area = Rect(
      x: (buffer.width - width) / 2, y: (buffer.height - height) / 2, width: width,
      height: height)
    buffer.fill(area)
    buffer.drawFrame(area, title: "Keys", glyphs: glyphs, style: .bold, titleStyle: .reverse)
    let inner = area.inset(by: 1)
    for (offset, entry) in entries.enumerated() where offset < inner.height - 2 {
      var keys = entry.keys
      if !glyphs.isUnicode {
        keys = keys.replacingOccurrences(of: "↑ ↓", with: "up down")
          .replacingOccurrences(of: "← →", with: "left right")
      }
      let column = buffer.write(" " + keys, x: inner.x, y: inner.y + offset, style: .bold,
        clip: inner)
      buffer.write(entry.action, x: max(column + 1, inner.x + 18), y: inner.y + offset,
        clip: inner)
    }
    buffer.write(" press any key to close", x: inner.x, y: inner.maxY - 1, style: .dim,
      clip: inner)
  }
}

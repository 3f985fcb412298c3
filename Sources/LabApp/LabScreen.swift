import LabCharts

/// The full screens of the lab: training, the architecture comparison and the
/// loss explainer pages.
public enum LabScreen: String, Sendable, CaseIterable {
  case training, architecture, explainer
}

extension AppState {
  /// The smallest terminal the architecture and explainer screens draw on; they
  /// drop panels down to this size, below which they show both sizes instead.
  public static let compactMinimumSize = (width: 60, height: 20)

  /// Switches to `target`, or back to training when `target` is already shown.
  mutating func toggleScreen(_ target: LabScreen) {
    screen = screen == target ? .training : target
    message = nil
  }

  /// Draws the architecture or explainer screen, whichever is shown.
  func renderSideScreen(width: Int, height: Int) -> CellBuffer {
    var buffer = CellBuffer(width: width, height: height)
    guard width >= Self.compactMinimumSize.width, height >= Self.compactMinimumSize.height
    else {
      renderTooSmall(into: &buffer, minimum: Self.compactMinimumSize)
      return buffer
    }
    let body = Rect(x: 0, y: 1, width: width, height: height - 3)
    switch screen {
    case .architecture: renderArchitecture(into: &buffer, body: body)
    case .explainer: renderExplainer(into: &buffer, body: body)
    case .training: break
    }
    renderSideMessage(into: &buffer, row: Rect(x: 0, y: height - 2, width: width, height: 1))
    let status = Rect(x: 0, y: height - 1, width: width, height: 1)
    buffer.fill(status, with: Cell(" ", style: .reverse))
    let statusText = screen == .architecture ? architectureStatusText() : explainerStatusText()
    buffer.write(screenText(" " + statusText), x: 0, y: status.y, style: .reverse, clip: status)
    if isHelpVisible { renderHelp(into: &buffer) }
    return buffer
  }

  /// The message row of a side screen: the latest message, or its main keys.
  private func renderSideMessage(into buffer: inout CellBuffer, row: Rect) {
    if let message {
      let style = message.isError ? CellStyle(foreground: .red, isBold: true) : .plain
      buffer.write(screenText(" " + message.text), x: row.x, y: row.y, style: style, clip: row)
      return
    }
    let hint = screen == .architecture
      ? "←→ input size  -+ batch  ↑↓ model  Enter add/remove  m chart  t time  Esc back"
      : "←→ page  ↑↓ option  -+ change  o cycle  e or Esc back  a architectures"
    buffer.write(screenText(" " + hint), x: row.x, y: row.y, style: .dim, clip: row)
  }

  /// The key list of the help overlay for the screen shown.
  var activeKeyHelp: [(keys: String, action: String)] {
    switch screen {
    case .training: return Self.keyHelp
    case .architecture: return Self.architectureKeyHelp
    case .explainer: return Self.explainerKeyHelp
    }
  }

  /// Handles a key on the architecture or explainer screen.
  mutating func updateSideScreen(_ key: Key) {
    switch screen {
    case .architecture: updateArchitecture(key)
    case .explainer: updateExplainer(key)
    case .training: break
    }
  }

  /// Draws the reverse-video title row of a side screen: `title` on the left and
  /// `keys` on the right. Where both do not fit, the program name goes first,
  /// then all keys but help and quit.
  func renderScreenTitle(into buffer: inout CellBuffer, title: String, keys: String) {
    let row = Rect(x: 0, y: 0, width: buffer.width, height: 1)
    buffer.fill(row, with: Cell(" ", style: .reverse))
    var titleText = screenText(" LossLab  \(glyphs.bullet)  " + title)
    var keyText = screenText(keys + " ")
    let fits = { titleText.unicodeScalars.count + 1 + keyText.unicodeScalars.count <= row.width }
    if !fits() { titleText = screenText(" " + title) }
    if !fits() { keyText = "? help  q quit " }
    buffer.write(titleText, x: 0, y: 0, style: CellStyle(isBold: true, isReverse: true),
      clip: row)
    buffer.write(keyText, x: row.maxX - keyText.unicodeScalars.count, y: 0, style: .reverse,
      clip: row)
  }

  /// Writes `lines` from the top of `area`, each clipped, and returns the rows used.
  @discardableResult
  func writeLines(
    _ lines: [(text: String, style: CellStyle)], into buffer: inout CellBuffer, area: Rect
  ) -> Int {
    for (offset, line) in lines.prefix(area.height).enumerated() {
      buffer.write(screenText(line.text), x: area.x, y: area.y + offset, style: line.style,
        clip: area)
    }
    return min(lines.count, area.height)
  }

  /// Returns `text` as the glyph set can show it: unchanged for Unicode, spelled
  /// out in ASCII otherwise.
  func screenText(_ text: String) -> String {
    glyphs.isUnicode ? text : asciiText(text)
  }
}

/// The ASCII spellings of the symbols that screen texts use, longest first
/// where one symbol starts another.
private let asciiSpellings: [(String, String)] = [
  ("↑↓", "up/down"), ("←→", "left/right"), ("↑ ↓", "up down"), ("← →", "left right"),
  ("ℓ", "l"), ("²", "^2"), ("₂", "_2"), ("ₚ", "_p"), ("ₖ", "_k"), ("ₗ", "_l"),
  ("ᵢ", "_i"), ("ⱼ", "_j"),
  ("ᵀ", "^T"), ("−", "-"), ("–", "-"), ("—", "-"), ("½", "1/2"), ("δ", "delta"),
  ("β", "beta"), ("ε", "eps"), ("σ", "sigmoid"), ("Σ", "sum "), ("∂", "d"), ("·", "*"),
  ("‖", "||"), ("≥", ">="), ("≤", "<="), ("≠", "!="), ("×", "x"), ("→", "->"), ("≈", "~"),
  ("φ", "phi"), ("…", "..."), ("•", "*"), ("▶", ">"), ("✓", "+"), ("∈", "in"), ("μ", "u"),
  ("’", "'"),
]

/// Spells out the symbols of `text` in ASCII; any other non-ASCII scalar
/// becomes `?`, so the result is always pure ASCII.
func asciiText(_ text: String) -> String {
  var result = text
  for (symbol, spelling) in asciiSpellings where result.contains(symbol) {
    result = result.replacingOccurrences(of: symbol, with: spelling)
  }
  guard !result.unicodeScalars.allSatisfy(\.isASCII) else { return result }
  return String(String.UnicodeScalarView(result.unicodeScalars.map { $0.isASCII ? $0 : "?" }))
}

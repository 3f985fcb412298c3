import CNcursesw
import LabCharts

extension Terminal {
  /// Draws `buffer` from the top-left corner, clipped to the current size: `werase`,
  /// then `wattr_set`, `wmove` and `waddnwstr` for each run of cells with equal style,
  /// then `wnoutrefresh` and `doupdate`.
  ///
  /// Cells outside the buffer are left blank. Writing the bottom-right cell returns
  /// `ERR` because the cursor cannot advance past it, and only there is `ERR` accepted.
  ///
  /// - Throws: `TerminalError` naming the ncurses function that failed, or when the
  ///   terminal is closed.
  public func draw(_ buffer: CellBuffer) throws(TerminalError) {
    guard isOpen else {
      throw TerminalError(message: "draw was called after the terminal was closed")
    }
    let screenWidth = width
    let screenHeight = height

    try checkCurses(werase(window), "werase")
    for row in 0..<min(buffer.height, screenHeight) {
      for run in buffer.runs(inRow: row, clippedTo: screenWidth) {
        try draw(run, row: row, screenWidth: screenWidth, screenHeight: screenHeight)
      }
    }
    try checkCurses(wattr_set(window, _losslab_a_normal(), 0, nil), "wattr_set")

    try checkCurses(wnoutrefresh(window), "wnoutrefresh")
    try checkCurses(doupdate(), "doupdate")
  }

  private func draw(_ run: CellRun, row: Int, screenWidth: Int, screenHeight: Int)
    throws(TerminalError)
  {
    let (attributes, pair) = attributes(for: run.style)
    // ncurses reads the pair from the int that `opts` points to, so pairs above
    // 32767 work; the short argument is ignored then.
    var extendedPair = pair
    try checkCurses(
      wattr_set(window, attributes, Int16(clamping: pair), &extendedPair), "wattr_set",
      "pair \(pair)")
    try checkCurses(
      wmove(window, Int32(row), Int32(run.column)), "wmove",
      Self.position(of: run, row: row, screenWidth: screenWidth, screenHeight: screenHeight))

    let characters = run.wideCharacters()
    let result = waddnwstr(window, characters, Int32(characters.count))
    let endsAtBottomRight = row == screenHeight - 1 && run.endColumn == screenWidth
    if result == _losslab_err() && endsAtBottomRight { return }
    try checkCurses(
      result, "waddnwstr",
      Self.position(of: run, row: row, screenWidth: screenWidth, screenHeight: screenHeight))
  }

  /// Returns the attributes and pair for `style`: a pair of its 24-bit colours
  /// where the terminal shows them and a pair is free, else its palette pair.
  /// New pairs are defined with `init_extended_pair`.
  func attributes(for style: CellStyle) -> (attributes: attr_t, pair: Int32) {
    let (attributes, palettePair) = palette.attributes(for: style)
    guard let colors = palette.rgbColors(for: style),
      let pair = rgbPairs.pair(
        foreground: colors.foreground, background: colors.background,
        define: { init_extended_pair($0, $1, $2) == OK })
    else { return (attributes, Int32(palettePair)) }
    return (attributes, pair)
  }

  private static func position(of run: CellRun, row: Int, screenWidth: Int, screenHeight: Int)
    -> String
  {
    "row \(row), columns \(run.column)-\(run.endColumn - 1) of a "
      + "\(screenWidth)×\(screenHeight) screen"
  }
}

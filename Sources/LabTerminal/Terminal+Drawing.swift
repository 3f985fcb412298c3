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
    let (attributes, pair) = palette.attributes(for: run.style)
    try checkCurses(wattr_set(window, attributes, pair, nil), "wattr_set", "pair \(pair)")
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

  private static func position(of run: CellRun, row: Int, screenWidth: Int, screenHeight: Int)
    -> String
  {
    "row \(row), columns \(run.column)-\(run.endColumn - 1) of a "
      + "\(screenWidth)×\(screenHeight) screen"
  }
}

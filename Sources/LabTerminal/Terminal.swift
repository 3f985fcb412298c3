import CNcursesw
import Glibc
import LabCharts

/// The full-screen terminal while the lab runs: an ncurses screen on standard output,
/// keyboard input from standard input, and standard error held back until `close()`.
///
/// Only one terminal can be open at a time. Use it from one thread.
public final class Terminal {
  private let screen: OpaquePointer
  let window: UnsafeMutablePointer<WINDOW>
  let palette: TerminalPalette
  /// The pairs of 24-bit colour combinations drawn so far.
  var rgbPairs: ColorPairTable
  private let previousCursorVisibility: Int32
  private let previousCrashActions: [(signal: Int32, action: sigaction)]
  private(set) var isOpen = true

  /// The characters to draw frames and markers with: `.ascii` unless the locale's
  /// codeset is UTF-8 and `TERM` is not `linux`.
  public let glyphs: GlyphSet

  /// Whether cells are drawn in colour: false when `NO_COLOR` is set and not empty,
  /// when the terminal has no colours, or when it has fewer colour pairs than
  /// `CellColor` has cases.
  public let usesColor: Bool

  /// Whether cells with 24-bit colours show them, exactly or as the nearest of
  /// the 256-colour palette. False below 256 colours and when colour is off,
  /// so images should then be drawn as a grey ramp of shade characters.
  public var showsRGBColor: Bool { palette.rgbDepth != .none }

  /// The screen width in columns (`COLS`), updated when `readKey` returns `.resize`.
  public var width: Int { max(0, Int(_losslab_cols())) }

  /// The screen height in rows (`LINES`), updated when `readKey` returns `.resize`.
  public var height: Int { max(0, Int(_losslab_lines())) }

  private init(
    screen: OpaquePointer, window: UnsafeMutablePointer<WINDOW>, palette: TerminalPalette,
    glyphs: GlyphSet, previousCursorVisibility: Int32,
    previousCrashActions: [(signal: Int32, action: sigaction)]
  ) {
    self.screen = screen
    self.window = window
    self.palette = palette
    self.rgbPairs = ColorPairTable(
      firstPair: Int32(TerminalPalette.requiredPairCount),
      pairLimit: palette.colorCount == nil ? 0 : _losslab_color_pairs())
    self.glyphs = glyphs
    self.usesColor = palette.colorCount != nil
    self.previousCursorVisibility = previousCursorVisibility
    self.previousCrashActions = previousCrashActions
  }

  deinit {
    close()
  }

  /// Checks the terminal type before touching the screen, then sets up ncurses with
  /// `newterm`.
  ///
  /// The steps, in order:
  /// 1. reject a second terminal while one is open;
  /// 2. `setlocale`, and the glyph set from the locale's codeset;
  /// 3. the terminal type check (`setupterm`, `tigetstr`, `del_curterm`);
  /// 4. the `isatty` check of standard input and output;
  /// 5. the signal handlers and the capture of standard error;
  /// 6. `newterm`, then the input modes and the colours.
  ///
  /// `newterm` is used rather than `initscr`, which exits the process when it fails.
  /// The type check comes before the `isatty` check, so tests can reach it without a
  /// terminal.
  ///
  /// - Throws: `TerminalError` for an unusable terminal, with a message that suggests
  ///   the headless commands, or naming the ncurses or C function that failed.
  public static func open(options: TerminalOptions = TerminalOptions())
    throws(TerminalError) -> Terminal
  {
    try open(options: options, streams: .standard)
  }

  /// Opens the terminal on `streams`; tests pass a pseudo-terminal here.
  static func open(options: TerminalOptions, streams: TerminalStreams)
    throws(TerminalError) -> Terminal
  {
    // The type check below replaces ncurses's current terminal description, which an
    // open screen still uses, so a second terminal is rejected before it.
    guard !isScreenActive.load(ordering: .sequentiallyConsistent) else {
      throw TerminalError(message: "a terminal is already open; close it before opening another")
    }
    let glyphs = configureLocale(options: options)
    try TerminalRequirements.checkTerminalType(
      options.terminalType, descriptor: fileno(streams.output))
    try TerminalRequirements.checkStandardStreams(
      inputIsTerminal: isatty(fileno(streams.input)) == 1,
      outputIsTerminal: isatty(fileno(streams.output)) == 1)

    TerminalSignals.install()
    if streams.capturesStandardError {
      try StandardErrorCapture.begin(directory: options.environment["TMPDIR"] ?? "/tmp")
    }
    let crashActions = TerminalSignals.installCrashHandlers()

    // The type is not nil here, because checkTerminalType rejects a missing TERM.
    guard let screen = newterm(options.terminalType, streams.output, streams.input) else {
      StandardErrorCapture.end()
      TerminalSignals.restoreCrashHandlers(crashActions)
      throw TerminalError(
        message: "ncurses newterm failed for terminal type '\(options.terminalType ?? "")'; "
          + TerminalError.headlessHint)
    }
    isScreenActive.store(true, ordering: .sequentiallyConsistent)

    var cursorVisibility = _losslab_err()
    do throws(TerminalError) {
      guard let window = _losslab_stdscr() else {
        throw TerminalError(message: "ncurses newterm returned a screen without stdscr")
      }
      cursorVisibility = try configureInput(window: window, options: options)
      let palette = try configureColor(options: options)
      return Terminal(
        screen: screen, window: window, palette: palette, glyphs: glyphs,
        previousCursorVisibility: cursorVisibility, previousCrashActions: crashActions)
    } catch {
      shutDown(screen: screen, cursorVisibility: cursorVisibility, crashActions: crashActions)
      throw error
    }
  }

  /// Restores the terminal with `curs_set` and `endwin`, frees the screen with
  /// `delscreen`, then copies what standard error received to the real standard error.
  /// Calling it again does nothing.
  public func close() {
    guard isOpen else { return }
    isOpen = false
    Self.shutDown(
      screen: screen, cursorVisibility: previousCursorVisibility,
      crashActions: previousCrashActions)
  }

  /// Sets the locale from the environment with `setlocale` and chooses the glyph set
  /// from the codeset that `nl_langinfo` reports.
  ///
  /// `setlocale(LC_ALL, "")` reads the process environment, and `LC_CTYPE` is then set
  /// again from `options`, which is the same unless a caller passed another environment.
  /// If that locale is not installed, `setlocale` fails and the first setting stays.
  private static func configureLocale(options: TerminalOptions) -> GlyphSet {
    _ = setlocale(LC_ALL, "")
    _ = setlocale(LC_CTYPE, options.characterLocaleName ?? "C")
    let codeset = nl_langinfo(nl_item(CODESET)).map { String(cString: $0) } ?? ""
    return options.glyphs(codeset: codeset)
  }

  /// Sets the input modes with `cbreak`, `noecho`, `nonl`, `keypad` and `set_escdelay`,
  /// and hides the cursor with `curs_set`. Returns the previous cursor visibility, or
  /// `ERR` when the terminal cannot hide the cursor, which is not an error.
  ///
  /// `cbreak` rather than `raw` keeps Ctrl-C raising SIGINT.
  private static func configureInput(
    window: UnsafeMutablePointer<WINDOW>, options: TerminalOptions
  ) throws(TerminalError) -> Int32 {
    try checkCurses(cbreak(), "cbreak")
    try checkCurses(noecho(), "noecho")
    try checkCurses(nonl(), "nonl")
    try checkCurses(keypad(window, true), "keypad")
    if let delay = options.escapeDelayMilliseconds {
      try checkCurses(set_escdelay(delay), "set_escdelay", "\(delay) ms")
    }
    return curs_set(0)
  }

  /// Starts colour with `start_color` and `use_default_colors` and defines one pair per
  /// `CellColor` with `init_pair`. Pairs for 24-bit colours are defined later, when a
  /// cell first needs them. Returns a palette without colour when `usesColor` rules
  /// colour out or the terminal has too few pairs.
  ///
  /// When `use_default_colors` fails (the terminal cannot reset to its own colours),
  /// the pairs get a black background to match pair 0, which is then white on black.
  private static func configureColor(options: TerminalOptions) throws(TerminalError)
    -> TerminalPalette
  {
    guard options.usesColor(terminalHasColors: has_colors()) else {
      return TerminalPalette(colorCount: nil)
    }
    try checkCurses(start_color(), "start_color")
    guard Int(_losslab_color_pairs()) >= TerminalPalette.requiredPairCount else {
      return TerminalPalette(colorCount: nil)
    }

    let hasDefaultColors = use_default_colors() == OK
    let background = hasDefaultColors ? Int16(-1) : Int16(COLOR_BLACK)
    let palette = TerminalPalette(
      colorCount: Int(_losslab_colors()), defaultForeground: hasDefaultColors ? -1 : COLOR_WHITE,
      defaultBackground: Int32(background))
    for color in CellColor.allCases {
      guard let foreground = palette.foregroundColor(for: color) else { continue }
      let pair = TerminalPalette.pairNumber(for: color)
      try checkCurses(
        init_pair(pair, foreground, background), "init_pair",
        "pair \(pair), foreground \(foreground), background \(background)")
    }
    return palette
  }

  /// Undoes `open` in reverse order. Failures are ignored because there is nothing left
  /// to fall back to, and the terminal modes are what matters most.
  private static func shutDown(
    screen: OpaquePointer, cursorVisibility: Int32,
    crashActions: [(signal: Int32, action: sigaction)]
  ) {
    if cursorVisibility != _losslab_err() {
      _ = curs_set(cursorVisibility)
    }
    if isScreenActive.exchange(false, ordering: .sequentiallyConsistent) {
      _ = endwin()
    }
    delscreen(screen)
    StandardErrorCapture.end()
    TerminalSignals.restoreCrashHandlers(crashActions)
  }
}

/// The files a terminal draws on and reads from, and whether standard error is captured
/// while it is open.
struct TerminalStreams {
  var input: UnsafeMutablePointer<FILE>
  var output: UnsafeMutablePointer<FILE>
  var capturesStandardError: Bool

  /// Standard input and output, with standard error captured.
  static var standard: TerminalStreams {
    TerminalStreams(
      input: _losslab_stdin(), output: _losslab_stdout(), capturesStandardError: true)
  }
}

import CNcursesw
import Glibc

/// Checks that run before ncurses takes the screen, so an unusable terminal becomes a
/// `TerminalError` instead of a process exit inside ncurses or a garbled screen.
enum TerminalRequirements {
  /// Rejects a missing, unknown or non-addressable terminal type. Loads the terminfo
  /// entry with `setupterm`, reads `cup` with `tigetstr`, then frees the entry with
  /// `del_curterm`.
  ///
  /// `setupterm` gets an error out-parameter, so it neither prints nor exits. Only the
  /// terminfo database is read: the screen and the terminal modes are left alone.
  /// `newterm` alone is not enough, because it succeeds for `TERM=dumb`.
  ///
  /// - Parameter descriptor: the output's file descriptor, which `setupterm` uses to
  ///   read the window size.
  static func checkTerminalType(_ type: String?, descriptor: Int32 = STDOUT_FILENO)
    throws(TerminalError)
  {
    guard let type else {
      throw TerminalError(
        message: "TERM is not set, so the terminal type is unknown; set TERM to your "
          + "terminal's type (for example xterm-256color). " + capitalizedHint)
    }

    var status: Int32 = 0
    guard setupterm(type, descriptor, &status) != _losslab_err() else {
      throw setuptermError(type: type, status: status)
    }

    let isAddressable = canAddressCursor()
    freeLoadedDescription()
    guard isAddressable else {
      throw TerminalError(
        message: "terminal type '\(type)' cannot address the cursor; "
          + TerminalError.headlessHint)
    }
  }

  /// Rejects standard input or output that is not a terminal (`isatty`), naming which.
  static func checkStandardStreams(inputIsTerminal: Bool, outputIsTerminal: Bool)
    throws(TerminalError)
  {
    let missing: String
    switch (inputIsTerminal, outputIsTerminal) {
    case (true, true): return
    case (false, true): missing = "standard input is not a terminal"
    case (true, false): missing = "standard output is not a terminal"
    case (false, false): missing = "standard input and standard output are not terminals"
    }
    throw TerminalError(
      message: "\(missing) (redirected or piped); " + TerminalError.headlessHint)
  }

  private static var capitalizedHint: String {
    TerminalError.headlessHint.prefix(1).uppercased() + TerminalError.headlessHint.dropFirst()
  }

  /// Maps the `setupterm` status: -1 when no terminfo database was found, 0 when the
  /// type is not in it (or is a generic type such as `hardcopy`).
  private static func setuptermError(type: String, status: Int32) -> TerminalError {
    let reason =
      status == -1
      ? "no terminfo database was found (install ncurses-base or set TERMINFO)"
      : "terminal type '\(type)' was not found in the terminfo database (check TERM)"
    return TerminalError(message: "setupterm failed: \(reason); " + TerminalError.headlessHint)
  }

  /// Tests the `cup` capability, which `tigetstr` returns as NULL when the entry lacks it
  /// and as (char *)-1 when the name is not a string capability.
  private static func canAddressCursor() -> Bool {
    guard let cup = tigetstr("cup") else { return false }
    return cup != UnsafeMutablePointer(bitPattern: -1)
  }

  private static func freeLoadedDescription() {
    guard let description = _losslab_cur_term() else { return }
    _ = del_curterm(description)
  }
}

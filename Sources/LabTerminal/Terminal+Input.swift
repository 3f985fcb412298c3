import CNcursesw

extension Terminal {
  /// Waits up to `timeoutMilliseconds` for a key with `wtimeout` and `wget_wch`.
  ///
  /// Returns nil on timeout, when a signal interrupted the wait (check
  /// `TerminalSignals.pending`), for a key the lab does not use, and after `close()`.
  /// A signal interrupts the wait only when the kernel delivers it to this thread.
  /// Other threads should therefore block SIGINT, SIGTERM and SIGHUP, as Dispatch's
  /// worker threads do. Otherwise the wait ends at the timeout.
  /// A negative timeout waits until a key arrives. After `.resize`, `width` and `height`
  /// report the new size.
  public func readKey(timeoutMilliseconds: Int) -> TerminalKey? {
    guard isOpen else { return nil }
    let timeout = timeoutMilliseconds < 0 ? -1 : Int32(clamping: timeoutMilliseconds)
    wtimeout(window, timeout)

    var code: wint_t = 0
    switch wget_wch(window, &code) {
    case _losslab_key_code_yes(): return TerminalKey(wideCharacter: code, isKeyCode: true)
    case OK: return TerminalKey(wideCharacter: code, isKeyCode: false)
    default: return nil
    }
  }
}

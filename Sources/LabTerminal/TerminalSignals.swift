import CNcursesw
import Glibc
import Synchronization

/// The first termination signal received, or 0 while none has arrived.
let pendingSignal = Atomic<Int32>(0)

/// Whether `TerminalSignals.install()` has run.
let areSignalHandlersInstalled = Atomic<Bool>(false)

/// Whether a curses screen is active, so an emergency handler should call `endwin`.
let isScreenActive = Atomic<Bool>(false)

/// Signal handling that keeps the terminal usable after Ctrl-C, `kill` or a crash.
public enum TerminalSignals {
  /// The signals that ask the program to stop: Ctrl-C, `kill` and a closed terminal.
  static let terminationSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

  /// The signals that end the process abnormally. SIGQUIT (Ctrl-\) is here because its
  /// default action also ends the process and would leave the terminal in curses modes.
  static let crashSignals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE, SIGQUIT]

  /// Installs `sigaction` handlers for SIGINT, SIGTERM and SIGHUP that record the signal
  /// in `pending`; the main loop then closes the terminal and exits with
  /// `exitStatus(for:)`. Calling it again does nothing.
  ///
  /// Call it before `newterm`: ncurses installs its own handlers for SIGINT and SIGTERM
  /// when their action is still the default (`_nc_signal_handler` in ncurses's
  /// lib_tstp.c). `Terminal.open` calls it as well.
  /// The handlers are installed without `SA_RESTART`, so a blocking `wget_wch` returns
  /// early and `Terminal.readKey` returns nil. A second signal, while the first is still
  /// pending, restores the terminal at once (as the crash handler does) and exits, so a
  /// program stuck outside its main loop can still be stopped.
  public static func install() {
    guard !areSignalHandlersInstalled.exchange(true, ordering: .sequentiallyConsistent)
    else { return }
    // Swift initializes globals lazily through `swift_once`, which is not
    // async-signal-safe, so they are touched here before any handler can run.
    _ = pendingSignal.load(ordering: .relaxed)
    _ = isScreenActive.load(ordering: .relaxed)
    _ = savedStandardError.load(ordering: .relaxed)
    _ = redirectedDescriptor.load(ordering: .relaxed)
    _ = capturedStandardError.load(ordering: .relaxed)

    for signal in terminationSignals {
      _ = installHandler(signal: signal, flags: 0) { signal in
        let (isFirst, _) = pendingSignal.compareExchange(
          expected: 0, desired: signal, ordering: .sequentiallyConsistent)
        guard !isFirst else { return }
        TerminalSignals.restoreTerminalFromHandler()
        _exit(TerminalSignals.exitStatus(for: signal))
      }
    }
  }

  /// The termination signal received since `install()`, if any.
  public static var pending: Int32? {
    let signal = pendingSignal.load(ordering: .sequentiallyConsistent)
    return signal == 0 ? nil : signal
  }

  /// Returns the shell's exit status for a process ended by `signal`: 128 plus the
  /// signal number, so 130 for SIGINT, 143 for SIGTERM and 129 for SIGHUP.
  public static func exitStatus(for signal: Int32) -> Int32 {
    128 + signal
  }

  /// Installs the crash handler for every signal in `crashSignals` and returns the
  /// previous actions, for `restoreCrashHandlers`.
  ///
  /// The handler restores the terminal, copies the captured standard error to the real
  /// one, and raises the signal again. `SA_RESETHAND` has already put back the default
  /// action by then, so the process ends by the signal, with a core dump where the
  /// system is set up for one. `SA_NODEFER` lets the raised signal through while the
  /// handler is still running.
  ///
  /// NOTE: the default action replaces the previous handler, so Swift's backtracer,
  /// which the Linux runtime installs by default (seen with Swift 6.3.1), prints no
  /// backtrace for a crash while the terminal is open. A headless command that
  /// reproduces the crash still gets one.
  static func installCrashHandlers() -> [(signal: Int32, action: sigaction)] {
    // Glibc defines SA_RESETHAND as 0x80000000, which Swift imports as UInt32.
    let flags = Int32(bitPattern: UInt32(SA_RESETHAND)) | Int32(SA_NODEFER)
    return crashSignals.map { signal in
      let previous = installHandler(signal: signal, flags: flags) { signal in
        TerminalSignals.restoreTerminalFromHandler()
        raise(signal)
      }
      return (signal, previous)
    }
  }

  /// Puts back the actions that `installCrashHandlers` replaced.
  static func restoreCrashHandlers(_ previous: [(signal: Int32, action: sigaction)]) {
    for (signal, action) in previous {
      var action = action
      _ = sigaction(signal, &action, nil)
    }
  }

  /// Restores the terminal from inside a signal handler, as far as that is possible.
  ///
  /// `endwin` is best effort: it is not async-signal-safe, because it writes through
  /// ncurses's output buffer and may take locks. It normally works, but if the signal
  /// arrived inside ncurses, or the heap is corrupt, it can fail or fault, and a fault
  /// here ends the process at once because `SA_RESETHAND` has removed this handler.
  /// Everything after it is async-signal-safe: `dup2`, `close`, `lseek`, `read` and
  /// `write` through `StandardErrorCapture.end()`.
  static func restoreTerminalFromHandler() {
    if isScreenActive.exchange(false, ordering: .sequentiallyConsistent) {
      _ = endwin()
    }
    StandardErrorCapture.end()
  }

  /// Installs `handler` for `signal` with an empty mask and returns the previous action.
  private static func installHandler(
    signal: Int32, flags: Int32, _ handler: @convention(c) (Int32) -> Void
  ) -> sigaction {
    var action = sigaction()
    action.__sigaction_handler.sa_handler = handler
    sigemptyset(&action.sa_mask)
    action.sa_flags = flags
    var previous = sigaction()
    _ = sigaction(signal, &action, &previous)
    return previous
  }
}

import Foundation
import Glibc
import Testing

@testable import LabTerminal

extension ProcessStateTests {
  @Suite("TerminalSignals")
  struct TerminalSignalsTests {
    static let exitStatuses: [(signal: Int32, status: Int32)] = [
      (SIGINT, 130), (SIGTERM, 143), (SIGHUP, 129),
    ]

    @Test("exit status is 128 plus the signal", arguments: exitStatuses)
    func exitStatus(signal: Int32, status: Int32) {
      #expect(TerminalSignals.exitStatus(for: signal) == status)
    }

    @Test("SIGTERM is recorded, not fatal")
    func signalRecorded() async throws {
      TerminalSignals.install()
      // kill, not raise: test threads may block SIGTERM, and kill lets the kernel pick a
      // thread that does not. A second signal would end the test process, so this is the
      // only one sent here.
      kill(getpid(), SIGTERM)
      let deadline = ContinuousClock.now + .seconds(2)
      while TerminalSignals.pending == nil && ContinuousClock.now < deadline {
        try await Task.sleep(for: .milliseconds(5))
      }
      #expect(TerminalSignals.pending == SIGTERM)
    }

    @Test("installed handlers are not the default")
    func handlersInstalled() {
      TerminalSignals.install()
      for signal in TerminalSignals.terminationSignals {
        var current = sigaction()
        _ = sigaction(signal, nil, &current)
        let handler = current.__sigaction_handler.sa_handler
        #expect(handler != nil, "signal \(signal)")
        #expect(current.sa_flags & Int32(SA_RESTART) == 0, "signal \(signal) restarts reads")
      }
    }

    @Test("crash handlers are removed again")
    func crashHandlersRestored() {
      var before = sigaction()
      _ = sigaction(SIGSEGV, nil, &before)

      let previous = TerminalSignals.installCrashHandlers()
      var during = sigaction()
      _ = sigaction(SIGSEGV, nil, &during)
      TerminalSignals.restoreCrashHandlers(previous)
      var after = sigaction()
      _ = sigaction(SIGSEGV, nil, &after)

      let duringHandler = unsafeBitCast(during.__sigaction_handler.sa_handler, to: Int.self)
      let beforeHandler = unsafeBitCast(before.__sigaction_handler.sa_handler, to: Int.self)
      let afterHandler = unsafeBitCast(after.__sigaction_handler.sa_handler, to: Int.self)
      #expect(duringHandler != beforeHandler)
      #expect(afterHandler == beforeHandler)
      #expect(previous.count == TerminalSignals.crashSignals.count)
    }

    @Test("captured output is copied back")
    func standardErrorCapture() throws {
      let directory = FileManager.default.temporaryDirectory.path
      let path = "\(directory)/losslab-capture-test-\(getpid())"
      let target = open(path, O_RDWR | O_CREAT | O_TRUNC, 0o600)
      try #require(target >= 0)
      defer {
        close(target)
        unlink(path)
      }

      try StandardErrorCapture.begin(directory: directory, descriptor: target)
      Self.write("while the screen is open\n", to: target)
      let visibleDuringCapture = try String(contentsOfFile: path, encoding: .utf8)
      StandardErrorCapture.end()
      Self.write("after close\n", to: target)
      StandardErrorCapture.end()

      #expect(visibleDuringCapture == "")
      let contents = try String(contentsOfFile: path, encoding: .utf8)
      #expect(contents == "while the screen is open\nafter close\n")
    }

    @Test("unwritable directory is reported")
    func captureDirectoryMissing() {
      #expect {
        try StandardErrorCapture.begin(directory: "/nonexistent/losslab", descriptor: 99)
      } throws: { error in
        guard let message = (error as? TerminalError)?.message else { return false }
        return message.hasPrefix("mkstemp failed") && message.contains("TMPDIR")
      }
    }

    static func write(_ text: String, to descriptor: Int32) {
      var bytes = Array(text.utf8)
      _ = Glibc.write(descriptor, &bytes, bytes.count)
    }
  }
}

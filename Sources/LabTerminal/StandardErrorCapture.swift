import Glibc
import Synchronization

// State shared with signal handlers, so it lives in atomics rather than in `Terminal`.
// The caller that exchanges a descriptor for -1 owns it, so `close()` and a crash
// handler never restore the same descriptor twice.

/// The descriptor that is redirected: standard error (2), or another one in tests.
let redirectedDescriptor = Atomic<Int32>(STDERR_FILENO)

/// A duplicate of the redirected descriptor's original file, or -1 when nothing is
/// redirected.
let savedStandardError = Atomic<Int32>(-1)

/// The unlinked temporary file that receives standard error, or -1 when there is none.
let capturedStandardError = Atomic<Int32>(-1)

/// A buffer for copying the capture back from a signal handler, where allocating is not
/// allowed. `nonisolated(unsafe)` is sound because only the caller that took ownership of
/// `capturedStandardError` uses it, and at most one caller can.
nonisolated(unsafe) let captureCopyBuffer = UnsafeMutableRawBufferPointer.allocate(
  byteCount: 4096, alignment: 16)

/// Redirection of the process's standard error (descriptor 2) into a temporary file
/// while curses owns the screen, so that messages from the runtime, from C libraries
/// or from `fatalError` do not print over the screen.
enum StandardErrorCapture {
  /// Redirects `descriptor` (standard error by default) into a new unlinked file in
  /// `directory`, using `mkstemp`, `unlink`, `dup` and `dup2`.
  ///
  /// - Precondition: nothing is redirected yet.
  static func begin(directory: String, descriptor: Int32 = STDERR_FILENO)
    throws(TerminalError)
  {
    precondition(
      savedStandardError.load(ordering: .sequentiallyConsistent) < 0,
      "StandardErrorCapture.begin: descriptor \(redirectedDescriptor.load(ordering: .relaxed)) "
        + "is already redirected")
    // Allocates the buffer now, because a signal handler must not be the first user.
    _ = captureCopyBuffer.count

    var template = Array("\(directory)/losslab-stderr-XXXXXX".utf8CString)
    let capture = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    guard capture >= 0 else {
      throw TerminalError.system(
        "mkstemp", "in '\(directory)'; set TMPDIR to a writable directory", errno: errno)
    }
    template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }

    let saved = dup(descriptor)
    guard saved >= 0 else {
      let code = errno
      Glibc.close(capture)
      throw TerminalError.system("dup", "of descriptor \(descriptor)", errno: code)
    }
    guard dup2(capture, descriptor) >= 0 else {
      let code = errno
      Glibc.close(capture)
      Glibc.close(saved)
      throw TerminalError.system("dup2", "onto descriptor \(descriptor)", errno: code)
    }

    redirectedDescriptor.store(descriptor, ordering: .sequentiallyConsistent)
    savedStandardError.store(saved, ordering: .sequentiallyConsistent)
    capturedStandardError.store(capture, ordering: .sequentiallyConsistent)
  }

  /// Points the redirected descriptor back at its original file and copies everything
  /// captured to it. Does nothing when nothing is redirected.
  ///
  /// Async-signal-safe: it calls only `dup2`, `close`, `lseek`, `read` and `write`, and
  /// uses a buffer allocated in advance, so the crash handler calls it too.
  static func end() {
    let saved = savedStandardError.exchange(-1, ordering: .sequentiallyConsistent)
    guard saved >= 0 else { return }
    let descriptor = redirectedDescriptor.load(ordering: .sequentiallyConsistent)
    _ = dup2(saved, descriptor)
    _ = Glibc.close(saved)

    let capture = capturedStandardError.exchange(-1, ordering: .sequentiallyConsistent)
    guard capture >= 0 else { return }
    copy(from: capture, to: descriptor)
    _ = Glibc.close(capture)
  }

  private static func copy(from capture: Int32, to descriptor: Int32) {
    guard lseek(capture, 0, SEEK_SET) == 0 else { return }
    let buffer = captureCopyBuffer
    while true {
      let count = read(capture, buffer.baseAddress, buffer.count)
      if count < 0 && errno == EINTR { continue }
      guard count > 0 else { return }
      guard writeAll(buffer.baseAddress!, count: count, to: descriptor) else { return }
    }
  }

  /// Writes `count` bytes to `descriptor`, retrying after short writes and `EINTR`.
  private static func writeAll(_ bytes: UnsafeRawPointer, count: Int, to descriptor: Int32)
    -> Bool
  {
    var offset = 0
    while offset < count {
      let written = write(descriptor, bytes + offset, count - offset)
      if written < 0 && errno == EINTR { continue }
      guard written > 0 else { return false }
      offset += written
    }
    return true
  }
}

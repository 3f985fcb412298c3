import Glibc

/// A Linux pseudo-terminal of a fixed size, so tests can open a real ncurses screen
/// without the terminal that runs the tests.
///
/// Swift's Glibc module hides `posix_openpt` and `TIOCSPTLCK` (they need X/Open
/// feature macros), so the pair is opened with `/dev/ptmx` and the two ioctls directly.
final class PseudoTerminal {
  /// `TIOCSPTLCK` and `TIOCGPTN` from Linux's asm-generic/ioctls.h, which x86-64 and
  /// arm64 share.
  private static let unlockRequest: UInt = 0x4004_5431
  private static let numberRequest: UInt = 0x8004_5430

  let master: Int32
  let slave: Int32
  let input: UnsafeMutablePointer<FILE>
  let output: UnsafeMutablePointer<FILE>

  /// Opens a pseudo-terminal of `columns` by `rows` cells.
  init(columns: UInt16, rows: UInt16) throws(PseudoTerminalError) {
    master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_NONBLOCK)
    guard master >= 0 else { throw PseudoTerminalError(call: "open /dev/ptmx") }

    var unlock: Int32 = 0
    var number: UInt32 = 0
    guard ioctl(master, Self.unlockRequest, &unlock) == 0,
      ioctl(master, Self.numberRequest, &number) == 0
    else { throw PseudoTerminalError(call: "ioctl TIOCSPTLCK/TIOCGPTN") }

    var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
    guard ioctl(master, UInt(TIOCSWINSZ), &size) == 0 else {
      throw PseudoTerminalError(call: "ioctl TIOCSWINSZ")
    }

    slave = open("/dev/pts/\(number)", O_RDWR | O_NOCTTY)
    guard slave >= 0 else { throw PseudoTerminalError(call: "open /dev/pts/\(number)") }
    guard let input = fdopen(dup(slave), "r"), let output = fdopen(dup(slave), "w") else {
      throw PseudoTerminalError(call: "fdopen")
    }
    self.input = input
    self.output = output
  }

  deinit {
    fclose(input)
    fclose(output)
    close(slave)
    close(master)
  }

  /// Sends `text` as if typed on the terminal's keyboard.
  func type(_ text: String) {
    var bytes = Array(text.utf8)
    _ = write(master, &bytes, bytes.count)
  }

  /// Reads and discards what the program wrote to the screen, so its writes never block
  /// on a full pseudo-terminal buffer.
  func discardOutput() {
    var buffer = [UInt8](repeating: 0, count: 4096)
    while read(master, &buffer, buffer.count) > 0 {}
  }

  /// Returns the local modes (`c_lflag`) of the terminal, read with `tcgetattr`.
  func localModes() -> tcflag_t {
    var attributes = termios()
    _ = tcgetattr(slave, &attributes)
    return attributes.c_lflag
  }
}

struct PseudoTerminalError: Error {
  var call: String
}

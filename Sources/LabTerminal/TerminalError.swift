import CNcursesw
import Glibc

/// A failure to set up, draw on or restore the terminal. The message names the ncurses or
/// C library function that failed and, where the user can act, suggests a fix.
public struct TerminalError: Error, CustomStringConvertible, Equatable {
  public var message: String

  public init(message: String) {
    self.message = message
  }

  public var description: String { message }

  /// The sentence that ends every message about an unusable terminal.
  static let headlessHint =
    "the lab needs a full-screen terminal. Without one, use the headless commands: "
    + "losslab list, losslab run SCENARIO, losslab replay SCENARIO"

  /// Returns an error for a C library call that failed and set `errno`.
  static func system(_ function: String, _ detail: String = "", errno code: Int32) -> Self {
    let reason = String(cString: strerror(code))
    let context = detail.isEmpty ? "" : " (\(detail))"
    return TerminalError(message: "\(function) failed\(context): \(reason)")
  }
}

/// Throws a `TerminalError` naming `function` when an ncurses call returned `ERR`.
/// The detail, such as the cell position, is only formatted when the call failed.
func checkCurses(
  _ result: Int32, _ function: String, _ detail: @autoclosure () -> String = ""
) throws(TerminalError) {
  guard result == _losslab_err() else { return }
  let detail = detail()
  let context = detail.isEmpty ? "" : " (\(detail))"
  throw TerminalError(message: "ncurses \(function) failed\(context)")
}

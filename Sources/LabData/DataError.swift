/// A problem with a data file: where it is and what to do about it.
///
/// The description reads `source:line: message`, or `source: message` when the problem
/// belongs to the whole file, for example
/// `scenarios/data/x.csv:17: column 'bmi' has 'abc', which is not a number; fix or remove
/// the row`.
public struct DataError: Error, Equatable, CustomStringConvertible {
  /// File path or other name of the input, as the caller gave it.
  public var source: String

  /// One-based line number, or `nil` when the problem is not on one line.
  public var line: Int?

  /// Description of the problem and its fix, without the location.
  public var message: String

  /// Creates an error at `source`, optionally on one line.
  public init(source: String, line: Int? = nil, message: String) {
    self.source = source
    self.line = line
    self.message = message
  }

  public var description: String {
    guard let line else { return "\(source): \(message)" }
    return "\(source):\(line): \(message)"
  }
}

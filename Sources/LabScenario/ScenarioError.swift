/// An invalid scenario file: where, which field, and what is wrong and allowed.
public struct ScenarioError: Error, Equatable, CustomStringConvertible {
  public var path: String
  public var location: SourceLocation?
  /// The field's path, such as `optimizer.learning_rate` or `script[2].run`.
  public var field: String?
  public var message: String

  public init(path: String, location: SourceLocation?, field: String?, message: String) {
    self.path = path
    self.location = location
    self.field = field
    self.message = message
  }

  /// `file:line:column: field: message`, the form compilers use, so editors
  /// and terminals can jump to the place.
  public var description: String {
    var text = path
    if let location { text += ":\(location.line):\(location.column)" }
    text += ": "
    if let field { text += "\(field): " }
    return text + message
  }
}

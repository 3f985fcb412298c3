import Foundation

extension ScenarioSpec {
  /// Returns a scenario for a person's own CSV file: the defaults of a scenario file
  /// (an MLP with hidden layers 32,32, Adam at 0.01, 2000 steps), with the task
  /// the loss implies. The id is the file's name without its extension.
  ///
  /// - Parameters:
  ///   - path: The CSV file, relative to the working directory or absolute.
  ///   - target: The column to predict.
  ///   - loss: A loss name such as `huber`; nil for `mse`.
  /// - Throws: `ScenarioError` for a missing file or an unknown loss.
  public static func forDataFile(
    path: String, target: String, loss: String?
  ) throws(ScenarioError) -> ScenarioSpec {
    let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
    guard FileManager.default.fileExists(atPath: absolute) else {
      throw ScenarioError(path: path, location: nil, field: nil,
        message: "no such file; give the path of a CSV file with a header row")
    }
    var spec = ScenarioReader.defaultSpec(path: (path as NSString).deletingPathExtension + ".json")
    spec.title = "\(spec.id) (\(target))"
    spec.data.source = .csv(path: absolute, target: target)
    if let loss {
      do {
        try ParameterPath.loss.change(loss, in: &spec)
      } catch {
        throw ScenarioError(path: path, location: nil, field: "--loss", message: error.message)
      }
    }
    return spec
  }
}

import Foundation

/// Writes a spec back as scenario JSON that `ScenarioReader` reads to an
/// equal spec (the script aside), so a person can keep the parameters they
/// arrived at in the lab.
public enum ScenarioWriter {
  /// Returns the scenario file text of `spec` without its script. Numbers are
  /// written as Swift's shortest round-trip text, so they read back exactly.
  public static func json(for spec: ScenarioSpec) -> String {
    let hidden = spec.model.hidden.map(String.init).joined(separator: ", ")
    var lines = [
      "  \"title\": \(quoted(spec.title))",
      "  \"description\": \(quoted(spec.description))",
      "  \"loss\": \(lossObject(spec))",
      "  \"task\": \(quoted(spec.task.rawValue))",
      spec.task == .image
        ? "  \"image\": \(imageObject(spec))" : "  \"data\": \(dataObject(spec))",
      "  \"model\": { \"hidden\": [\(hidden)]\(embeddingModelFields(spec)) }",
      "  \"optimizer\": \(optimizerObject(spec))",
    ]
    if spec.schedule.kind != .none { lines.append("  \"schedule\": \(scheduleObject(spec))") }
    lines += [
      "  \"training\": { \(batchFields(spec))"
        + "\"steps\": \(spec.training.stepCount), "
        + "\"eval_interval\": \(spec.training.evaluationInterval), "
        + "\"speed\": \(spec.training.speed == 0 ? "\"max\"" : String(spec.training.speed)) }",
      "  \"seed\": \(spec.seed)",
      "  \"screen\": { \"width\": \(spec.screen.width), \"height\": \(spec.screen.height) }",
    ]
    return "{\n" + lines.joined(separator: ",\n") + "\n}\n"
  }

  /// Writes `spec` as a new file `ID-N.json` in `folder`, with the smallest
  /// N from 2 whose file does not exist yet. An existing file is never replaced.
  ///
  /// - Returns: The path written.
  /// - Throws: The file system's error when no file can be created.
  public static func writeNew(_ spec: ScenarioSpec, in folder: String) throws -> String {
    let data = Data(json(for: spec).utf8)
    let base = spec.id.replacingOccurrences(of: #"-\d+$"#, with: "", options: .regularExpression)
    for number in 2... {
      let path = (folder as NSString).appendingPathComponent("\(base)-\(number).json")
      do {
        try data.write(to: URL(fileURLWithPath: path), options: .withoutOverwriting)
        return path
      } catch where FileManager.default.fileExists(atPath: path) {
        continue
      }
    }
    fatalError("unreachable: the loop over file numbers has no end")
  }

  private static func lossObject(_ spec: ScenarioSpec) -> String {
    var fields = ["\"name\": \(quoted(spec.loss.rawValue))"]
    let options = spec.lossOptions
    if spec.loss == .huber { fields.append("\"delta\": \(number(options.delta))") }
    if spec.loss == .smoothL1 { fields.append("\"beta\": \(number(options.beta))") }
    if spec.loss == .crossEntropy {
      fields.append("\"label_smoothing\": \(number(options.labelSmoothing))")
    }
    if spec.loss == .bceWithLogits {
      fields.append("\"pos_weight\": \(number(options.positiveWeight))")
    }
    fields += embeddingLossFields(spec)
    fields += imageLossFields(spec)
    if spec.task == .classification {
      switch options.classWeights {
      case .none: fields.append("\"class_weights\": \"none\"")
      case .balanced: fields.append("\"class_weights\": \"balanced\"")
      case .explicit(let weights):
        fields.append("\"class_weights\": [\(weights.map(number).joined(separator: ", "))]")
      }
    }
    return "{ " + fields.joined(separator: ", ") + " }"
  }

  private static func dataObject(_ spec: ScenarioSpec) -> String {
    let data = spec.data
    var fields: [String] = []
    switch data.source {
    case .housePrices: fields.append("\"source\": \"house_prices\"")
    case .spiral: fields.append("\"source\": \"spiral\"")
    case .stockWalk: fields.append("\"source\": \"stock_walk\"")
    case .faces: fields.append("\"source\": \"faces\"")
    case .products: fields.append("\"source\": \"products\"")
    case .bundled(let file): fields.append("\"source\": \(quoted(file.rawValue))")
    case .csv(let path, let target):
      fields += [
        "\"source\": \"csv\"", "\"path\": \(quoted(path))", "\"target\": \(quoted(target))",
      ]
    }
    let parameters: [(String, ParameterPath, String)] = [
      ("features", .features, "[" + data.features.map(quoted).joined(separator: ", ") + "]"),
      ("samples", .sampleCount, String(data.sampleCount)),
      ("noise", .noise, number(data.noise)),
      ("classes", .classCount, String(data.classCount)),
      ("lags", .lags, String(data.lags)),
      ("outliers", .outliers, number(data.outlierFraction)),
    ]
    for (key, parameter, value) in parameters where parameter.applies(to: spec) {
      fields.append("\"\(key)\": \(value)")
    }
    fields += embeddingDataFields(spec)
    fields.append("\"validation_fraction\": \(number(data.validationFraction))")
    return "{ " + fields.joined(separator: ", ") + " }"
  }

  private static func optimizerObject(_ spec: ScenarioSpec) -> String {
    let optimizer = spec.optimizer
    var fields = [
      "\"name\": \(quoted(optimizer.kind.rawValue))",
      "\"learning_rate\": \(number(optimizer.learningRate))",
    ]
    if optimizer.kind == .momentum { fields.append("\"momentum\": \(number(optimizer.momentum))") }
    if optimizer.kind == .adamw {
      fields.append("\"weight_decay\": \(number(optimizer.weightDecay))")
    }
    return "{ " + fields.joined(separator: ", ") + " }"
  }

  private static func scheduleObject(_ spec: ScenarioSpec) -> String {
    let schedule = spec.schedule
    var fields = ["\"name\": \(quoted(schedule.kind.rawValue))"]
    if schedule.kind == .step {
      fields += ["\"step_size\": \(schedule.stepSize)", "\"gamma\": \(number(schedule.gamma))"]
    }
    if schedule.kind == .warmupCosine { fields.append("\"warmup_steps\": \(schedule.warmupSteps)") }
    return "{ " + fields.joined(separator: ", ") + " }"
  }

  /// Whole numbers without a fraction, others as Swift's shortest round-trip text.
  static func number(_ value: Double) -> String {
    if value == value.rounded() && abs(value) < 1e15 { return String(Int(value)) }
    return "\(value)"
  }

  /// `text` as a JSON string, with quotes, backslashes and control characters escaped.
  static func quoted(_ text: String) -> String {
    var escaped = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": escaped += "\\\""
      case "\\": escaped += "\\\\"
      case "\n": escaped += "\\n"
      case _ where scalar.value < 0x20: escaped += String(format: "\\u%04x", scalar.value)
      default: escaped.unicodeScalars.append(scalar)
      }
    }
    return escaped + "\""
  }
}

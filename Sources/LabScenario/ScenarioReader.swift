import Foundation

/// Reads and validates scenario files. Every error names the file, line,
/// column and field, quotes the bad value and lists what is allowed.
public enum ScenarioReader {
  static let topFields = [
    "title", "description", "loss", "task", "data", "model", "optimizer", "schedule", "training",
    "seed", "screen", "script", "image",
  ]
  static let dataFields = [
    "source", "path", "target", "features", "samples", "noise", "validation_fraction", "classes",
    "lags", "outliers", "identities", "samples_per_identity", "variation",
  ]
  static let lossFields = [
    "name", "delta", "beta", "label_smoothing", "class_weights", "pos_weight", "margin", "miner",
    "distance", "pixel", "perceptual_weight", "layers", "weights", "style_weight", "style_layers",
    "tv_weight", "adversarial_weight",
  ]
  static let scheduleFields = ["name", "step_size", "gamma", "warmup_steps"]
  static let generators = ["house_prices", "spiral", "stock_walk", "faces", "products"]
  static var dataSources: [String] {
    generators + ["csv"] + BundledData.allCases.map(\.rawValue)
  }

  /// Reads the scenario at `path`.
  public static func read(path: String) throws(ScenarioError) -> ScenarioSpec {
    var isFolder: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
      throw ScenarioError(path: path, location: nil, field: nil,
        message: "is a folder, not a scenario file; give the path of a .json file")
    }
    let text: String
    do {
      text = try String(contentsOfFile: path, encoding: .utf8)
    } catch {
      let reason = FileManager.default.fileExists(atPath: path)
        ? "cannot be read as UTF-8 text" : "no such file"
      throw ScenarioError(path: path, location: nil, field: nil,
        message: "\(reason); check the path, or run 'losslab list' to see the scenarios")
    }
    return try parse(text, path: path)
  }

  /// Parses scenario text; `path` is used in messages and to resolve data paths.
  public static func parse(_ text: String, path: String) throws(ScenarioError) -> ScenarioSpec {
    let root: JSONNode
    do {
      root = try JSONParser.parse(text)
    } catch {
      throw ScenarioError(path: path, location: error.location, field: nil,
        message: "invalid JSON: \(error.message)")
    }
    let top = try ObjectReader(root, path: path, prefix: "", allowed: topFields)
    var spec = defaultSpec(path: path)
    spec.title = try top.string("title") ?? spec.id
    if spec.title.trimmingCharacters(in: .whitespaces).isEmpty {
      throw top.error("title", "the title is empty; give the scenario a name")
    }
    spec.description = try top.string("description") ?? ""
    let loss = try readLoss(top, into: &spec)
    try top.parameter("task", .task, to: &spec)
    if let loss { try readLossOptions(loss, into: &spec) }
    try readData(top, into: &spec)
    try readModel(top, into: &spec)
    try readOptimizer(top, into: &spec)
    try readSchedule(top, into: &spec)
    try readTraining(top, into: &spec)
    try readImage(top, into: &spec)
    try checkTask(top, spec)
    try checkEmbeddingTask(top, spec)
    try top.parameter("seed", .seed, to: &spec)
    if let screen = try top.object("screen", allowed: ["width", "height"]) {
      spec.screen.width = try screen.integer("width", in: 80...400) ?? spec.screen.width
      spec.screen.height = try screen.integer("height", in: 24...200) ?? spec.screen.height
    }
    if let script = top["script"] {
      spec.script = try readScript(script, path: path)
    }
    return spec
  }

  /// The settings a scenario file may leave out.
  static func defaultSpec(path: String) -> ScenarioSpec {
    let id = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
    return ScenarioSpec(
      id: id, path: path, title: id, description: "", loss: .mse,
      data: DataSpec(source: .housePrices, sampleCount: 500, noise: 0, validationFraction: 0.2),
      model: ModelSpec(hidden: [32, 32]),
      optimizer: OptimizerSpec(kind: .adam, learningRate: 0.01, momentum: 0.9),
      training: TrainingSpec(batchSize: 32, stepCount: 2000, evaluationInterval: 25),
      seed: 0, screen: ScreenSize(width: 100, height: 30), script: [])
  }

  static func readData(_ top: ObjectReader, into spec: inout ScenarioSpec) throws(ScenarioError) {
    guard let data = try top.object("data", allowed: dataFields) else { return }
    let source = try data.string("source") ?? "house_prices"
    if source != "csv" {
      for key in ["path", "target"] where data[key] != nil {
        throw data.error(key, "'\(key)' applies only to source 'csv'; remove it")
      }
    }
    switch source {
    case "house_prices": spec.data.source = .housePrices
    case "spiral": spec.data.source = .spiral
    case "stock_walk": spec.data.source = .stockWalk
    case "faces": spec.data.source = .faces
    case "products": spec.data.source = .products
    case "csv":
      guard let file = try data.string("path") else {
        throw data.error("path", "missing required field 'path' for source 'csv'")
      }
      guard let target = try data.string("target") else {
        throw data.error("target", "missing required field 'target' for source 'csv'")
      }
      let resolved = resolve(file, relativeTo: spec.path)
      guard FileManager.default.fileExists(atPath: resolved) else {
        throw data.error("path", "no such file '\(file)' (looked for \(resolved)); "
          + "paths are relative to the scenario file")
      }
      spec.data.source = .csv(path: file, target: target)
    default:
      guard let file = BundledData(rawValue: source) else {
        throw data.error("source", "unknown data source '\(source)'; expected one of: "
          + dataSources.joined(separator: ", "))
      }
      spec.data.source = .bundled(file)
    }
    try data.parameter("features", .features, to: &spec)
    try data.parameter("samples", .sampleCount, to: &spec)
    try data.parameter("noise", .noise, to: &spec)
    try data.parameter("validation_fraction", .validationFraction, to: &spec)
    try data.parameter("classes", .classCount, to: &spec)
    try data.parameter("lags", .lags, to: &spec)
    try data.parameter("outliers", .outliers, to: &spec)
    try readEmbeddingData(data, into: &spec)
    for (key, parameter) in [
      ("features", ParameterPath.features), ("samples", .sampleCount), ("classes", .classCount),
      ("lags", .lags),
    ] where data[key] != nil && !parameter.applies(to: spec) {
      throw data.error(key, parameter.notApplicableReason)
    }
  }

  /// Reads `loss`: a name (`"huber"`) or an object with the name and options.
  /// Returns the object, whose options are read once the task is known.
  static func readLoss(
    _ top: ObjectReader, into spec: inout ScenarioSpec
  ) throws(ScenarioError) -> ObjectReader? {
    guard let node = top["loss"] else { return nil }
    if case .string = node.value {
      try top.parameter("loss", .loss, to: &spec)
      return nil
    }
    guard let loss = try top.object("loss", allowed: lossFields) else { return nil }
    _ = try loss.required("name")
    try loss.parameter("name", .loss, to: &spec)
    return loss
  }

  static func readLossOptions(
    _ loss: ObjectReader, into spec: inout ScenarioSpec
  ) throws(ScenarioError) {
    let options: [(String, ParameterPath)] = [
      ("delta", .delta), ("beta", .beta), ("label_smoothing", .labelSmoothing),
      ("class_weights", .classWeights), ("pos_weight", .positiveWeight), ("margin", .margin),
      ("miner", .miner), ("distance", .distance),
    ] + imageLossOptions
    for (key, parameter) in options where loss[key] != nil {
      try loss.parameter(key, parameter, to: &spec)
      if !parameter.applies(to: spec) { throw loss.error(key, parameter.notApplicableReason) }
    }
  }

  /// Reads `schedule`: a name (`"cosine"`) or an object with the name and settings.
  static func readSchedule(
    _ top: ObjectReader, into spec: inout ScenarioSpec
  ) throws(ScenarioError) {
    guard let node = top["schedule"] else { return }
    if case .string = node.value {
      try top.parameter("schedule", .schedule, to: &spec)
      return
    }
    guard let schedule = try top.object("schedule", allowed: scheduleFields) else { return }
    _ = try schedule.required("name")
    try schedule.parameter("name", .schedule, to: &spec)
    let settings: [(String, ParameterPath)] = [
      ("step_size", .scheduleStepSize), ("gamma", .scheduleGamma),
      ("warmup_steps", .warmupSteps),
    ]
    for (key, parameter) in settings where schedule[key] != nil {
      try schedule.parameter(key, parameter, to: &spec)
      if !parameter.applies(to: spec) { throw schedule.error(key, parameter.notApplicableReason) }
    }
    if spec.schedule.kind == .warmupCosine && spec.schedule.warmupSteps >= spec.training.stepCount,
      top["training"] == nil
    {
      throw schedule.error("warmup_steps", "warm-up of \(spec.schedule.warmupSteps) steps "
        + "leaves nothing of the \(spec.training.stepCount) training steps; shorten it")
    }
  }

  /// Rejects a task its loss cannot train: cross-entropy and BCE need classes.
  static func checkTask(_ top: ObjectReader, _ spec: ScenarioSpec) throws(ScenarioError) {
    try checkImageTask(top, spec)
    if spec.task == .embedding || spec.loss == .triplet { return }
    if spec.task == .regression && !spec.loss.isElementwise {
      throw top.error(top["task"] != nil ? "task" : "loss",
        "loss '\(spec.loss.rawValue)' needs task 'classification'; use mse, l1, huber or "
          + "smooth_l1 for regression")
    }
    if spec.task == .classification && spec.data.source.isSeries {
      throw top.error("task", "series data (\(spec.data.source)) has no classes; use task "
        + "'regression'")
    }
    if spec.task == .classification && spec.data.source == .housePrices {
      throw top.error(top["task"] != nil ? "task" : "loss", "the house_prices generator has no "
        + "classes; use a classification source such as spiral or digits")
    }
  }

  static func readModel(_ top: ObjectReader, into spec: inout ScenarioSpec) throws(ScenarioError) {
    let fields = ["hidden", "embedding_size"]
    guard let model = try top.object("model", allowed: fields) else { return }
    try model.parameter("hidden", .hidden, to: &spec)
    try readEmbeddingField(model, "embedding_size", .embeddingSize, into: &spec)
  }

  static func readOptimizer(
    _ top: ObjectReader, into spec: inout ScenarioSpec
  ) throws(ScenarioError) {
    let fields = ["name", "learning_rate", "momentum", "weight_decay"]
    guard let optimizer = try top.object("optimizer", allowed: fields) else { return }
    try optimizer.parameter("name", .optimizer, to: &spec)
    try optimizer.parameter("learning_rate", .learningRate, to: &spec)
    try optimizer.parameter("momentum", .momentum, to: &spec)
    try optimizer.parameter("weight_decay", .weightDecay, to: &spec)
    if optimizer["weight_decay"] != nil && spec.optimizer.kind != .adamw {
      throw optimizer.error("weight_decay", ParameterPath.weightDecay.notApplicableReason)
    }
  }

  static func readTraining(
    _ top: ObjectReader, into spec: inout ScenarioSpec
  ) throws(ScenarioError) {
    let fields = [
      "batch_size", "steps", "eval_interval", "speed", "classes_per_batch", "samples_per_class",
    ]
    guard let training = try top.object("training", allowed: fields) else { return }
    try readEmbeddingField(training, "classes_per_batch", .classesPerBatch, into: &spec)
    try readEmbeddingField(training, "samples_per_class", .samplesPerClass, into: &spec)
    try training.parameter("batch_size", .batchSize, to: &spec)
    try training.parameter("steps", .stepCount, to: &spec)
    try training.parameter("eval_interval", .evaluationInterval, to: &spec)
    try training.parameter("speed", .speed, to: &spec)
  }

  /// A data path relative to the scenario file's folder, or absolute as given.
  public static func resolve(_ file: String, relativeTo scenarioPath: String) -> String {
    if file.hasPrefix("/") { return file }
    let folder = (scenarioPath as NSString).deletingLastPathComponent
    return folder.isEmpty ? file : (folder as NSString).appendingPathComponent(file)
  }
}

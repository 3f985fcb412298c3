import Foundation

/// A parameter that scenario files, `--set`, scripts and the lab's parameter
/// panel can change, named by its path in the scenario file.
public enum ParameterPath: String, Sendable, CaseIterable {
  case learningRate = "optimizer.learning_rate"
  case optimizer = "optimizer.name"
  case momentum = "optimizer.momentum"
  case batchSize = "training.batch_size"
  case hidden = "model.hidden"
  case stepCount = "training.steps"
  case evaluationInterval = "training.eval_interval"
  case speed = "training.speed"
  case noise = "data.noise"
  case validationFraction = "data.validation_fraction"
  case sampleCount = "data.samples"
  case seed = "seed"
  case loss = "loss.name"
  case delta = "loss.delta"
  case beta = "loss.beta"
  case labelSmoothing = "loss.label_smoothing"
  case classWeights = "loss.class_weights"
  case positiveWeight = "loss.pos_weight"
  case task = "task"
  case weightDecay = "optimizer.weight_decay"
  case schedule = "schedule.name"
  case scheduleStepSize = "schedule.step_size"
  case scheduleGamma = "schedule.gamma"
  case warmupSteps = "schedule.warmup_steps"
  case features = "data.features"
  case classCount = "data.classes"
  case lags = "data.lags"
  case outliers = "data.outliers"
  case margin = "loss.margin"
  case miner = "loss.miner"
  case distance = "loss.distance"
  case embeddingSize = "model.embedding_size"
  case classesPerBatch = "training.classes_per_batch"
  case samplesPerClass = "training.samples_per_class"
  case identities = "data.identities"
  case samplesPerIdentity = "data.samples_per_identity"
  case variation = "data.variation"
  case pixelLoss = "loss.pixel"
  case perceptualWeight = "loss.perceptual_weight"
  case vggLayers = "loss.layers"
  case vggWeights = "loss.weights"
  case imageTask = "image.task"
  case imageFactor = "image.factor"
  case imageNoise = "image.noise"
  case imageMask = "image.mask"
  case imageSize = "image.size"
  case photos = "image.photos"
  case validationPhotos = "image.validation"
  case styleWeight = "loss.style_weight"
  case styleLayers = "loss.style_layers"
  case totalVariationWeight = "loss.tv_weight"
  case adversarialWeight = "loss.adversarial_weight"
  case stylePhoto = "image.style"

  /// The label the parameter panel shows.
  public var label: String {
    switch self {
    case .learningRate: return "learning rate"
    case .optimizer: return "optimizer"
    case .momentum: return "momentum"
    case .batchSize: return "batch size"
    case .hidden: return "hidden layers"
    case .stepCount: return "steps"
    case .evaluationInterval: return "eval every"
    case .speed: return "speed"
    case .noise: return "data noise"
    case .validationFraction: return "validation"
    case .sampleCount: return "samples"
    case .seed: return "seed"
    case .loss: return "loss"
    case .delta: return "huber delta"
    case .beta: return "smooth beta"
    case .labelSmoothing: return "smoothing"
    case .classWeights: return "class weights"
    case .positiveWeight: return "pos weight"
    case .task: return "task"
    case .weightDecay: return "weight decay"
    case .schedule: return "schedule"
    case .scheduleStepSize: return "decay every"
    case .scheduleGamma: return "decay factor"
    case .warmupSteps: return "warm-up"
    case .features: return "features"
    case .classCount: return "classes"
    case .lags: return "lags"
    case .outliers: return "outliers"
    case .margin, .miner, .distance, .embeddingSize, .classesPerBatch, .samplesPerClass,
      .identities, .samplesPerIdentity, .variation:
      return embeddingLabel
    case .pixelLoss, .perceptualWeight, .vggLayers, .vggWeights, .imageTask, .imageFactor,
      .imageNoise, .imageMask, .imageSize, .photos, .validationPhotos, .styleWeight,
      .styleLayers, .totalVariationWeight, .adversarialWeight, .stylePhoto:
      return imageLabel
    }
  }

  /// The value's meaning and unit, for help text.
  public var summary: String {
    switch self {
    case .learningRate: return "step size of the optimizer, 1e-8 to 10"
    case .optimizer:
      return "sgd, momentum (SGD with momentum), adam, adamw (decoupled weight decay) or rmsprop"
    case .momentum: return "momentum coefficient of SGD with momentum, 0 to 0.999"
    case .batchSize: return "rows per training step, 1 to 4096"
    case .hidden: return "hidden layer sizes, such as 64,32; 'none' for a linear model"
    case .stepCount: return "steps a run trains for, 1 to 10000000"
    case .evaluationInterval: return "steps between validation evaluations, 1 to 100000"
    case .speed: return "steps per second in the lab, 1 to 1000000, or max (0) for no limit"
    case .noise: return "extra target noise, in target standard deviations, 0 to 10"
    case .validationFraction: return "share of rows held out for validation, 0.05 to 0.9"
    case .sampleCount: return "rows the generator makes, 20 to 100000 (generated data only)"
    case .seed: return "seed of every random choice: data, split, weights, batches"
    case .loss:
      return "the loss: " + LossKind.allCases.map(\.rawValue).joined(separator: ", ")
    case .delta: return "where huber turns from quadratic to linear, 1e-6 to 1000, default 1"
    case .beta: return "where smooth_l1 turns from quadratic to linear, 0 to 1000, default 1"
    case .labelSmoothing: return "label smoothing of cross_entropy, 0 to 1, default 0"
    case .classWeights:
      return "class weights: none, balanced (n / (classes * class count)), or one per class "
        + "such as 1,2.5,1"
    case .positiveWeight: return "pos_weight of bce_with_logits, 0.001 to 1000, default 1"
    case .task:
      return "regression, classification or embedding (default: the loss's own task)"
    case .weightDecay: return "decoupled weight decay of adamw, 0 to 1, default 0.01"
    case .schedule:
      return "learning-rate schedule: " + ScheduleKind.allCases.map(\.rawValue)
        .joined(separator: ", ")
    case .scheduleStepSize: return "steps between decays of the step schedule, 1 to 10000000"
    case .scheduleGamma: return "factor of each decay of the step schedule, 0 to 1, default 0.1"
    case .warmupSteps: return "warm-up steps of warmup_cosine, 1 to 10000000, default 100"
    case .features: return "feature columns of a data file, such as bmi,bp; 'all' for every column"
    case .classCount: return "arms (classes) of the spiral generator, 2 to 10, default 3"
    case .lags: return "previous values a series row predicts from, 1 to 64, default 12"
    case .outliers:
      return "share of training targets shifted by 5 to 10 standard deviations, 0 to 0.5"
    case .margin, .miner, .distance, .embeddingSize, .classesPerBatch, .samplesPerClass,
      .identities, .samplesPerIdentity, .variation:
      return embeddingSummary
    case .pixelLoss, .perceptualWeight, .vggLayers, .vggWeights, .imageTask, .imageFactor,
      .imageNoise, .imageMask, .imageSize, .photos, .validationPhotos, .styleWeight,
      .styleLayers, .totalVariationWeight, .adversarialWeight, .stylePhoto:
      return imageSummary
    }
  }

  /// Whether a change takes effect only after a reset, because it changes the
  /// data or the model rather than how training proceeds.
  public var needsReset: Bool {
    switch self {
    case .hidden, .noise, .validationFraction, .sampleCount, .seed, .loss, .classWeights, .task,
      .features, .classCount, .lags, .outliers:
      return true
    case let image where image.isImageParameter:
      return image != .perceptualWeight && image != .pixelLoss
    default: return embeddingNeedsReset
    }
  }
}

/// A rejected parameter value. The message quotes it and states what is allowed.
public struct ParameterError: Error, Equatable, CustomStringConvertible {
  public var path: ParameterPath
  public var message: String
  public var description: String { "\(path.rawValue): \(message)" }
}

extension ParameterPath {
  /// The current value in `spec`, formatted as the user would type it.
  public func value(in spec: ScenarioSpec) -> String {
    switch self {
    case .learningRate: return formatCompact(spec.optimizer.learningRate)
    case .optimizer: return spec.optimizer.kind.rawValue
    case .momentum: return formatCompact(spec.optimizer.momentum)
    case .batchSize: return String(spec.training.batchSize)
    case .hidden:
      return spec.model.hidden.isEmpty
        ? "none" : spec.model.hidden.map(String.init).joined(separator: ",")
    case .stepCount: return String(spec.training.stepCount)
    case .evaluationInterval: return String(spec.training.evaluationInterval)
    case .speed: return spec.training.speed == 0 ? "max" : String(spec.training.speed)
    case .noise: return formatCompact(spec.data.noise)
    case .validationFraction: return formatCompact(spec.data.validationFraction)
    case .sampleCount: return String(spec.data.sampleCount)
    case .seed: return String(spec.seed)
    case .loss: return spec.loss.rawValue
    case .delta: return formatCompact(spec.lossOptions.delta)
    case .beta: return formatCompact(spec.lossOptions.beta)
    case .labelSmoothing: return formatCompact(spec.lossOptions.labelSmoothing)
    case .classWeights:
      switch spec.lossOptions.classWeights {
      case .none: return "none"
      case .balanced: return "balanced"
      case .explicit(let weights): return weights.map(formatCompact).joined(separator: ",")
      }
    case .positiveWeight: return formatCompact(spec.lossOptions.positiveWeight)
    case .task: return spec.task.rawValue
    case .weightDecay: return formatCompact(spec.optimizer.weightDecay)
    case .schedule: return spec.schedule.kind.rawValue
    case .scheduleStepSize: return String(spec.schedule.stepSize)
    case .scheduleGamma: return formatCompact(spec.schedule.gamma)
    case .warmupSteps: return String(spec.schedule.warmupSteps)
    case .features:
      return spec.data.features.isEmpty ? "all" : spec.data.features.joined(separator: ",")
    case .classCount: return String(spec.data.classCount)
    case .lags: return String(spec.data.lags)
    case .outliers: return formatCompact(spec.data.outlierFraction)
    case .margin, .miner, .distance, .embeddingSize, .classesPerBatch, .samplesPerClass,
      .identities, .samplesPerIdentity, .variation:
      return embeddingValue(spec)
    case .pixelLoss, .perceptualWeight, .vggLayers, .vggWeights, .imageTask, .imageFactor,
      .imageNoise, .imageMask, .imageSize, .photos, .validationPhotos, .styleWeight,
      .styleLayers, .totalVariationWeight, .adversarialWeight, .stylePhoto:
      return imageValue(in: spec)
    }
  }

  /// Whether the parameter means anything for `spec` (the sample count only
  /// applies to generated data, the momentum only to SGD with momentum).
  public func applies(to spec: ScenarioSpec) -> Bool {
    if spec.task == .image || isImageParameter { return appliesToImages(spec) }
    switch self {
    case .sampleCount: return spec.data.source.isGenerated
    case .momentum: return spec.optimizer.kind == .momentum
    case .noise: return spec.task == .regression || spec.data.source == .spiral
    case .delta: return spec.loss == .huber
    case .beta: return spec.loss == .smoothL1
    case .labelSmoothing: return spec.loss == .crossEntropy
    case .classWeights: return spec.task == .classification
    case .positiveWeight: return spec.loss == .bceWithLogits
    case .weightDecay: return spec.optimizer.kind == .adamw
    case .scheduleStepSize, .scheduleGamma: return spec.schedule.kind == .step
    case .warmupSteps: return spec.schedule.kind == .warmupCosine
    case .features:
      switch spec.data.source {
      case .csv: return true
      case .bundled(let file): return !file.isSeries
      default: return false
      }
    case .classCount: return spec.data.source == .spiral
    case .lags: return spec.data.source.isSeries
    case .outliers: return spec.task == .regression
    case .batchSize: return spec.loss != .triplet
    case .margin, .miner, .distance, .embeddingSize, .classesPerBatch, .samplesPerClass,
      .identities, .samplesPerIdentity, .variation:
      return embeddingApplies(to: spec)
    default: return true
    }
  }

  /// The reason a change of this parameter is rejected where it does not apply.
  public var notApplicableReason: String {
    switch self {
    case .sampleCount: return "samples applies only to generated data; this scenario reads a file"
    case .momentum: return "momentum applies only to the momentum optimizer; choose it first"
    case .weightDecay: return "weight decay applies only to the adamw optimizer; choose it first"
    case .delta: return "delta applies only to the huber loss; set loss.name=huber first"
    case .beta: return "beta applies only to the smooth_l1 loss; set loss.name=smooth_l1 first"
    case .labelSmoothing:
      return "label smoothing applies only to cross_entropy; set loss.name=cross_entropy first"
    case .positiveWeight:
      return "pos weight applies only to bce_with_logits; set loss.name=bce_with_logits first"
    case .classWeights, .outliers, .noise:
      return "\(label) applies only to regression (or, for noise, the spiral); not to this task"
    case .scheduleStepSize, .scheduleGamma:
      return "\(label) applies only to the step schedule; set schedule.name=step first"
    case .warmupSteps:
      return "warm-up applies only to warmup_cosine; set schedule.name=warmup_cosine first"
    case .classCount: return "classes applies only to the spiral generator"
    case .lags: return "lags applies only to series data (elnino, co2, stock_walk)"
    case .features: return "features applies only to data files that are not series"
    case .batchSize:
      return "the triplet loss draws P×K batches; set training.classes_per_batch and "
        + "training.samples_per_class instead"
    case .margin, .miner, .distance, .embeddingSize, .classesPerBatch, .samplesPerClass,
      .identities, .samplesPerIdentity, .variation:
      return embeddingNotApplicableReason
    case let image where image.isImageParameter: return imageNotApplicableReason
    default: return "\(label) does not apply to this scenario"
    }
  }

  /// Parses `text` and stores it in `spec`, or throws without changing `spec`.
  public func apply(_ text: String, to spec: inout ScenarioSpec) throws(ParameterError) {
    let text = text.trimmingCharacters(in: .whitespaces)
    switch self {
    case .learningRate:
      spec.optimizer.learningRate = try parseReal(text, in: 1e-8...10, example: "0.001")
    case .optimizer:
      guard let kind = OptimizerKind(rawValue: text.lowercased()) else {
        throw ParameterError(path: self, message: "unknown optimizer '\(text)'; expected one of: "
          + OptimizerKind.allCases.map(\.rawValue).joined(separator: ", "))
      }
      spec.optimizer.kind = kind
    case .momentum:
      spec.optimizer.momentum = try parseReal(text, in: 0...0.999, example: "0.9")
    case .batchSize: spec.training.batchSize = try parseInteger(text, in: 1...4096)
    case .hidden: spec.model.hidden = try parseLayers(text)
    case .stepCount: spec.training.stepCount = try parseInteger(text, in: 1...10_000_000)
    case .evaluationInterval:
      spec.training.evaluationInterval = try parseInteger(text, in: 1...100_000)
    case .speed:
      spec.training.speed = text.lowercased() == "max" ? 0 : try parseInteger(text, in: 0...1_000_000)
    case .noise: spec.data.noise = try parseReal(text, in: 0...10, example: "0.1")
    case .validationFraction:
      spec.data.validationFraction = try parseReal(text, in: 0.05...0.9, example: "0.2")
    case .sampleCount: spec.data.sampleCount = try parseInteger(text, in: 20...100_000)
    case .seed:
      guard let seed = UInt64(text) else {
        throw ParameterError(path: self,
          message: "invalid value '\(text)'; enter a whole number from 0 to \(UInt64.max)")
      }
      spec.seed = seed
    case .loss:
      guard let kind = LossKind(rawValue: text.lowercased()) else {
        throw ParameterError(path: self, message: "unknown loss '\(text)'; expected one of: "
          + LossKind.allCases.map(\.rawValue).joined(separator: ", "))
      }
      spec.loss = kind
      if !kind.isElementwise || spec.task == .embedding || spec.task == .image {
        spec.task = kind.defaultTask
      }
    case .delta: spec.lossOptions.delta = try parseReal(text, in: 1e-6...1000, example: "1")
    case .beta: spec.lossOptions.beta = try parseReal(text, in: 0...1000, example: "1")
    case .labelSmoothing:
      spec.lossOptions.labelSmoothing = try parseReal(text, in: 0...1, example: "0.1")
    case .classWeights: spec.lossOptions.classWeights = try parseWeights(text)
    case .positiveWeight:
      spec.lossOptions.positiveWeight = try parseReal(text, in: 0.001...1000, example: "2")
    case .task:
      guard let task = TaskKind(rawValue: text.lowercased()) else {
        throw ParameterError(path: self, message: "unknown task '\(text)'; expected one of: "
          + TaskKind.allCases.map(\.rawValue).joined(separator: ", "))
      }
      spec.task = task
    case .weightDecay: spec.optimizer.weightDecay = try parseReal(text, in: 0...1, example: "0.01")
    case .schedule:
      guard let kind = ScheduleKind(rawValue: text.lowercased()) else {
        throw ParameterError(path: self, message: "unknown schedule '\(text)'; expected one of: "
          + ScheduleKind.allCases.map(\.rawValue).joined(separator: ", "))
      }
      spec.schedule.kind = kind
    case .scheduleStepSize: spec.schedule.stepSize = try parseInteger(text, in: 1...10_000_000)
    case .scheduleGamma: spec.schedule.gamma = try parseReal(text, in: 0...1, example: "0.1")
    case .warmupSteps: spec.schedule.warmupSteps = try parseInteger(text, in: 1...10_000_000)
    case .features: spec.data.features = try parseNames(text)
    case .classCount: spec.data.classCount = try parseInteger(text, in: 2...10)
    case .lags: spec.data.lags = try parseInteger(text, in: 1...64)
    case .outliers:
      spec.data.outlierFraction = try parseReal(text, in: 0...0.5, example: "0.05")
    case .margin, .miner, .distance, .embeddingSize, .classesPerBatch, .samplesPerClass,
      .identities, .samplesPerIdentity, .variation:
      try applyEmbedding(text, to: &spec)
    case .pixelLoss, .perceptualWeight, .vggLayers, .vggWeights, .imageTask, .imageFactor,
      .imageNoise, .imageMask, .imageSize, .photos, .validationPhotos, .styleWeight,
      .styleLayers, .totalVariationWeight, .adversarialWeight, .stylePhoto:
      try applyImage(text, to: &spec)
    }
  }

  /// Parses class weights: `none`, `balanced`, or positive numbers separated by commas.
  private func parseWeights(_ text: String) throws(ParameterError) -> ClassWeighting {
    switch text.lowercased() {
    case "none": return .none
    case "balanced": return .balanced
    default: break
    }
    let parts = text.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
      .split(separator: ",", omittingEmptySubsequences: false)
      .map { $0.trimmingCharacters(in: .whitespaces) }
    var weights: [Double] = []
    for part in parts {
      guard let weight = Double(part), weight.isFinite, weight >= 0 else {
        throw ParameterError(path: self, message: "invalid class weight '\(part)' in '\(text)'; "
          + "enter none, balanced, or one number ≥ 0 per class such as 1,2.5,1")
      }
      weights.append(weight)
    }
    guard weights.count >= 2 else {
      throw ParameterError(path: self,
        message: "'\(text)' gives \(weights.count) weight; give one per class (at least 2)")
    }
    // With every weight 0 the weighted mean divides 0 by 0, so the loss is NaN.
    guard weights.contains(where: { $0 > 0 }) else {
      throw ParameterError(path: self, message: "every weight in '\(text)' is 0, so the loss "
        + "would be 0/0; give at least one class a weight above 0")
    }
    return .explicit(weights)
  }

  /// Parses column names separated by commas; `all` (or nothing) for every column.
  private func parseNames(_ text: String) throws(ParameterError) -> [String] {
    if text.isEmpty || text.lowercased() == "all" { return [] }
    let names = text.split(separator: ",", omittingEmptySubsequences: false)
      .map { $0.trimmingCharacters(in: .whitespaces) }
    if let empty = names.firstIndex(where: \.isEmpty) {
      throw ParameterError(path: self, message: "column name \(empty + 1) in '\(text)' is "
        + "empty; enter names separated by commas, such as bmi,bp, or 'all'")
    }
    if let repeated = names.first(where: { name in names.filter { $0 == name }.count > 1 }) {
      throw ParameterError(path: self, message: "column '\(repeated)' is named twice in '\(text)'")
    }
    return names
  }

  /// The value one step up (`direction` 1) or down (−1) from the current one,
  /// or nil at the end of the range. Learning rate, steps and sample counts
  /// move along 1, 2, 5, 10, …; batch sizes double or halve.
  public func stepped(in spec: ScenarioSpec, direction: Int) -> String? {
    let up = direction > 0
    switch self {
    case .learningRate:
      return formatCompact(oneTwoFive(from: spec.optimizer.learningRate, up: up))
    case .optimizer:
      let all = OptimizerKind.allCases
      let index = all.firstIndex(of: spec.optimizer.kind)!
      return all[(index + (up ? 1 : all.count - 1)) % all.count].rawValue
    case .momentum:
      return formatCompact(((spec.optimizer.momentum + (up ? 0.05 : -0.05)) * 100).rounded() / 100)
    case .batchSize:
      if !up && spec.training.batchSize == 1 { return nil }
      return String(up ? spec.training.batchSize * 2 : spec.training.batchSize / 2)
    case .hidden: return nextPreset(after: spec.model.hidden, up: up)
    case .stepCount:
      return String(Int(oneTwoFive(from: Double(spec.training.stepCount), up: up)))
    case .evaluationInterval:
      return String(max(1, Int(oneTwoFive(from: Double(spec.training.evaluationInterval), up: up))))
    case .speed:
      // The series ends at 10000 steps/s; one more step up removes the limit.
      let current = spec.training.speed
      if current == 0 { return up ? nil : "10000" }
      if up && current >= 10000 { return "max" }
      return String(max(1, Int(oneTwoFive(from: Double(current), up: up))))
    case .noise:
      return formatCompact(max(0, ((spec.data.noise + (up ? 0.05 : -0.05)) * 100).rounded() / 100))
    case .validationFraction:
      let next = ((spec.data.validationFraction + (up ? 0.05 : -0.05)) * 100).rounded() / 100
      return formatCompact(next)
    case .sampleCount:
      return String(Int(oneTwoFive(from: Double(spec.data.sampleCount), up: up)))
    case .seed:
      if !up && spec.seed == 0 { return nil }
      return String(up ? spec.seed &+ 1 : spec.seed - 1)
    case .loss:
      // Photos and tables are different data, so the keys stay within one kind.
      let choices = LossKind.allCases.filter { ($0 == .perceptual) == (spec.task == .image) }
      guard choices.count > 1 else { return nil }
      return cycled(choices, current: spec.loss, up: up).rawValue
    case .task:
      let choices = TaskKind.allCases.filter { $0 != .image }
      return cycled(choices, current: spec.task, up: up).rawValue
    case .schedule:
      return cycled(ScheduleKind.allCases, current: spec.schedule.kind, up: up).rawValue
    case .classWeights:
      if case .explicit = spec.lossOptions.classWeights { return up ? "none" : "balanced" }
      return spec.lossOptions.classWeights == .none ? "balanced" : "none"
    case .delta: return formatCompact(oneTwoFive(from: spec.lossOptions.delta, up: up))
    case .beta: return formatCompact(oneTwoFive(from: spec.lossOptions.beta, up: up))
    case .positiveWeight:
      return formatCompact(oneTwoFive(from: spec.lossOptions.positiveWeight, up: up))
    case .labelSmoothing:
      let next = ((spec.lossOptions.labelSmoothing + (up ? 0.05 : -0.05)) * 100).rounded() / 100
      return formatCompact(min(1, max(0, next)))
    case .weightDecay:
      return formatCompact(oneTwoFive(from: spec.optimizer.weightDecay, up: up))
    case .scheduleStepSize:
      return String(max(1, Int(oneTwoFive(from: Double(spec.schedule.stepSize), up: up))))
    case .scheduleGamma:
      return formatCompact(min(1, max(0, ((spec.schedule.gamma + (up ? 0.1 : -0.1)) * 10)
        .rounded() / 10)))
    case .warmupSteps:
      return String(max(1, Int(oneTwoFive(from: Double(spec.schedule.warmupSteps), up: up))))
    case .features: return nil
    case .classCount:
      let next = spec.data.classCount + (up ? 1 : -1)
      return (2...10).contains(next) ? String(next) : nil
    case .lags:
      let next = spec.data.lags + (up ? 1 : -1)
      return (1...64).contains(next) ? String(next) : nil
    case .outliers:
      let next = ((spec.data.outlierFraction + (up ? 0.05 : -0.05)) * 100).rounded() / 100
      return formatCompact(min(0.5, max(0, next)))
    case .margin, .miner, .distance, .embeddingSize, .classesPerBatch, .samplesPerClass,
      .identities, .samplesPerIdentity, .variation:
      return steppedEmbedding(in: spec, direction: direction)
    case .pixelLoss, .perceptualWeight, .vggLayers, .vggWeights, .imageTask, .imageFactor,
      .imageNoise, .imageMask, .imageSize, .photos, .validationPhotos, .styleWeight,
      .styleLayers, .totalVariationWeight, .adversarialWeight, .stylePhoto:
      return steppedImage(in: spec, up: up)
    }
  }

  private func cycled<Kind: Equatable>(_ all: [Kind], current: Kind, up: Bool) -> Kind {
    let index = all.firstIndex(of: current) ?? 0
    return all[(index + (up ? 1 : all.count - 1)) % all.count]
  }

  private func parseReal(
    _ text: String, in range: ClosedRange<Double>, example: String
  ) throws(ParameterError) -> Double {
    guard let value = Double(text), value.isFinite else {
      throw ParameterError(path: self, message:
        "invalid value '\(text)'; enter a number from \(formatCompact(range.lowerBound)) "
        + "to \(formatCompact(range.upperBound)), such as \(example)")
    }
    guard range.contains(value) else {
      throw ParameterError(path: self, message:
        "\(text) is out of range; enter a number from \(formatCompact(range.lowerBound)) "
        + "to \(formatCompact(range.upperBound))")
    }
    return value
  }

  private func parseInteger(
    _ text: String, in range: ClosedRange<Int>
  ) throws(ParameterError) -> Int {
    guard let value = Int(text) else {
      throw ParameterError(path: self, message:
        "invalid value '\(text)'; enter a whole number from \(range.lowerBound) "
        + "to \(range.upperBound)")
    }
    guard range.contains(value) else {
      throw ParameterError(path: self, message:
        "\(value) is out of range; enter a whole number from \(range.lowerBound) "
        + "to \(range.upperBound)")
    }
    return value
  }

  private func parseLayers(_ text: String) throws(ParameterError) -> [Int] {
    let lowered = text.lowercased()
    if lowered == "none" || lowered == "[]" { return [] }
    if lowered.isEmpty {
      throw ParameterError(path: self, message: "no value given; enter sizes such as 64,32, "
        + "or 'none' for a linear model")
    }
    let parts = lowered.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
      .split(separator: ",", omittingEmptySubsequences: false)
      .map { $0.trimmingCharacters(in: .whitespaces) }
    var sizes: [Int] = []
    for part in parts {
      guard let size = Int(part), (1...1024).contains(size) else {
        throw ParameterError(path: self, message:
          "invalid layer size '\(part)' in '\(text)'; enter sizes from 1 to 1024 separated "
          + "by commas, such as 64,32, or 'none' for a linear model")
      }
      sizes.append(size)
    }
    guard sizes.count <= 6 else {
      throw ParameterError(path: self, message: "\(sizes.count) hidden layers; at most 6 are allowed")
    }
    return sizes
  }

  private static let hiddenPresets: [[Int]] = [
    [], [8], [16], [32], [64], [16, 16], [32, 32], [64, 64], [128, 128], [64, 64, 64],
  ]

  private func nextPreset(after current: [Int], up: Bool) -> String {
    let presets = Self.hiddenPresets
    let weight = current.reduce(0, +) * max(1, current.count)
    let index = presets.firstIndex(of: current)
      ?? presets.lastIndex { $0.reduce(0, +) * max(1, $0.count) <= weight } ?? 0
    let next = presets[min(presets.count - 1, max(0, index + (up ? 1 : -1)))]
    return next.isEmpty ? "none" : next.map(String.init).joined(separator: ",")
  }
}

/// The next value of the 1, 2, 5, 10, 20, … series above or below `value`.
func oneTwoFive(from value: Double, up: Bool) -> Double {
  guard value > 0 else { return 1 }
  let exponent = floor(log10(value))
  let candidates = (-1...2).flatMap { shift in
    [1.0, 2.0, 5.0].map { $0 * pow(10, exponent + Double(shift)) }
  }
  let tolerance = value * 1e-9
  if up { return candidates.first { $0 > value + tolerance } ?? value * 10 }
  return candidates.last { $0 < value - tolerance } ?? value / 10
}

/// Formats a number with up to 6 significant digits and no trailing zeros.
public func formatCompact(_ value: Double) -> String {
  if value == value.rounded() && abs(value) < 1e9 { return String(Int(value)) }
  var text = String(format: "%.6g", value)
  if text.contains("e") { return text }
  while text.hasSuffix("0") { text.removeLast() }
  if text.hasSuffix(".") { text.removeLast() }
  return text
}

extension ParameterPath {
  /// Applies `text` to the settings of an open scenario, as `apply` does, but
  /// rejects a change between photos and tables: an image scenario has no
  /// table to fall back on, and a table scenario no photos.
  public func change(_ text: String, in spec: inout ScenarioSpec) throws(ParameterError) {
    var changed = spec
    try apply(text, to: &changed)
    if spec.task == .image && changed.task != .image {
      throw ParameterError(path: self, message: "image scenarios train on photos with loss "
        + "'perceptual'; for pixel MSE alone set loss.perceptual_weight to 0")
    }
    if spec.task != .image && changed.task == .image {
      throw ParameterError(path: self, message: "'\(text)' needs photos, and this scenario's "
        + "data is a table; open an image scenario (the VGG perceptual group)")
    }
    spec = changed
  }
}

/// The loss a scenario trains with.
///
/// Triplet and perceptual losses have their own tasks (embedding, image);
/// `task` routes every case to its task.
public enum LossKind: String, Sendable, CaseIterable {
  case mse
  case l1
  case huber
  case smoothL1 = "smooth_l1"
  case crossEntropy = "cross_entropy"
  case bceWithLogits = "bce_with_logits"
  case triplet
  /// A pixel loss plus a weighted VGG feature loss, on images (`ImageSpec`).
  case perceptual

  /// The heading the lab groups scenarios under.
  public var title: String {
    switch self {
    case .mse: return "Mean squared error"
    case .l1: return "L1 (mean absolute error)"
    case .huber: return "Huber"
    case .smoothL1: return "Smooth L1"
    case .crossEntropy: return "Cross-entropy"
    case .bceWithLogits: return "Binary cross-entropy"
    case .triplet: return "Triplet"
    case .perceptual: return "VGG perceptual"
    }
  }

  /// The loss's name on chart axes.
  public var shortName: String {
    switch self {
    case .mse: return "MSE"
    case .l1: return "L1"
    case .huber: return "Huber"
    case .smoothL1: return "smooth L1"
    case .crossEntropy: return "CE"
    case .bceWithLogits: return "BCE"
    case .triplet: return "triplet"
    case .perceptual: return "perceptual"
    }
  }

  /// The task a scenario with this loss has when the file names none.
  public var defaultTask: TaskKind {
    switch self {
    case .mse, .l1, .huber, .smoothL1: return .regression
    case .crossEntropy, .bceWithLogits: return .classification
    case .triplet: return .embedding
    case .perceptual: return .image
    }
  }

  /// Whether the loss compares numbers element by element, so it also fits a
  /// classifier's outputs against one-hot targets.
  public var isElementwise: Bool { defaultTask == .regression }
}

/// The kind of prediction a scenario's model makes.
public enum TaskKind: String, Sendable, CaseIterable {
  /// One number per row; metrics RMSE and MAE.
  case regression
  /// One class per row, from integer class codes 0, 1, …; metrics accuracy,
  /// per-class accuracy and the confusion matrix.
  case classification
  /// An embedding per row, trained so that rows of one class lie close;
  /// metrics recall@1 and mean average precision (`EmbeddingSpec`).
  case embedding
  /// A photo restored from a degraded one (`ImageSpec`); metrics PSNR and SSIM.
  case image
}

/// Class weights of a classification loss.
public enum ClassWeighting: Sendable, Equatable {
  /// Every class weighs 1.
  case none
  /// wₖ = n / (C · nₖ) from the training rows' class counts, as scikit-learn's
  /// `class_weight="balanced"`, so every class contributes equally to the loss.
  case balanced
  /// One weight per class, in class order.
  case explicit([Double])
}

/// The options of the loss, with PyTorch's names and defaults.
public struct LossOptions: Sendable, Equatable {
  /// Huber's δ, where the quadratic part turns linear. Default 1.
  public var delta: Double = 1
  /// Smooth L1's β. Default 1.
  public var beta: Double = 1
  /// Cross-entropy's label smoothing ε, 0 to 1. Default 0.
  public var labelSmoothing: Double = 0
  /// Class weights of cross-entropy (`weight`) and of BCE (per row by its class).
  public var classWeights: ClassWeighting = .none
  /// BCE's `pos_weight`, the weight of positive targets. Default 1.
  public var positiveWeight: Double = 1

  public init() {}
}

/// A bundled data file of `scenarios/data`, known by name.
public enum BundledData: String, Sendable, CaseIterable {
  case diabetes
  case digits
  case breastCancer = "breast_cancer"
  case newsTopics = "news_topics"
  case elnino
  case co2

  /// The file, relative to the scenario folder.
  public var path: String {
    switch self {
    case .diabetes: return "data/diabetes.csv"
    case .digits: return "data/digits.csv"
    case .breastCancer: return "data/breast-cancer.csv"
    case .newsTopics: return "data/news-topics.csv"
    case .elnino: return "data/elnino-sst.csv"
    case .co2: return "data/co2-mauna-loa.csv"
    }
  }

  /// The column to predict, or for a series the column of its values.
  public var target: String {
    switch self {
    case .diabetes: return "progression"
    case .digits: return "digit"
    case .breastCancer: return "diagnosis"
    case .newsTopics: return "topic"
    case .elnino: return "sst_celsius"
    case .co2: return "co2_ppm"
    }
  }

  /// Whether the file is a time series, predicted from its previous values.
  public var isSeries: Bool { self == .elnino || self == .co2 }

  /// Names of the class codes 0, 1, … of a classification file.
  public var classNames: [String] {
    switch self {
    case .digits: return (0..<10).map(String.init)
    case .breastCancer: return ["benign", "malignant"]
    case .newsTopics: return ["economy", "politics", "sport", "world"]
    default: return []
    }
  }
}

/// The origin of a scenario's data.
public enum DataSource: Sendable, Equatable {
  /// The house-price generator (area, rooms, age, distance → price).
  case housePrices
  /// A CSV file with a header row; `path` is relative to the scenario file.
  case csv(path: String, target: String)
  /// A file of `scenarios/data` by name, with its known target.
  case bundled(BundledData)
  /// Interleaved 2-D spiral arms, one class per arm (`Spiral` in LabData).
  case spiral
  /// A daily stock price as a geometric random walk (`StockWalk` in LabData).
  case stockWalk
  /// Face-like identities, 16×16 images (`FaceIdentities` in LabData).
  case faces
  /// Views of catalogue products, 17 features (`ProductCatalog` in LabData).
  case products

  /// Whether rows are a series's lagged windows: split in time order and
  /// compared with predicting the previous value.
  public var isSeries: Bool {
    switch self {
    case .bundled(let file): return file.isSeries
    case .stockWalk: return true
    default: return false
    }
  }

  /// Whether the rows come from a generator, so `data.samples` applies.
  public var isGenerated: Bool {
    self == .housePrices || self == .spiral || self == .stockWalk
  }
}

public struct DataSpec: Sendable, Equatable {
  public var source: DataSource
  /// Rows the generator makes; ignored for files. Default 500.
  public var sampleCount: Int
  /// Regression: standard deviation of Gaussian noise added to the target, in
  /// units of the target's standard deviation. Spiral: standard deviation of
  /// the noise added to each coordinate, in arm radii. Default 0.
  public var noise: Double
  /// The share of rows held out for validation, in (0, 1). Default 0.2.
  public var validationFraction: Double
  /// Feature columns of a file to use, in this order; empty for all. Default empty.
  public var features: [String] = []
  /// Classes of the spiral generator, 2 to 10. Default 3.
  public var classCount: Int = 3
  /// Previous values a series row predicts from, 1 to 64. Default 12.
  public var lags: Int = 12
  /// Share of training targets turned into outliers (shifted by 5 to 10
  /// target standard deviations), 0 to 0.5; validation rows stay clean. Default 0.
  public var outlierFraction: Double = 0

  public init(
    source: DataSource, sampleCount: Int, noise: Double, validationFraction: Double
  ) {
    self.source = source
    self.sampleCount = sampleCount
    self.noise = noise
    self.validationFraction = validationFraction
  }
}

public struct ModelSpec: Sendable, Equatable {
  /// Hidden layer sizes of the MLP; empty for a linear model. Default [32, 32].
  public var hidden: [Int]
}

public enum OptimizerKind: String, Sendable, CaseIterable {
  case sgd, momentum, adam, adamw, rmsprop

  public var title: String {
    switch self {
    case .sgd: return "SGD"
    case .momentum: return "Momentum"
    case .adam: return "Adam"
    case .adamw: return "AdamW"
    case .rmsprop: return "RMSprop"
    }
  }
}

public struct OptimizerSpec: Sendable, Equatable {
  public var kind: OptimizerKind
  public var learningRate: Double
  /// Momentum coefficient for `momentum`; default 0.9.
  public var momentum: Double
  /// Decoupled weight decay of `adamw`; default 0.01, as PyTorch's AdamW.
  public var weightDecay: Double

  public init(
    kind: OptimizerKind, learningRate: Double, momentum: Double, weightDecay: Double = 0.01
  ) {
    self.kind = kind
    self.learningRate = learningRate
    self.momentum = momentum
    self.weightDecay = weightDecay
  }
}

/// The rule that changes the learning rate over a run.
public enum ScheduleKind: String, Sendable, CaseIterable {
  /// The optimizer's rate throughout.
  case none
  /// Multiplied by `gamma` every `step_size` steps (PyTorch's StepLR).
  case step
  /// Cosine annealing to 0 over the run's steps (CosineAnnealingLR).
  case cosine
  /// Linear warm-up from a third of the rate over `warmup_steps`, then cosine
  /// annealing to 0 at the run's last step.
  case warmupCosine = "warmup_cosine"
}

public struct ScheduleSpec: Sendable, Equatable {
  public var kind: ScheduleKind = .none
  /// Steps between two decays of `step`. Default 500.
  public var stepSize: Int = 500
  /// Factor of each decay of `step`. Default 0.1.
  public var gamma: Double = 0.1
  /// Warm-up steps of `warmup_cosine`. Default 100.
  public var warmupSteps: Int = 100

  public init() {}
}

public struct TrainingSpec: Sendable, Equatable {
  /// Rows per step. Default 32.
  public var batchSize: Int
  /// Steps a run trains for before it stops. Default 2000.
  public var stepCount: Int
  /// Steps between evaluations on the validation rows. Default 25.
  public var evaluationInterval: Int
  /// Steps per second the lab trains at, so curves can be watched forming;
  /// 0 trains as fast as the machine allows. Headless commands ignore it.
  /// Default 500.
  public var speed: Int

  public init(batchSize: Int, stepCount: Int, evaluationInterval: Int, speed: Int = 500) {
    self.batchSize = batchSize
    self.stepCount = stepCount
    self.evaluationInterval = evaluationInterval
    self.speed = speed
  }
}

/// A screen size in cells, for snapshots.
public struct ScreenSize: Sendable, Equatable {
  public var width: Int
  public var height: Int

  public init(width: Int, height: Int) {
    self.width = width
    self.height = height
  }
}

/// Everything that fixes a run: data, model, loss, optimizer, training
/// settings and seed, plus an optional script for replays.
public struct ScenarioSpec: Sendable, Equatable {
  /// The file name without `.json`; how commands name the scenario.
  public var id: String
  /// The file the spec was read from, for messages and relative data paths.
  public var path: String
  public var title: String
  public var description: String
  public var loss: LossKind
  public var lossOptions = LossOptions()
  /// Regression or classification; by default the loss's own task.
  public var task: TaskKind = .regression
  public var data: DataSpec
  public var model: ModelSpec
  public var optimizer: OptimizerSpec
  public var schedule = ScheduleSpec()
  /// Triplet loss, embedding and P×K batch settings (`triplet` only).
  public var embedding = EmbeddingSpec()
  /// Photos, degradation and loss terms of the image task.
  public var image = ImageSpec()
  public var training: TrainingSpec
  public var seed: UInt64
  /// The terminal size replays render snapshots at. Default 100×30.
  public var screen: ScreenSize
  public var script: [ScriptStep]

  public init(
    id: String, path: String, title: String, description: String, loss: LossKind,
    data: DataSpec, model: ModelSpec, optimizer: OptimizerSpec, training: TrainingSpec,
    seed: UInt64, screen: ScreenSize, script: [ScriptStep]
  ) {
    self.id = id
    self.path = path
    self.title = title
    self.description = description
    self.loss = loss
    self.task = loss.defaultTask
    self.data = data
    self.model = model
    self.optimizer = optimizer
    self.training = training
    self.seed = seed
    self.screen = screen
    self.script = script
  }
}

/// One step of a scenario's script.
public enum ScriptStep: Sendable, Equatable {
  /// Train this many steps.
  case run(Int)
  /// Change parameters, by path (`optimizer.learning_rate`) and value text.
  case set([(path: ParameterPath, value: String)])
  /// Press keys in the lab, by name (`space`, `tab`, `down`, `r`).
  case keys([String])
  /// Check a quantity against bounds.
  case expect(Expectation)
  /// Compare the screen with a stored snapshot of this name.
  case snapshot(String)
  /// Stop a lesson and show this message until the student continues. A
  /// replay logs the message and goes on.
  case pause(String)

  public static func == (left: ScriptStep, right: ScriptStep) -> Bool {
    switch (left, right) {
    case (.run(let a), .run(let b)): return a == b
    case (.set(let a), .set(let b)):
      return a.map(\.path) == b.map(\.path) && a.map(\.value) == b.map(\.value)
    case (.keys(let a), .keys(let b)): return a == b
    case (.expect(let a), .expect(let b)): return a == b
    case (.snapshot(let a), .snapshot(let b)): return a == b
    case (.pause(let a), .pause(let b)): return a == b
    default: return false
    }
  }
}

/// A bound on a quantity of the latest evaluation, checked by replays.
public struct Expectation: Sendable, Equatable {
  public var quantity: Quantity
  public var below: Double?
  public var above: Double?
  /// The expectation's place in the scenario file, for failure reports.
  public var location: SourceLocation
}

/// A number a run reports that scripts can check.
public enum Quantity: String, Sendable, CaseIterable {
  case step
  case trainLoss = "train_loss"
  case validationLoss = "val_loss"
  /// Validation RMSE in the target's own units.
  case rmse
  /// RMSE of always predicting the training mean, on the validation rows.
  case baselineRMSE = "baseline_rmse"
  /// rmse ÷ baseline_rmse: below 1 means better than predicting the mean.
  case rmseRatio = "rmse_ratio"
  /// Validation mean absolute error in the target's own units.
  case mae
  /// rmse ÷ the RMSE of predicting a series's previous value: about 1 when the
  /// model has learned to repeat the last value.
  case persistenceRatio = "persistence_ratio"
  /// Share of validation rows classified correctly.
  case accuracy
  /// Mean of the per-class accuracies (recall), which weighs every class alike.
  case balancedAccuracy = "balanced_accuracy"
  /// The lowest per-class accuracy.
  case minimumClassAccuracy = "min_class_accuracy"
  /// Share of validation items whose nearest other item has their class.
  case recallAt1 = "recall_at_1"
  /// Mean over validation items of the average precision of their ranking.
  case meanAveragePrecision = "mean_average_precision"
  /// Mean PSNR of the outputs against the targets on the validation photos, in dB.
  case psnr
  /// Mean SSIM of the outputs against the targets on the validation photos.
  case ssim
  /// Mean PSNR of the degraded inputs themselves: the bilinear or noisy baseline.
  case inputPSNR = "input_psnr"
  /// Mean SSIM of the degraded inputs.
  case inputSSIM = "input_ssim"
  /// psnr − input_psnr, in dB: above 0 means the network improved on its input.
  case psnrGain = "psnr_gain"
  /// The weighted content term of style transfer on the validation photos.
  case contentLoss = "content_loss"
  /// The weighted Gram-matrix style term of style transfer on the validation photos.
  case styleLoss = "style_loss"
  /// style_loss ÷ its value at step 0, when the output is the content photo
  /// itself: below 1 means the output has moved towards the style.
  case styleRatio = "style_ratio"
  /// The discriminator's binary cross-entropy on the validation photos, the
  /// mean of its real and fake terms: ln 2 ≈ 0.693 when it cannot tell them apart.
  case discriminatorLoss = "discriminator_loss"
  /// The discriminator's mean probability that the validation targets are real.
  case realProbability = "real_probability"
  /// The discriminator's mean probability that the generator's outputs are real.
  case fakeProbability = "fake_probability"
}

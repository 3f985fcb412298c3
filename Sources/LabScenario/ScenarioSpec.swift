/// The loss a scenario trains with.
public enum LossKind: String, Sendable, CaseIterable {
  case mse

  /// The heading the lab groups scenarios under.
  public var title: String {
    switch self {
    case .mse: return "Mean squared error"
    }
  }
}

/// The origin of a scenario's data.
public enum DataSource: Sendable, Equatable {
  /// The house-price generator (area, rooms, age, distance → price).
  case housePrices
  /// A CSV file with a header row; `path` is relative to the scenario file.
  case csv(path: String, target: String)
}

public struct DataSpec: Sendable, Equatable {
  public var source: DataSource
  /// Rows the generator makes; ignored for CSV files. Default 500.
  public var sampleCount: Int
  /// Standard deviation of Gaussian noise added to the target, in units of
  /// the target's standard deviation. Default 0 (the data as it is).
  public var noise: Double
  /// The share of rows held out for validation, in (0, 1). Default 0.2.
  public var validationFraction: Double
}

public struct ModelSpec: Sendable, Equatable {
  /// Hidden layer sizes of the MLP; empty for a linear model. Default [32, 32].
  public var hidden: [Int]
}

public enum OptimizerKind: String, Sendable, CaseIterable {
  case sgd, momentum, adam

  public var title: String {
    switch self {
    case .sgd: return "SGD"
    case .momentum: return "Momentum"
    case .adam: return "Adam"
    }
  }
}

public struct OptimizerSpec: Sendable, Equatable {
  public var kind: OptimizerKind
  public var learningRate: Double
  /// Momentum coefficient for `momentum`; default 0.9.
  public var momentum: Double
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
  public var data: DataSpec
  public var model: ModelSpec
  public var optimizer: OptimizerSpec
  public var training: TrainingSpec
  public var seed: UInt64
  /// The terminal size replays render snapshots at. Default 100×30.
  public var screen: ScreenSize
  public var script: [ScriptStep]
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

  public static func == (left: ScriptStep, right: ScriptStep) -> Bool {
    switch (left, right) {
    case (.run(let a), .run(let b)): return a == b
    case (.set(let a), .set(let b)):
      return a.map(\.path) == b.map(\.path) && a.map(\.value) == b.map(\.value)
    case (.keys(let a), .keys(let b)): return a == b
    case (.expect(let a), .expect(let b)): return a == b
    case (.snapshot(let a), .snapshot(let b)): return a == b
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
}

import Foundation
import LabData
import LabTensor

/// A scenario's rows before the split, with what the task needs to know about them.
struct LoadedData {
  var dataset: Dataset
  /// Names of the class codes 0, 1, … (classification only).
  var classNames: [String]
}

extension TrainingSession {
  /// Reads or generates the rows of `spec`, checks them for its task, and
  /// names the classes. Nothing of a file that fails to read is kept.
  static func loadData(_ spec: ScenarioSpec) throws(SessionError) -> LoadedData {
    var dataset: Dataset
    var classNames: [String] = []
    switch spec.data.source {
    case .housePrices:
      dataset = HousePrices.generate(
        count: spec.data.sampleCount, noise: spec.data.noise, seed: spec.seed)
    case .spiral:
      dataset = Spiral.generate(
        count: spec.data.sampleCount, classCount: spec.data.classCount, noise: spec.data.noise,
        seed: spec.seed)
    case .stockWalk:
      let prices = StockWalk.prices(count: spec.data.sampleCount + spec.data.lags, seed: spec.seed)
      dataset = Dataset.lagged(series: prices, lags: spec.data.lags, name: "price")
    case .faces, .products:
      dataset = generateIdentities(spec)
    case .csv(let path, let target):
      dataset = try readFile(path, target: target, spec: spec)
    case .bundled(let file):
      classNames = file.classNames
      let table = try readFile(file.path, target: file.target, spec: spec)
      if file.isSeries {
        guard table.sampleCount > spec.data.lags + 10 else {
          throw SessionError(message: "\(spec.id): \(file.path) has \(table.sampleCount) values; "
            + "\(spec.data.lags) lags need at least \(spec.data.lags + 11)")
        }
        dataset = Dataset.lagged(series: table.targets, lags: spec.data.lags, name: file.target)
      } else {
        dataset = table
      }
    }
    if spec.task == .regression {
      if spec.data.source != .housePrices {
        addNoise(to: &dataset, level: spec.data.noise, seed: spec.seed)
      }
      return LoadedData(dataset: dataset, classNames: [])
    }
    let classCount = try checkClasses(dataset, spec: spec)
    if classNames.count != classCount { classNames = (0..<classCount).map(String.init) }
    return LoadedData(dataset: dataset, classNames: classNames)
  }

  /// Reads a CSV file of the scenario and keeps the chosen feature columns.
  private static func readFile(
    _ path: String, target: String, spec: ScenarioSpec
  ) throws(SessionError) -> Dataset {
    let resolved = ScenarioReader.resolve(path, relativeTo: spec.path)
    do {
      let dataset = try CSVReader.read(path: resolved, target: target)
      if spec.data.features.isEmpty { return dataset }
      return try dataset.selecting(features: spec.data.features, source: resolved)
    } catch {
      throw SessionError(message: error.description)
    }
  }

  /// Returns the number of classes: one more than the largest class code.
  /// Codes must be whole numbers from 0 to 999.
  private static func checkClasses(
    _ dataset: Dataset, spec: ScenarioSpec
  ) throws(SessionError) -> Int {
    var largest = 0
    for (row, value) in dataset.targets.enumerated() {
      guard value == value.rounded(), value >= 0, value < 1000 else {
        throw SessionError(message: "\(spec.id): data row \(row + 1) has \(dataset.targetName) "
          + "\(value), but classification needs whole class codes from 0 to 999; use task "
          + "'regression' for a continuous target")
      }
      largest = max(largest, Int(value))
    }
    guard largest >= 1 else {
      throw SessionError(message: "\(spec.id): every row has class 0; classification needs "
        + "at least two classes")
    }
    if spec.data.source == .spiral { return spec.data.classCount }
    return largest + 1
  }

  /// Adds Gaussian noise of `level` target standard deviations to the targets.
  static func addNoise(to dataset: inout Dataset, level: Double, seed: UInt64) {
    guard level > 0 else { return }
    let scale = Standardizer(fitting: dataset.targets, columns: 1).standardDeviation[0]
    var generator = RandomGenerator(seed: seed)
    for i in 0..<dataset.targets.count {
      dataset.targets[i] += Float(generator.normal(standardDeviation: level * Double(scale)))
    }
  }

  /// Splits rows for training and validation. Real series keep time order and
  /// hold out the latest rows, so validation never contains a value that training
  /// rows were built from. Other data, the stock walk included, is shuffled
  /// with the split seed: the walk's later prices drift outside the range of
  /// earlier ones, and a held-out future would test extrapolation rather than
  /// whether the model learned to repeat the last price.
  static func split(
    _ dataset: Dataset, spec: ScenarioSpec
  ) -> (train: Dataset, validation: Dataset) {
    if spec.data.source.isIdentityGenerator { return splitIdentities(dataset, spec: spec) }
    guard case .bundled(let file) = spec.data.source, file.isSeries else {
      return dataset.split(validationFraction: spec.data.validationFraction, seed: spec.seed &+ 1)
    }
    let count = dataset.sampleCount
    let held = min(max(Int((spec.data.validationFraction * Double(count)).rounded()), 1), count - 1)
    return (
      dataset.rows(Array(0..<(count - held))), dataset.rows(Array((count - held)..<count))
    )
  }

  /// Shifts a share of the standardised training targets by 5 to 10 standard
  /// deviations, up or down at random, with the outlier seed.
  static func injectOutliers(into targets: inout [Float], fraction: Double, seed: UInt64) {
    guard fraction > 0, !targets.isEmpty else { return }
    var generator = RandomGenerator(seed: seed)
    let count = Int((fraction * Double(targets.count)).rounded())
    for index in generator.permutation(targets.count).prefix(count) {
      let size = generator.uniform(5, 10)
      targets[index] += generator.uniform(0, 1) < 0.5 ? -size : size
    }
  }

  /// Class weights as the loss takes them, or nil for equal weights.
  static func resolveClassWeights(
    _ weighting: ClassWeighting, targets: [Float], classCount: Int, spec: ScenarioSpec
  ) throws(SessionError) -> [Float]? {
    switch weighting {
    case .none:
      return nil
    case .balanced:
      var counts = [Int](repeating: 0, count: classCount)
      for target in targets { counts[Int(target)] += 1 }
      return counts.map { count in
        count == 0 ? 1 : Float(Double(targets.count) / Double(classCount * count))
      }
    case .explicit(let weights):
      guard weights.count == classCount else {
        throw SessionError(message: "\(spec.id): loss.class_weights has \(weights.count) "
          + "weights, but the data has \(classCount) classes; give one weight per class")
      }
      return weights.map { Float($0) }
    }
  }
}

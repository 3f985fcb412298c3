/// Turning series into rows and choosing feature columns.
extension Dataset {
  /// Rows of a series's `lags` previous values, each predicting the next value.
  ///
  /// Row i has features `series[i] … series[i + lags − 1]` (named `lag_lags` …
  /// `lag_1`, so `lag_1` is the previous value) and target `series[i + lags]`.
  /// Rows stay in time order.
  ///
  /// - Precondition: `lags` ≥ 1 and the series has more than `lags` values.
  public static func lagged(series: [Float], lags: Int, name: String) -> Dataset {
    precondition(lags >= 1, "Dataset.lagged: lags is \(lags), expected at least 1")
    precondition(series.count > lags,
      "Dataset.lagged: \(series.count) values cannot fill a row of \(lags) lags and a target")
    var features: [Float] = []
    features.reserveCapacity((series.count - lags) * lags)
    for start in 0..<(series.count - lags) {
      features.append(contentsOf: series[start..<(start + lags)])
    }
    return Dataset(
      featureNames: (1...lags).reversed().map { "lag_\($0)" }, targetName: name,
      features: features, targets: Array(series[lags...]))
  }

  /// Returns the dataset with only the feature columns `names`, in that order.
  ///
  /// - Throws: ``DataError`` naming the first unknown column and the known ones.
  public func selecting(features names: [String], source: String) throws(DataError) -> Dataset {
    var columns: [Int] = []
    for name in names {
      guard let column = featureNames.firstIndex(of: name) else {
        let known = featureNames.prefix(12).joined(separator: ", ")
          + (featureNames.count > 12 ? ", …" : "")
        throw DataError(source: source, message: "no feature column '\(name)'"
          + (name == targetName ? " (it is the target)" : "") + "; columns are: \(known)")
      }
      columns.append(column)
    }
    var selected: [Float] = []
    selected.reserveCapacity(sampleCount * columns.count)
    for row in 0..<sampleCount {
      for column in columns { selected.append(features[row * featureCount + column]) }
    }
    return Dataset(
      featureNames: names, targetName: targetName, features: selected, targets: targets)
  }
}

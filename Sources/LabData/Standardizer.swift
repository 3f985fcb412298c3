/// Per-column mean and standard deviation that map values to zero mean and unit variance.
///
///     standardized = (value − mean) / standardDeviation
///
/// The statistics are the population ones (divided by the row count, not by one less),
/// computed in Double and stored as Float. A constant column gets a standard deviation
/// of 1, so `apply` maps it to 0 instead of dividing by zero.
public struct Standardizer: Sendable, Equatable {
  /// Mean of each column.
  public var mean: [Float]

  /// Population standard deviation of each column, or 1 for a constant column.
  public var standardDeviation: [Float]

  /// Number of columns the standardizer was fitted on.
  public var columnCount: Int { mean.count }

  /// Fits the mean and standard deviation of each column of row-major `values`.
  ///
  /// - Parameters:
  ///   - values: Finite values, row-major, `rowCount × columns`.
  ///   - columns: Number of columns in each row.
  /// - Precondition: `columns >= 1`, at least one row, `values.count` a multiple of
  ///   `columns`, and every column mean finite.
  public init(fitting values: [Float], columns: Int) {
    precondition(columns >= 1, "Standardizer: columns is \(columns), expected at least 1")
    precondition(
      !values.isEmpty && values.count % columns == 0,
      "Standardizer: \(values.count) values do not form whole rows of \(columns) columns")

    var means: [Float] = []
    var deviations: [Float] = []
    for column in 0..<columns {
      let statistics = Self.columnStatistics(values, column: column, columns: columns)
      precondition(
        statistics.mean.isFinite,
        "Standardizer: column \(column) has mean \(statistics.mean), expected finite values")
      means.append(statistics.mean)
      deviations.append(statistics.standardDeviation)
    }
    self.mean = means
    self.standardDeviation = deviations
  }

  /// Standardizes row-major `values` that have the fitted columns.
  ///
  /// - Precondition: `values.count` is a multiple of `columnCount`.
  public func apply(_ values: [Float]) -> [Float] {
    checkWholeRows(values, operation: "apply")
    var result = values
    for index in result.indices {
      let column = index % columnCount
      result[index] = (values[index] - mean[column]) / standardDeviation[column]
    }
    return result
  }

  /// Maps standardized row-major `values` back to the original units.
  ///
  ///     value = standardized × standardDeviation + mean
  ///
  /// - Precondition: `values.count` is a multiple of `columnCount`.
  public func invert(_ values: [Float]) -> [Float] {
    checkWholeRows(values, operation: "invert")
    var result = values
    for index in result.indices {
      let column = index % columnCount
      result[index] = values[index] * standardDeviation[column] + mean[column]
    }
    return result
  }

  private func checkWholeRows(_ values: [Float], operation: String) {
    precondition(
      values.count % columnCount == 0,
      "Standardizer.\(operation): \(values.count) values do not form whole rows of "
        + "\(columnCount) columns")
  }

  /// Returns the mean and standard deviation of one column, using two passes for accuracy.
  private static func columnStatistics(
    _ values: [Float], column: Int, columns: Int
  ) -> (mean: Float, standardDeviation: Float) {
    let columnValues = stride(from: column, to: values.count, by: columns).map {
      Double(values[$0])
    }

    // A constant column takes its value as the mean, because the Double mean of equal
    // Floats can be off by an ulp, and dividing by the tiny variance that follows
    // would turn rounding error into large standardized values.
    let minimum = columnValues.min()!
    let maximum = columnValues.max()!
    if minimum == maximum {
      return (Float(minimum), 1)
    }

    let count = Double(columnValues.count)
    let mean = columnValues.reduce(0, +) / count
    let squaredDeviations = columnValues.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
    let deviation = Float((squaredDeviations / count).squareRoot())

    // A spread too small for Float (subnormal differences) is treated as constant.
    let isUsable = deviation.isFinite && deviation > 0
    return (Float(mean), isUsable ? deviation : 1)
  }
}

import LabCharts
import LabScenario

/// Comparing runs of one scenario that differ in loss or parameters: each
/// run's validation curve on one chart, distinguished by line style as well as
/// colour, so the comparison survives a terminal without colour.
extension AppState {
  /// The maximum number of runs on one chart, the live run included.
  public static let maximumComparedRuns = 4

  /// Line styles of the compared runs, in order.
  static let comparisonLineStyles: [LineStyle] = [.solid, .dashed, .dotted, .sparse]
  static let comparisonColors: [CellColor] = [.green, .yellow, .cyan, .magenta]

  /// Keeps the current run's curves and starts a new run with the current
  /// parameters, pending changes included. The oldest kept run goes when the
  /// chart would exceed `maximumComparedRuns`.
  mutating func addComparedRun() -> [SessionCommand] {
    guard let draft else {
      message = StatusMessage("open a scenario and train it first: select one and press Enter",
        isError: true)
      return []
    }
    guard let run else {
      message = StatusMessage("the run is still starting; press c again once it shows a step",
        isError: true)
      return []
    }
    comparedRuns.append(run)
    let dropsOldest = comparedRuns.count >= Self.maximumComparedRuns
    if dropsOldest { comparedRuns.removeFirst() }
    spec = draft
    pendingSpec = nil
    self.run = nil
    failure = nil
    isRunning = false
    let dropped = dropsOldest
      ? "dropped the oldest run (at most \(Self.maximumComparedRuns)); " : ""
    message = StatusMessage("\(dropped)kept run \(comparedRuns.count); comparing "
      + "\(comparedRuns.count + 1) runs: change parameters and press c again, or r to drop "
      + "the kept runs")
    return [.start(draft)]
  }

  /// Returns the validation loss curve of each run, or its `metric` curve,
  /// labelled by what sets the run apart.
  /// - Parameter labels: The runs' legend names; nil for `runLabels` of their specs.
  public static func comparisonSeries(
    _ runs: [RunSnapshot], metric: Quantity? = nil, labels: [String]? = nil
  ) -> [ChartSeries] {
    let labels = labels ?? runLabels(runs.map(\.spec))
    return runs.enumerated().map { index, run in
      ChartSeries(
        name: labels[index],
        points: (metric == nil ? run.validation : run.metric).points.map {
          ChartPoint(x: Double($0.step), y: $0.value)
        },
        style: CellStyle(foreground: comparisonColors[index % comparisonColors.count]),
        lineStyle: comparisonLineStyles[index % comparisonLineStyles.count])
    }
  }

  /// Returns a short label per spec: the value of the one parameter that
  /// differs between the specs (`l1`, `balanced`), the labels and values when
  /// several differ (`loss huber huber delta 2`), or `run N` when none differ.
  public static func runLabels(_ specs: [ScenarioSpec]) -> [String] {
    let differing = differingParameters(specs)
    return specs.enumerated().map { index, spec in
      if differing.count == 1 { return differing[0].value(in: spec) }
      let parts = differing.map { "\($0.label) \($0.value(in: spec))" }
      return parts.isEmpty ? "run \(index + 1)" : parts.joined(separator: " ")
    }
  }

  /// Returns the y-axis label of compared runs: `val loss by loss` (or
  /// `val recall@1 by miner` for a `metric`) when one parameter differs, so
  /// that value-only legend labels stay clear.
  public static func comparisonAxisLabel(
    _ specs: [ScenarioSpec], metric: Quantity? = nil
  ) -> String {
    let differing = differingParameters(specs)
    let quantity = "val " + (metric?.chartName ?? "loss")
    return differing.count == 1 ? "\(quantity) by \(differing[0].label)" : quantity
  }

  /// Returns the parameters whose values differ between the specs, except the
  /// lab's speed, which does not change a run's numbers.
  private static func differingParameters(_ specs: [ScenarioSpec]) -> [ParameterPath] {
    guard let first = specs.first else { return [] }
    return ParameterPath.allCases.filter { parameter in
      parameter != .speed
        && specs.contains { parameter.value(in: $0) != parameter.value(in: first) }
    }
  }
}

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
    guard let draft, let run else {
      message = StatusMessage("open a scenario and train it first: select one and press Enter",
        isError: true)
      return []
    }
    comparedRuns.append(run)
    if comparedRuns.count >= Self.maximumComparedRuns { comparedRuns.removeFirst() }
    spec = draft
    pendingSpec = nil
    self.run = nil
    failure = nil
    isRunning = false
    message = StatusMessage("kept run \(comparedRuns.count); comparing \(comparedRuns.count + 1) "
      + "runs: change parameters and press c again, or r to drop the kept runs")
    return [.start(draft)]
  }

  /// Returns the validation curve of each run, labelled by what sets it apart.
  public static func comparisonSeries(_ runs: [RunSnapshot]) -> [ChartSeries] {
    let labels = runLabels(runs.map(\.spec))
    return runs.enumerated().map { index, run in
      ChartSeries(
        name: labels[index],
        points: run.validation.points.map { ChartPoint(x: Double($0.step), y: $0.value) },
        style: CellStyle(foreground: comparisonColors[index % comparisonColors.count]),
        lineStyle: comparisonLineStyles[index % comparisonLineStyles.count])
    }
  }

  /// Returns a short label per spec: the values of the parameters that differ
  /// between the specs (`l1`, `huber delta 2`), or `run N` when none differ.
  public static func runLabels(_ specs: [ScenarioSpec]) -> [String] {
    guard let first = specs.first else { return [] }
    let differing = ParameterPath.allCases.filter { parameter in
      parameter != .speed && parameter != .stepCount
        && specs.contains { parameter.value(in: $0) != parameter.value(in: first) }
    }
    return specs.enumerated().map { index, spec in
      let parts = differing.map { parameter in
        parameter == .loss ? spec.loss.rawValue : "\(parameter.label) \(parameter.value(in: spec))"
      }
      return parts.isEmpty ? "run \(index + 1)" : parts.joined(separator: " ")
    }
  }
}

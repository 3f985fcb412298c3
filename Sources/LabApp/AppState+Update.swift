import LabScenario

extension AppState {
  /// Changes the state for one key press and returns what the training
  /// thread must do.
  public mutating func update(_ key: Key) -> [SessionCommand] {
    if editingText != nil { return updateEditing(key) }
    if isHelpVisible {
      isHelpVisible = false
      return key == .character("q") ? quit() : []
    }
    if screen == .training {
      if let commands = updateLesson(key) { return commands }
      if key == .character("L") { return startLesson() }
    }
    let commands = updateLab(key)
    leaveLessonIfRunChanged(by: commands)
    return commands
  }

  /// Handles a key that neither editing, help nor a lesson takes.
  private mutating func updateLab(_ key: Key) -> [SessionCommand] {
    switch key {
    case .character("q"): return quit()
    case .character("?"):
      isHelpVisible = true
      return []
    case _ where screen != .training:
      updateSideScreen(key)
    case .character("a"): toggleScreen(.architecture)
    case .character("e"):
      // The explainer opens on the open scenario's loss, the one on screen.
      if let loss = spec?.loss { explainer.page = ExplainedLoss(loss) }
      toggleScreen(.explainer)
    case .tab: moveFocus(by: 1)
    case .backTab: moveFocus(by: -1)
    case .character(" "): return toggleRunning()
    case .character("s"): return stepOnce()
    case .character("r"): return reset()
    case .character("c"): return addComparedRun()
    case .character("w"): return writeScenarioFile()
    case .character("p"):
      isPresenting.toggle()
      message = StatusMessage(
        isPresenting ? "presentation: p returns to the panels" : "panels shown")
    case .character("l"):
      isLogScale.toggle()
      message = StatusMessage(isLogScale ? "logarithmic loss axis" : "linear loss axis")
    case .character("m"):
      chartsMetric.toggle()
      let metric = (spec ?? catalog.first)?.task.metric.chartName ?? "metric"
      message = StatusMessage(chartsMetric ? "chart: validation \(metric)" : "chart: loss")
    case .up, .character("k"): moveWithinFocus(by: -1)
    case .down, .character("j"): moveWithinFocus(by: 1)
    case .enter: return enter()
    case .left, .character("-"): return stepParameter(by: -1)
    case .right, .character("+"), .character("="): return stepParameter(by: 1)
    case .escape: message = nil
    default: break
    }
    return []
  }

  private mutating func quit() -> [SessionCommand] {
    shouldQuit = true
    return [.pause]
  }

  private mutating func moveFocus(by offset: Int) {
    let all = Focus.allCases
    focus = all[(all.firstIndex(of: focus)! + offset + all.count) % all.count]
  }

  private mutating func moveWithinFocus(by offset: Int) {
    switch focus {
    case .scenarios:
      guard !catalog.isEmpty else { return }
      selected = min(max(0, selected + offset), catalog.count - 1)
    case .parameters:
      parameterIndex += offset
    case .chart:
      break
    }
  }

  private mutating func enter() -> [SessionCommand] {
    switch focus {
    case .scenarios, .chart: return openSelected()
    case .parameters:
      guard draft != nil else {
        message = StatusMessage("open a scenario first: select one and press Enter", isError: true)
        return []
      }
      editingText = ""
      message = StatusMessage("type a value for \(selectedParameter.label), Enter to apply, "
        + "Esc to cancel")
      return []
    }
  }

  /// Opens the highlighted scenario: a new session from its file's settings.
  public mutating func openSelected() -> [SessionCommand] {
    guard catalog.indices.contains(selected) else {
      message = StatusMessage("no scenarios to open", isError: true)
      return []
    }
    let chosen = catalog[selected]
    openIndex = selected
    comparedRuns = []
    spec = chosen
    pendingSpec = nil
    run = nil
    failure = nil
    isRunning = false
    message = StatusMessage("opened \(chosen.title): space runs, s steps, Tab moves to parameters")
    return [.start(chosen)]
  }

  private mutating func toggleRunning() -> [SessionCommand] {
    guard spec != nil else { return openSelected() + startRunning() }
    if isRunning {
      isRunning = false
      message = StatusMessage("paused")
      return [.pause]
    }
    return startRunning()
  }

  private mutating func startRunning() -> [SessionCommand] {
    guard failure == nil else {
      message = StatusMessage("this scenario cannot run: \(failure!)", isError: true)
      return []
    }
    if let run, run.isFinished {
      message = StatusMessage(run.divergedAt != nil
        ? "training diverged; lower the learning rate and press r to reset"
        : "run finished at step \(run.step); raise the steps or press r to reset")
      return []
    }
    isRunning = true
    message = StatusMessage("running")
    return [.run]
  }

  private mutating func stepOnce() -> [SessionCommand] {
    guard spec != nil else {
      message = StatusMessage("open a scenario first: select one and press Enter", isError: true)
      return []
    }
    isRunning = false
    return [.step]
  }

  private mutating func reset() -> [SessionCommand] {
    guard let draft else {
      message = StatusMessage("open a scenario first: select one and press Enter", isError: true)
      return []
    }
    let hadPending = pendingSpec != nil
    comparedRuns = []
    spec = draft
    pendingSpec = nil
    run = nil
    failure = nil
    isRunning = false
    message = StatusMessage(hadPending ? "reset with the new settings" : "reset")
    return [.start(draft)]
  }
}

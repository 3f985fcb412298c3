import LabScenario

extension AppState {
  mutating func updateEditing(_ key: Key) -> [SessionCommand] {
    switch key {
    case .escape:
      editingText = nil
      message = StatusMessage("edit cancelled")
    case .enter:
      let text = editingText ?? ""
      editingText = nil
      return setParameter(selectedParameter, to: text)
    case .backspace:
      if editingText?.isEmpty == false { editingText?.removeLast() }
    case .character(let character) where !character.isNewline:
      if (editingText?.count ?? 0) < 40 { editingText?.append(character) }
    default:
      break
    }
    return []
  }

  mutating func stepParameter(by direction: Int) -> [SessionCommand] {
    guard focus == .parameters else { return [] }
    guard let draft else {
      message = StatusMessage("open a scenario first: select one and press Enter", isError: true)
      return []
    }
    let parameter = selectedParameter
    guard let next = parameter.stepped(in: draft, direction: direction) else {
      message = StatusMessage("\(parameter.label) is at its limit", isError: true)
      return []
    }
    return setParameter(parameter, to: next)
  }

  /// Validates and applies one parameter change. A rejected value leaves
  /// everything as it was and explains itself in the message row.
  public mutating func setParameter(
    _ parameter: ParameterPath, to text: String
  ) -> [SessionCommand] {
    guard var changed = draft, let live = spec else {
      message = StatusMessage("open a scenario first: select one and press Enter", isError: true)
      return []
    }
    guard parameter.applies(to: changed) else {
      message = StatusMessage(parameter.notApplicableReason, isError: true)
      return []
    }
    do {
      try parameter.change(text, in: &changed)
    } catch {
      message = StatusMessage("\(parameter.label): \(error.message)", isError: true)
      return []
    }
    let shown = parameter.value(in: changed)
    if parameter.needsReset {
      pendingSpec = changed
      message = StatusMessage(
        "\(parameter.label) set to \(shown): this changes the data or model; press r to reset")
      return []
    }
    // A finished run trains no more steps, so a live change would only relabel
    // it: a run kept with c would then name settings it never trained with.
    if run?.isFinished == true {
      pendingSpec = changed
      message = StatusMessage("\(parameter.label) set to \(shown): the run has finished; "
        + "press r to train again with it, or c to compare with this run")
      return []
    }
    var updated = live
    try? parameter.apply(text, to: &updated)
    spec = updated
    if pendingSpec != nil { pendingSpec = changed }
    message = StatusMessage("\(parameter.label) set to \(shown)")
    return [.applyLive(updated)]
  }
}

import Foundation
import LabScenario

extension AppState {
  /// Writes the current parameters, pending changes included, as a new
  /// scenario file beside the open one (`ID-2.json`, `ID-3.json`, …). No file
  /// is ever replaced. Unlike other keys this touches the file system, so the
  /// result is reported in the message row.
  mutating func writeScenarioFile() -> [SessionCommand] {
    guard let draft else {
      message = StatusMessage("open a scenario first: select one and press Enter", isError: true)
      return []
    }
    var exported = draft
    exported.title = draft.title.hasSuffix("(saved)") ? draft.title : "\(draft.title) (saved)"
    let folder = (draft.path as NSString).deletingLastPathComponent
    do {
      let path = try ScenarioWriter.writeNew(exported, in: folder.isEmpty ? "." : folder)
      message = StatusMessage("wrote \(path); it opens in the list when the lab starts again")
    } catch {
      message = StatusMessage("cannot write a scenario file in '\(folder)': "
        + error.localizedDescription, isError: true)
    }
    return []
  }
}

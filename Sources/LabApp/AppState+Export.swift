import Foundation
import LabScenario

extension AppState {
  /// Writes the current parameters, pending changes included, as a new
  /// scenario file beside the open one (`ID-2.json`, `ID-3.json`, …), and for
  /// an image run its latest input, output and target as `ID-N.png`. No file
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
      let pending = pendingSpec == nil
        ? "" : " with the pending changes, which this run did not train"
      message = StatusMessage(
        "wrote \(path)\(pending); it opens in the list when the lab starts again")
      if let image = run?.latest?.image { writeImages(image, beside: path) }
    } catch {
      message = StatusMessage("cannot write a scenario file in '\(folder)': "
        + error.localizedDescription, isError: true)
    }
    return []
  }

  /// Writes `image` as the PNG file named like the scenario file at
  /// `scenarioPath`, unless that file exists, and adds the outcome to the message.
  private mutating func writeImages(_ image: ImageEvaluation, beside scenarioPath: String) {
    let path = (scenarioPath as NSString).deletingPathExtension + ".png"
    let written = message?.text ?? ""
    // The failure comes first, so that a narrow message row still shows it.
    guard !FileManager.default.fileExists(atPath: path) else {
      message = StatusMessage("images not written: \(path) exists; \(written)", isError: true)
      return
    }
    do {
      try image.writePNG(to: path)
      message = StatusMessage("\(written); the images (input, output, target) in \(path)")
    } catch {
      message = StatusMessage("images not written: \(error.description); \(written)",
        isError: true)
    }
  }
}

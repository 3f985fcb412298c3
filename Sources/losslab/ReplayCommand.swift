import Foundation
import LabApp
import LabScenario

/// `losslab replay`: runs a scenario's script and checks it.
func runReplay(_ arguments: ParsedArguments) throws -> Int32 {
  guard let name = arguments.positional.first, arguments.positional.count == 1 else {
    throw UsageError(message: "'replay' needs one scenario: losslab replay SCENARIO [--record]")
  }
  let folderOption = arguments.value("--scenarios")
  let spec = try Catalog.resolve(name, folderOption: folderOption)
  guard !spec.script.isEmpty else {
    throw UsageError(message: "\(spec.path): the scenario has no script to replay; add a "
      + "\"script\" array (see docs/scenarios.md)")
  }
  // The list on screen is the scenario's own folder, as the lab would show it.
  let folder = (spec.path as NSString).deletingLastPathComponent
  let catalog = Catalog.load(folder: folder.isEmpty ? "." : folder).specs
  var replay = Replay(spec: spec, catalog: catalog)
  replay.runScript(isRecording: arguments.has("--record"))
  for line in replay.log { print(line) }
  if replay.failures.isEmpty {
    print("\(spec.id): replay passed")
    return 0
  }
  for failure in replay.failures { print(failure) }
  print("\(spec.id): replay failed (\(replay.failures.count) of the script's checks)")
  return 1
}

import Foundation
import LabScenario

/// Finds and reads the scenario files the lab offers.
enum Catalog {
  /// The scenario folder: `--scenarios DIR`, else `LOSSLAB_SCENARIOS`, else
  /// `scenarios` in the working directory, else the `scenarios` folder of the
  /// source tree the executable was built in.
  static func folder(option: String?) throws(UsageError) -> String {
    if let option { return try existingFolder(option, source: "--scenarios") }
    let environment = ProcessInfo.processInfo.environment
    if let variable = environment["LOSSLAB_SCENARIOS"], !variable.isEmpty {
      return try existingFolder(variable, source: "LOSSLAB_SCENARIOS")
    }
    if isFolder("scenarios") { return "scenarios" }
    // An executable built by `swift build` lives in .build/<config>/ of its tree.
    var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
      .deletingLastPathComponent()
    for _ in 0..<4 {
      folder.deleteLastPathComponent()
      let candidate = folder.appendingPathComponent("scenarios").path
      if isFolder(candidate) { return candidate }
    }
    throw UsageError(message: "no scenarios folder found; run losslab from the project folder "
      + "or pass --scenarios DIR")
  }

  private static func isFolder(_ path: String) -> Bool {
    var isDirectory: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
      && isDirectory.boolValue
  }

  private static func existingFolder(_ path: String, source: String) throws(UsageError) -> String {
    guard isFolder(path) else {
      throw UsageError(message: "\(source): '\(path)' is not a folder; give the folder that "
        + "holds the scenario .json files")
    }
    return path
  }

  /// Reads every `*.json` file of `folder`, in name order. An invalid file is
  /// left out and its error returned beside the others, so one broken file
  /// (or a photo it names, since deleted) does not hide the rest.
  static func load(folder: String) -> (specs: [ScenarioSpec], problems: [ScenarioError]) {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    var specs: [ScenarioSpec] = []
    var problems: [ScenarioError] = []
    for name in names.sorted() where name.hasSuffix(".json") {
      let path = (folder as NSString).appendingPathComponent(name)
      var isFolder: ObjCBool = false
      // A folder that happens to end in .json is not a scenario; skip it.
      if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
        continue
      }
      do {
        specs.append(try ScenarioReader.read(path: path))
      } catch {
        problems.append(error)
      }
    }
    return (specs, problems)
  }

  /// Resolves a scenario named on the command line: a path to a .json file,
  /// or the id of a scenario in the folder.
  static func resolve(_ name: String, folderOption: String?) throws -> ScenarioSpec {
    if name.hasSuffix(".json") || name.contains("/") {
      return try ScenarioReader.read(path: name)
    }
    let folder = try folder(option: folderOption)
    let path = (folder as NSString).appendingPathComponent("\(name).json")
    guard FileManager.default.fileExists(atPath: path) else {
      let known = load(folder: folder).specs.map(\.id).joined(separator: ", ")
      throw UsageError(message: "unknown scenario '\(name)'; known scenarios: \(known)")
    }
    return try ScenarioReader.read(path: path)
  }
}

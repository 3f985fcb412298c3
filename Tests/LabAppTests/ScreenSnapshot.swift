import Foundation
import LabCharts
import Testing

/// Compares a rendered screen with `Snapshots/NAME.txt` beside this file.
/// With `LOSSLAB_RECORD_SNAPSHOTS=1` in the environment it writes the file and
/// fails, so a recording is never mistaken for a passing run.
func expectSnapshot(
  _ buffer: CellBuffer, named name: String, sourceLocation: SourceLocation = #_sourceLocation
) {
  let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Snapshots")
  let file = folder.appendingPathComponent("\(name).txt")
  let screen = buffer.text() + "\n"
  if ProcessInfo.processInfo.environment["LOSSLAB_RECORD_SNAPSHOTS"] == "1" {
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try? screen.write(to: file, atomically: true, encoding: .utf8)
    Issue.record("recorded snapshot \(name); run again without LOSSLAB_RECORD_SNAPSHOTS",
      sourceLocation: sourceLocation)
    return
  }
  guard let stored = try? String(contentsOf: file, encoding: .utf8) else {
    Issue.record("snapshot \(name) is missing; record it with LOSSLAB_RECORD_SNAPSHOTS=1",
      sourceLocation: sourceLocation)
    return
  }
  #expect(stored == screen, "snapshot \(name) differs:\n\(screen)", sourceLocation: sourceLocation)
}

import Foundation
import Testing

@testable import LabData

/// Path of scenarios/data/diabetes.csv, found from this file's place in the repository.
private let diabetesPath = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent()  // Tests/LabDataTests
  .deletingLastPathComponent()  // Tests
  .deletingLastPathComponent()  // repository root
  .appendingPathComponent("scenarios/data/diabetes.csv")
  .path

@Suite("diabetes.csv")
struct DiabetesDataTests {
  @Test func hasAllRowsAndColumns() throws {
    let dataset = try CSVReader.read(path: diabetesPath, target: "progression")

    #expect(dataset.sampleCount == 442)
    #expect(dataset.featureCount == 10)
    #expect(
      dataset.featureNames == ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"])
    #expect(dataset.targetName == "progression")
  }

  @Test func firstRowIsUnscaled() throws {
    let dataset = try CSVReader.read(path: diabetesPath, target: "progression")

    let firstRow = Array(dataset.features[0..<10])
    #expect(firstRow == [59, 2, 32.1, 101, 157, 93.2, 38, 4, 4.8598, 87])
    #expect(dataset.targets[0] == 151)
  }

  @Test func targetMeanMatchesScikitLearn() throws {
    let dataset = try CSVReader.read(path: diabetesPath, target: "progression")

    let mean = dataset.targets.reduce(0.0) { $0 + Double($1) } / Double(dataset.sampleCount)
    #expect(abs(mean - 152.13348) < 0.000_05)
  }
}

import Foundation
import Testing

@testable import LabData

/// CSV text that `CSVReader.parse` must reject, with the error it must throw.
struct RejectedCSV: Sendable, CustomTestStringConvertible {
  var text: String
  var target = "y"
  var line: Int?
  var message: String

  var testDescription: String { message }

  var expectedError: DataError {
    DataError(source: "data.csv", line: line, message: message)
  }
}

/// Writes `contents` to a new file in the temporary directory and returns its path.
private func makeTemporaryFile(_ contents: Data) throws -> String {
  let url = FileManager.default.temporaryDirectory
    .appendingPathComponent("losslab-csv-\(UUID().uuidString).csv")
  try contents.write(to: url)
  return url.path
}

@Suite("CSVReader")
struct CSVReaderTests {
  static let rejectedFiles: [RejectedCSV] = [
    RejectedCSV(
      text: "", line: nil,
      message: "the file is empty; add a header row naming the columns and rows of numbers "
        + "below it"),
    RejectedCSV(
      text: "\n  \n\n", line: nil,
      message: "the file is empty; add a header row naming the columns and rows of numbers "
        + "below it"),
    RejectedCSV(
      text: "a,y\n\n", line: nil,
      message: "the file has a header but no data rows; add rows of numbers below it"),
    RejectedCSV(
      text: "a,b,y\n1,2,3\n4,5\n", line: 3,
      message: "row has 2 values but the header has 3 columns; make the counts match"),
    RejectedCSV(
      text: "a,y\n1,2,3\n", line: 2,
      message: "row has 3 values but the header has 2 columns; make the counts match"),
    RejectedCSV(
      text: "age,bmi,y\n1,2,3\n4,abc,6\n", line: 3,
      message: "column 'bmi' has 'abc', which is not a number; fix or remove the row"),
    RejectedCSV(
      text: "a,y\n1,2\n3,4,\n", line: 3,
      message: "row has 3 values but the header has 2 columns; make the counts match"),
    RejectedCSV(
      text: "a,y\n1,\n", line: 2,
      message: "column 'y' is empty; fill in a number or remove the row"),
    RejectedCSV(
      text: "a,y\n1,\"\"\n", line: 2,
      message: "column 'y' is empty; fill in a number or remove the row"),
    RejectedCSV(
      text: "a,y\n1.5.2,1\n", line: 2,
      message: "column 'a' has '1.5.2', which is not a number; fix or remove the row"),
    RejectedCSV(
      text: "a,y\nnan,1\n", line: 2,
      message: "column 'a' has 'nan', which is not a finite number; fix or remove the row"),
    RejectedCSV(
      text: "a,y\n1,inf\n", line: 2,
      message: "column 'y' has 'inf', which is not a finite number; fix or remove the row"),
    RejectedCSV(
      text: "a,y\n-Infinity,1\n", line: 2,
      message: "column 'a' has '-Infinity', which is not a finite number; "
        + "fix or remove the row"),
    RejectedCSV(
      text: "a,y\n1e39,1\n", line: 2,
      message: "column 'a' has '1e39', which is outside the Float range of ±3.4e38; "
        + "rescale the column or remove the row"),
    RejectedCSV(
      text: "a,b,c\n1,2,3\n", target: "price", line: nil,
      message: "no column named 'price'; columns are: a, b, c"),
    RejectedCSV(
      text: "a,b,a,y\n1,2,3,4\n", line: 1,
      message: "column 'a' appears twice in the header (columns 1 and 3); "
        + "rename one of them"),
    RejectedCSV(
      text: "\na,y\n1,2\n", line: 1,
      message: "the header line is blank; put the column names on the first line"),
    RejectedCSV(
      text: "a,,y\n1,2,3\n", line: 1,
      message: "column 2 has no name in the header; name it"),
    RejectedCSV(
      text: "y\n1\n", line: nil,
      message: "the only column is the target 'y'; add at least one feature column"),
    RejectedCSV(
      text: "a,y\n1,2\n\n3,4\n", line: 3,
      message: "blank line between rows; remove it"),
    RejectedCSV(
      text: "a,y\n\"1,2\n", line: 2,
      message: "field 1 opens a quote that is never closed; close it on the same line"),
    RejectedCSV(
      text: "a,y\n\"1\"x,2\n", line: 2,
      message: "field 1 has text after its closing quote; put the whole field inside the "
        + "quotes"),
  ]

  @Test("parse rejects", arguments: rejectedFiles)
  func parseRejects(_ rejected: RejectedCSV) {
    #expect(throws: rejected.expectedError) {
      try CSVReader.parse(rejected.text, source: "data.csv", target: rejected.target)
    }
  }

  @Test func errorDescriptionNamesFileAndLine() {
    do {
      _ = try CSVReader.parse("age,bmi,y\n1,2,3\n4,abc,6\n", source: "data.csv", target: "y")
      Issue.record("parse accepted a row with 'abc'")
    } catch {
      #expect(
        error.description
          == "data.csv:3: column 'bmi' has 'abc', which is not a number; fix or remove the row")
    }
  }

  @Test func targetColumnMovesOutOfFeatures() throws {
    let dataset = try CSVReader.parse(
      "a,price,b\n1,100,2\n3,300,4\n", source: "data.csv", target: "price")

    #expect(dataset.featureNames == ["a", "b"])
    #expect(dataset.targetName == "price")
    #expect(dataset.features == [1, 2, 3, 4])
    #expect(dataset.targets == [100, 300])
  }

  @Test(
    "parse accepts variants",
    arguments: [
      "a,y\n1.5,-2\n3e2,4\n",
      "a,y\r\n1.5,-2\r\n3e2,4\r\n",
      "a,y\r1.5,-2\r3e2,4",
      "\u{FEFF}a,y\n1.5,-2\n3e2,4",
      "\"a\",\"y\"\n\"1.5\",\"-2\"\n3e2,\"4\"\n",
      " a , y \n 1.5 ,\t-2\n  \"3e2\"  , 4\n",
      "a,y\n1.5,-2\n3e2,4\n\n  \n",
    ])
  func parseAcceptsVariants(text: String) throws {
    let dataset = try CSVReader.parse(text, source: "data.csv", target: "y")

    #expect(dataset.featureNames == ["a"])
    #expect(dataset.features == [1.5, 300])
    #expect(dataset.targets == [-2, 4])
  }

  @Test func quotedHeaderKeepsCommasAndQuotes() throws {
    let dataset = try CSVReader.parse(
      "\"area, m2\",\"the \"\"price\"\"\"\n50,100\n", source: "data.csv",
      target: "the \"price\"")

    #expect(dataset.featureNames == ["area, m2"])
    #expect(dataset.targets == [100])
  }

  @Test func readLoadsFile() throws {
    let path = try makeTemporaryFile(Data("x,y\n1,2\n3,4\n".utf8))
    defer { try? FileManager.default.removeItem(atPath: path) }

    let dataset = try CSVReader.read(path: path, target: "y")

    #expect(dataset.features == [1, 3])
    #expect(dataset.targets == [2, 4])
  }

  @Test func readErrorsNameThePath() throws {
    let path = try makeTemporaryFile(Data("x,y\n1,oops\n".utf8))
    defer { try? FileManager.default.removeItem(atPath: path) }

    #expect(
      throws: DataError(
        source: path, line: 2,
        message: "column 'y' has 'oops', which is not a number; fix or remove the row")
    ) {
      try CSVReader.read(path: path, target: "y")
    }
  }

  @Test func readRejectsEmptyFile() throws {
    let path = try makeTemporaryFile(Data())
    defer { try? FileManager.default.removeItem(atPath: path) }

    #expect(
      throws: DataError(
        source: path,
        message: "the file is empty; add a header row naming the columns and rows of numbers "
          + "below it")
    ) {
      try CSVReader.read(path: path, target: "y")
    }
  }

  @Test func readRejectsMissingAbsolutePath() {
    let path = "/nonexistent-losslab-\(UUID().uuidString)/data.csv"

    #expect(throws: DataError(source: path, message: "file not found; check the path")) {
      try CSVReader.read(path: path, target: "y")
    }
  }

  @Test func readRejectsMissingRelativePath() {
    let path = "missing-losslab-\(UUID().uuidString).csv"
    let workingDirectory = FileManager.default.currentDirectoryPath

    #expect(
      throws: DataError(
        source: path,
        message: "file not found; check the path, which is relative to the working directory "
          + workingDirectory)
    ) {
      try CSVReader.read(path: path, target: "y")
    }
  }

  @Test func readRejectsDirectory() {
    let path = FileManager.default.temporaryDirectory.path

    #expect(
      throws: DataError(
        source: path,
        message: "this is a directory, not a file; give the path of a CSV file")
    ) {
      try CSVReader.read(path: path, target: "y")
    }
  }

  @Test func readRejectsInvalidUTF8() throws {
    let path = try makeTemporaryFile(Data([0x61, 0x2C, 0x79, 0x0A, 0xFF, 0xFE, 0x0A]))
    defer { try? FileManager.default.removeItem(atPath: path) }

    #expect(
      throws: DataError(source: path, message: "the file is not UTF-8 text; save it as UTF-8")
    ) {
      try CSVReader.read(path: path, target: "y")
    }
  }
}

import Testing

@testable import LabData

@Suite("DataError")
struct DataErrorTests {
  @Test func descriptionWithLine() {
    let error = DataError(
      source: "scenarios/data/x.csv", line: 17,
      message: "column 'bmi' has 'abc', which is not a number; fix or remove the row")

    #expect(
      error.description
        == "scenarios/data/x.csv:17: column 'bmi' has 'abc', which is not a number; "
        + "fix or remove the row")
  }

  @Test func descriptionWithoutLine() {
    let error = DataError(
      source: "data.csv", message: "no column named 'price'; columns are: a, b, c")

    #expect(error.description == "data.csv: no column named 'price'; columns are: a, b, c")
  }
}

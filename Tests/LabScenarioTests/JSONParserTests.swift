import Testing

@testable import LabScenario

@Suite struct JSONParserTests {
  @Test func valuesKeepTheirPositions() throws {
    let node = try JSONParser.parse("{\n  \"a\": [1, true],\n  \"é\": \"x\"\n}")
    guard case .object(let members) = node.value else {
      Issue.record("expected an object")
      return
    }
    #expect(members[0].keyLocation == SourceLocation(line: 2, column: 3))
    #expect(members[0].value.location == SourceLocation(line: 2, column: 8))
    #expect(members[1].key == "é")
    #expect(members[1].value.location == SourceLocation(line: 3, column: 8))
  }

  @Test func escapesDecode() throws {
    let node = try JSONParser.parse(#""a\n\"\u00e9\ud83d\ude00""#)
    #expect(node.value == .string("a\n\"é😀"))
  }

  @Test func numbersKeepTheirText() throws {
    let node = try JSONParser.parse("-1.50e2")
    #expect(node.value == .number(-150, "-1.50e2"))
  }

  @Test(arguments: [
    ("", 1, 1, "unexpected end of file; a value is missing"),
    ("[1,]", 1, 4, "unexpected character ']'; expected a JSON value"),
    ("{'a': 1}", 1, 2, "expected a field name in double quotes"),
    ("01", 1, 2, "unexpected text after the JSON value"),
    ("1.", 1, 3, "invalid number; a digit must follow '.'"),
    ("\"abc", 1, 5, "unexpected end of file inside a string; a closing '\"' is missing"),
    ("[1 2]", 1, 4, "expected ',' or ']'"),
    ("tru", 1, 1, "invalid literal; expected 'true' (strings need double quotes)"),
    ("1e999", 1, 1, "number 1e999 is out of range"),
  ])
  func syntaxErrorsArePositioned(text: String, line: Int, column: Int, message: String) {
    #expect(throws: JSONSyntaxError(
      location: SourceLocation(line: line, column: column), message: message)
    ) {
      try JSONParser.parse(text)
    }
  }

  @Test func deepNestingIsRejected() {
    let text = String(repeating: "[", count: 300) + String(repeating: "]", count: 300)
    #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(text) }
  }
}

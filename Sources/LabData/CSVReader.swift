import Foundation

/// Reader of numeric CSV files into a ``Dataset``.
///
/// The accepted format:
/// - The first line is a header that names every column. Names must be unique and
///   not empty.
/// - Fields are separated by commas. A field may be wrapped in double quotes, and a
///   quoted field may contain commas and doubled quotes (`""`). A quoted field cannot
///   span lines.
/// - Spaces and tabs around a field are ignored.
/// - Lines end with LF, CRLF or CR. A leading UTF-8 byte order mark is skipped.
/// - Every other line is a row with one finite number per column that fits in a Float.
///   Blank lines may follow the last row but not sit between rows.
///
/// The target column becomes ``Dataset/targets`` and the other columns, in header order,
/// become the features. Every problem throws a ``DataError`` that gives the line where
/// there is one, and no partly read dataset is ever returned.
public enum CSVReader {
  /// Reads the CSV file at `path` and takes the column named `target` as the target.
  ///
  /// - Throws: ``DataError`` with `path` as its source when the file is missing,
  ///   unreadable, not UTF-8 or not valid by the rules of ``CSVReader``.
  public static func read(path: String, target: String) throws(DataError) -> Dataset {
    let text = try loadText(path: path)
    return try parse(text, source: path, target: target)
  }

  /// Parses CSV `text` and takes the column named `target` as the target.
  ///
  /// - Parameter source: Name of the input used in error messages, usually its path.
  /// - Throws: ``DataError`` when the text is not valid by the rules of ``CSVReader``.
  public static func parse(
    _ text: String, source: String, target: String
  ) throws(DataError) -> Dataset {
    let lines = dataLines(of: text)
    guard let headerLine = lines.first else {
      throw DataError(
        source: source,
        message: "the file is empty; add a header row naming the columns and rows of numbers "
          + "below it")
    }

    let columnNames = try readHeader(headerLine, source: source)
    let targetColumn = try findTarget(target, in: columnNames, source: source)
    guard lines.count > 1 else {
      throw DataError(
        source: source,
        message: "the file has a header but no data rows; add rows of numbers below it")
    }

    var features: [Float] = []
    features.reserveCapacity((lines.count - 1) * (columnNames.count - 1))
    var targets: [Float] = []
    targets.reserveCapacity(lines.count - 1)
    for (offset, line) in lines.dropFirst().enumerated() {
      let location = Location(source: source, line: offset + 2)
      let values = try readRow(line, columnNames: columnNames, at: location)
      for (column, value) in values.enumerated() where column != targetColumn {
        features.append(value)
      }
      targets.append(values[targetColumn])
    }

    var featureNames = columnNames
    featureNames.remove(at: targetColumn)
    return Dataset(
      featureNames: featureNames, targetName: target, features: features, targets: targets)
  }

  /// A source and one-based line number, for error messages.
  private struct Location {
    var source: String
    var line: Int

    func error(_ message: String) -> DataError {
      DataError(source: source, line: line, message: message)
    }
  }

  /// Returns the text of the file at `path`, decoded as UTF-8.
  private static func loadText(path: String) throws(DataError) -> String {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw DataError(source: path, message: missingFileMessage(path: path))
    }
    guard !isDirectory.boolValue else {
      throw DataError(
        source: path, message: "this is a directory, not a file; give the path of a CSV file")
    }

    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
      throw DataError(
        source: path,
        message: "could not read the file (\(error.localizedDescription)); "
          + "check its permissions")
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw DataError(source: path, message: "the file is not UTF-8 text; save it as UTF-8")
    }
    return text
  }

  private static func missingFileMessage(path: String) -> String {
    guard !path.hasPrefix("/") else { return "file not found; check the path" }
    let workingDirectory = FileManager.default.currentDirectoryPath
    return "file not found; check the path, which is relative to the working directory "
      + workingDirectory
  }

  /// Splits `text` into lines, without a byte order mark or the trailing blank lines.
  private static func dataLines(of text: String) -> [Substring] {
    var body = Substring(text)
    if body.first == "\u{FEFF}" {
      body = body.dropFirst()
    }

    var lines = body.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
    while let last = lines.last, isBlank(last) {
      lines.removeLast()
    }
    return lines
  }

  private static func isBlank(_ line: Substring) -> Bool {
    line.allSatisfy { $0 == " " || $0 == "\t" }
  }

  /// Returns the column names of the header line, checked to be non-empty and unique.
  private static func readHeader(_ line: Substring, source: String) throws(DataError) -> [String] {
    let location = Location(source: source, line: 1)
    guard !isBlank(line) else {
      throw location.error("the header line is blank; put the column names on the first line")
    }

    let names = try splitFields(line, at: location)

    var firstColumnOfName: [String: Int] = [:]
    for (index, name) in names.enumerated() {
      let column = index + 1
      guard !name.isEmpty else {
        throw location.error("column \(column) has no name in the header; name it")
      }
      if let earlier = firstColumnOfName[name] {
        throw location.error(
          "column '\(name)' appears twice in the header (columns \(earlier) and \(column)); "
            + "rename one of them")
      }
      firstColumnOfName[name] = column
    }
    return names
  }

  /// Returns the index of the column named `target`, which must leave at least one feature.
  private static func findTarget(
    _ target: String, in columnNames: [String], source: String
  ) throws(DataError) -> Int {
    guard let index = columnNames.firstIndex(of: target) else {
      throw DataError(
        source: source,
        message: "no column named '\(target)'; columns are: "
          + columnNames.joined(separator: ", "))
    }
    guard columnNames.count > 1 else {
      throw DataError(
        source: source,
        message: "the only column is the target '\(target)'; add at least one feature column")
    }
    return index
  }

  /// Returns the numbers of one data row, one per column.
  private static func readRow(
    _ line: Substring, columnNames: [String], at location: Location
  ) throws(DataError) -> [Float] {
    guard !isBlank(line) else {
      throw location.error("blank line between rows; remove it")
    }

    let fields = try splitFields(line, at: location)
    guard fields.count == columnNames.count else {
      throw location.error(
        "row has \(fields.count) values but the header has \(columnNames.count) columns; "
          + "make the counts match")
    }

    var values: [Float] = []
    values.reserveCapacity(fields.count)
    for (field, name) in zip(fields, columnNames) {
      values.append(try parseNumber(field, column: name, at: location))
    }
    return values
  }

  /// Parses one field as a finite Float.
  private static func parseNumber(
    _ field: String, column: String, at location: Location
  ) throws(DataError) -> Float {
    guard !field.isEmpty else {
      throw location.error("column '\(column)' is empty; fill in a number or remove the row")
    }
    // Double classifies the text because Float alone cannot tell "inf" from a finite
    // value too large for Float: both parse to infinity.
    guard let wide = Double(field), let value = Float(field) else {
      throw location.error(
        "column '\(column)' has '\(field)', which is not a number; fix or remove the row")
    }
    guard wide.isFinite else {
      throw location.error(
        "column '\(column)' has '\(field)', which is not a finite number; "
          + "fix or remove the row")
    }
    guard value.isFinite else {
      throw location.error(
        "column '\(column)' has '\(field)', which is outside the Float range of ±3.4e38; "
          + "rescale the column or remove the row")
    }
    return value
  }

  /// Splits one line into fields, removing quotes and the spaces and tabs around fields.
  private static func splitFields(
    _ line: Substring, at location: Location
  ) throws(DataError) -> [String] {
    var fields: [String] = []
    var index = line.startIndex
    while true {
      let field = try readField(line, from: index, number: fields.count + 1, at: location)
      fields.append(field.text)
      guard let next = field.next else { return fields }
      index = next
    }
  }

  /// Reads the field that starts at `start`.
  ///
  /// Returns the field's text and the index after its comma, or `nil` for the last field.
  private static func readField(
    _ line: Substring, from start: Substring.Index, number: Int, at location: Location
  ) throws(DataError) -> (text: String, next: Substring.Index?) {
    var index = skipSpaces(line, from: start)
    guard index < line.endIndex, line[index] == "\"" else {
      let comma = line[index...].firstIndex(of: ",")
      let text = line[index..<(comma ?? line.endIndex)]
      return (trimSpaces(text), comma.map { line.index(after: $0) })
    }

    var text = ""
    index = line.index(after: index)
    while true {
      guard index < line.endIndex else {
        throw location.error(
          "field \(number) opens a quote that is never closed; close it on the same line")
      }
      let character = line[index]
      index = line.index(after: index)
      if character != "\"" {
        text.append(character)
      } else if index < line.endIndex, line[index] == "\"" {
        text.append("\"")
        index = line.index(after: index)
      } else {
        break
      }
    }

    index = skipSpaces(line, from: index)
    guard index < line.endIndex else { return (trimSpaces(Substring(text)), nil) }
    guard line[index] == "," else {
      throw location.error(
        "field \(number) has text after its closing quote; put the whole field inside the "
          + "quotes")
    }
    return (trimSpaces(Substring(text)), line.index(after: index))
  }

  private static func skipSpaces(
    _ line: Substring, from start: Substring.Index
  ) -> Substring.Index {
    line[start...].firstIndex { $0 != " " && $0 != "\t" } ?? line.endIndex
  }

  private static func trimSpaces(_ text: Substring) -> String {
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
    guard let first = text.firstIndex(where: { !isSpace($0) }) else { return "" }
    let last = text.lastIndex(where: { !isSpace($0) })!
    return String(text[first...last])
  }
}

import LabTensor
import Testing

@Suite("Parallel")
struct ParallelTests {
  @Test(
    "LOSSLAB_THREADS sets the thread count",
    arguments: [
      (nil, 8, 8), ("3", 8, 3), ("1", 2, 1), ("64", 2, 64), ("100000", 2, 256),
      ("0", 4, 4), ("-2", 4, 4), ("abc", 4, 4), (" 4", 2, 2), ("2.5", 6, 6), ("", 3, 3),
      (nil, 0, 1),
    ] as [(String?, Int, Int)])
  func threadCountParsing(value: String?, processorCount: Int, expected: Int) {
    let environment = value.map { ["LOSSLAB_THREADS": $0] } ?? [:]

    let count = Parallel.threadCount(environment: environment, processorCount: processorCount)

    #expect(count == expected)
  }

  @Test("other variables are ignored")
  func otherVariablesIgnored() {
    let environment = ["OMP_NUM_THREADS": "1", "LOSSLAB_THREAD": "1"]

    #expect(Parallel.threadCount(environment: environment, processorCount: 5) == 5)
  }

  @Test(
    "forEach runs every piece once",
    arguments: [(0, 3), (1, 4), (5, 1), (7, 2), (7, 7), (3, 16), (100, 3)])
  func forEachCoversPieces(pieceCount: Int, threads: Int) {
    // Each piece writes only its own slot, as forEach requires.
    var runs = [Int](repeating: 0, count: pieceCount)
    runs.withUnsafeMutableBufferPointer { runs in
      Parallel.forEach(pieceCount, threads: threads) { piece in runs[piece] += 1 }
    }

    #expect(runs == [Int](repeating: 1, count: pieceCount))
  }

  @Test("forEach returns after all pieces finish")
  func forEachWaits() {
    var values = [Double](repeating: 0, count: 64)
    values.withUnsafeMutableBufferPointer { values in
      Parallel.forEach(values.count, threads: 4) { piece in
        var total = 0.0
        for step in 0..<20_000 { total += Double(step % (piece + 1)) }
        values[piece] = total
      }
    }

    for piece in 0..<64 {
      let expected = (0..<20_000).reduce(0.0) { $0 + Double($1 % (piece + 1)) }
      #expect(values[piece] == expected, "piece \(piece)")
    }
  }

  @Test("nested forEach completes")
  func nestedForEach() {
    var sums = [Int](repeating: 0, count: 6)
    sums.withUnsafeMutableBufferPointer { sums in
      Parallel.forEach(6, threads: 3) { outer in
        var inner = [Int](repeating: 0, count: 5)
        inner.withUnsafeMutableBufferPointer { inner in
          Parallel.forEach(5, threads: 2) { piece in inner[piece] = outer * 10 + piece }
        }
        sums[outer] = inner.reduce(0, +)
      }
    }

    #expect(sums == (0..<6).map { $0 * 50 + 10 })
  }
}

/// Colour pairs for the foreground and background combinations of 24-bit cell
/// colours, defined on first use above the fixed pairs of `TerminalPalette`.
///
/// ncurses 6.1's `alloc_pair` does the same, but when its pairs run out it
/// recycles the least recently used one, which may be a fixed palette pair.
/// This table never touches pairs below `firstPair`; once `pairLimit` is
/// reached, new combinations get no pair and the cell falls back to its
/// palette colour.
struct ColorPairTable {
  struct Combination: Hashable {
    var foreground: Int32
    var background: Int32
  }

  /// The first pair number the table may define.
  let firstPair: Int32
  /// One past the last pair number the terminal accepts (`COLOR_PAIRS`).
  let pairLimit: Int32
  private(set) var pairs: [Combination: Int32] = [:]

  init(firstPair: Int32, pairLimit: Int32) {
    self.firstPair = firstPair
    self.pairLimit = max(firstPair, pairLimit)
  }

  /// Returns the pair of `foreground` on `background`, defining it with
  /// `define(pair, foreground, background)` the first time. Returns nil when no
  /// pair number is left or `define` fails, which also leaves the number free.
  mutating func pair(
    foreground: Int32, background: Int32, define: (Int32, Int32, Int32) -> Bool
  ) -> Int32? {
    let combination = Combination(foreground: foreground, background: background)
    if let pair = pairs[combination] { return pair }
    let next = firstPair + Int32(pairs.count)
    guard next < pairLimit, define(next, foreground, background) else { return nil }
    pairs[combination] = next
    return next
  }
}

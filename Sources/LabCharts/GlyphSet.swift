/// The characters used for frames, markers and charts. Terminals whose locale
/// is not UTF-8 (or whose type cannot show line drawing) get the ASCII set.
public struct GlyphSet: Sendable, Equatable {
  public var isUnicode: Bool
  public var horizontal: Unicode.Scalar
  public var vertical: Unicode.Scalar
  public var topLeft: Unicode.Scalar
  public var topRight: Unicode.Scalar
  public var bottomLeft: Unicode.Scalar
  public var bottomRight: Unicode.Scalar
  public var selection: Unicode.Scalar
  public var bullet: Unicode.Scalar
  public var ellipsis: String

  public static let unicode = GlyphSet(
    isUnicode: true, horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐",
    bottomLeft: "└", bottomRight: "┘", selection: "▶", bullet: "•", ellipsis: "…")

  public static let ascii = GlyphSet(
    isUnicode: false, horizontal: "-", vertical: "|", topLeft: "+", topRight: "+",
    bottomLeft: "+", bottomRight: "+", selection: ">", bullet: "*", ellipsis: "...")
}

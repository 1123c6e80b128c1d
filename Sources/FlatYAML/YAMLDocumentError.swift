/// Why a text is not a `YAMLDocument`, and where (1-based line and column, in characters).
public struct YAMLDocumentError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure; the `message` tells the details.
    public enum Kind: Sendable, Hashable {
        /// The bytes are not UTF-8 YAML text (invalid UTF-8, control characters).
        case invalidText
        /// libyaml's scanner or parser rejected the text; also undefined aliases and a
        /// second document in the stream.
        case syntax
        /// A mapping has the same key twice (the location is the first occurrence).
        case duplicateKey
        /// The text exceeds one of the reader's `YAMLDocument.Limits`.
        case limit
    }

    /// What kind of failure this is.
    public var kind: Kind
    /// One line, without location, e.g. `found character that cannot start any token`.
    public var message: String
    /// The 1-based line of the offending text.
    public var line: Int
    /// The 1-based column of the offending text, counted in characters.
    public var column: Int

    /// An error of `kind` saying `message`, at `line` and `column` (both 1-based).
    public init(_ kind: Kind, _ message: String, line: Int, column: Int) {
        self.kind = kind
        self.message = message
        self.line = line
        self.column = column
    }

    /// `line:column: message`, for a reader to prefix with the file name.
    public var description: String { "\(line):\(column): \(message)" }
}

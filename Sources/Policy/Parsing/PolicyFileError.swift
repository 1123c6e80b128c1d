import TapVocabulary

/// A policy file that cannot be used, with the place of the problem.
///
/// `description` is one line: `file:line:column: error: message` (the location is
/// omitted when the problem has none, e.g. an unreadable file).
public struct PolicyFileError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Where the offending key or value is; `nil` when the problem has no place (an unreadable file).
    public var location: SourceLocation?
    /// One sentence saying what is wrong, without the location.
    public var message: String

    /// An error saying `message` at `location`.
    public init(_ message: String, at location: SourceLocation?) {
        self.message = message
        self.location = location
    }

    /// `file:line:column: message` without the `error:` word, for a caller that
    /// prints its own prefix (a command-line tool's `Error: `).
    public var locatedMessage: String {
        if let location { "\(location): \(message)" } else { message }
    }

    /// `FILE:LINE:COLUMN: error: message` as compilers print it, or `error: message` without a location.
    public var description: String {
        if let location { "\(location): error: \(message)" } else { "error: \(message)" }
    }
}

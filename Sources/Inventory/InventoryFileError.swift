/// An inventory file that cannot be used: unreadable, not YAML/JSON, or with a
/// value that does not fit the model. Carries the file and the line and column
/// (1-based, counted in characters) of the problem; only a file that cannot be read
/// at all has none.
public struct InventoryFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file's path as given.
    public var path: String
    /// The 1-based line of the offending value, when known.
    public var line: Int?
    /// The 1-based column of the offending value, when known.
    public var column: Int?
    /// What is wrong, for a person.
    public var reason: String

    /// An error in the file at `path`, at `line` and `column` when known.
    public init(path: String, line: Int? = nil, column: Int? = nil, reason: String) {
        self.path = path
        self.line = line
        self.column = column
        self.reason = reason
    }

    /// `path:line:column: reason`, as compilers print it.
    public var description: String {
        var place = path
        if let line {
            place += ":\(line)"
            if let column { place += ":\(column)" }
        }
        return place + ": " + reason
    }
}

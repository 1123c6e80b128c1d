/// Why the agent could not start: a one-line reason naming the file, source or destination.
public struct TapAgentError: Error, CustomStringConvertible, Sendable {
    /// The reason, one line.
    public var description: String
    /// An error saying `description`.
    public init(_ description: String) { self.description = description }
}

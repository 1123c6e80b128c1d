/// Why the agent could not start: a one-line reason naming the file, source or destination.
public struct TapAgentError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

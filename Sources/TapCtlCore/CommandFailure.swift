import ArgumentParser

/// A command failed for a reason the user can act on: printed as one line on
/// stderr, exit status 1.
public struct CommandFailure: Error, CustomStringConvertible {
    /// The message `tapctl` prints to stderr before exiting with status 1.
    public var description: String
    /// A failure saying `description`.
    public init(_ description: String) { self.description = description }
}

import ArgumentParser

/// A command failed for a reason the user can act on: printed as one line on
/// stderr, exit status 1.
public struct CommandFailure: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

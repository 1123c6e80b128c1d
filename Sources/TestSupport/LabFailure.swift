/// A lab command failed: what ran, its exit status and its standard error.
public struct LabFailure: Error, CustomStringConvertible {
    /// The failure in one or more lines, as the test reports it.
    public var description: String
    /// A failure described by `description`.
    public init(_ description: String) { self.description = description }
}

/// A lab command failed: what ran, its exit status and its standard error.
public struct LabFailure: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

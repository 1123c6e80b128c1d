/// A source could not produce a snapshot: unreachable, refused, or answered
/// something unusable. `description` is one line naming the source and the place.
public struct InventorySourceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The source's name (`vsphere:http://127.0.0.1:8989/sdk`).
    public var source: String
    /// What went wrong, for a person.
    public var reason: String

    /// An error of the source named `source`, saying `reason`.
    public init(source: String, reason: String) {
        self.source = source
        self.reason = reason
    }

    /// `source: reason`.
    public var description: String { "\(source): \(reason)" }
}

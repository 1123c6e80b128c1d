/// The flow export socket could not be opened: a sentence for the user.
public struct FlowTransportError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, with the address.
    public var message: String

    /// An error saying `message`.
    public init(_ message: String) { self.message = message }

    /// The message alone, as `tapctl` prints it.
    public var description: String { message }
}

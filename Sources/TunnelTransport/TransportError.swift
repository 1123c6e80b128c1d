/// A socket operation failed: which one, errno, and a sentence for the user.
public struct TransportError: Error, Hashable, Sendable, CustomStringConvertible {
    public var operation: String
    public var errno: Int32
    public var message: String

    public init(operation: String, errno: Int32, message: String) {
        self.operation = operation
        self.errno = errno
        self.message = message
    }

    public var description: String { message }
}

/// A socket operation failed: which one, errno, and a sentence for the user.
public struct TransportError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The failed operation: the system call (`socket`, `setsockopt`, `bind`, `connect`, `poll`, `recvmmsg`) or `write`
    /// for a file.
    public var operation: String
    /// The errno value; 0 when the failure was not a system call's.
    public var errno: Int32
    /// A sentence for the user, naming the address or file.
    public var message: String

    /// An error of `operation` with `errno` (0 when none) and `message`.
    public init(operation: String, errno: Int32, message: String) {
        self.operation = operation
        self.errno = errno
        self.message = message
    }

    /// The message.
    public var description: String { message }
}

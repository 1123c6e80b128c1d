/// A libpcap call failed: which function, and libpcap's own message.
public struct LibpcapError: Error, Hashable, Sendable, CustomStringConvertible {
    public var function: String
    public var message: String
    public init(function: String, message: String) {
        self.function = function
        self.message = message
    }
    public var description: String { "\(function): \(message)" }
}

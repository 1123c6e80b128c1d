/// An inclusive range of TCP/UDP ports, `lower <= upper`.
public struct PortRange: Hashable, Sendable, CustomStringConvertible {
    public let lower: UInt16
    public let upper: UInt16

    /// Creates a range; `lower` must not exceed `upper` (a programmer error).
    public init(_ lower: UInt16, _ upper: UInt16) {
        precondition(lower <= upper, "port range out of order")
        self.lower = lower
        self.upper = upper
    }

    /// A single port.
    public init(_ port: UInt16) { self.init(port, port) }

    @inlinable public func contains(_ port: UInt16) -> Bool { lower <= port && port <= upper }

    /// True when every port of `other` is in this range.
    public func contains(_ other: PortRange) -> Bool { lower <= other.lower && other.upper <= upper }

    public var description: String { lower == upper ? "\(lower)" : "\(lower)-\(upper)" }
}

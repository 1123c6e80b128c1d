/// An inclusive range of TCP/UDP ports, `lower <= upper`.
public struct PortRange: Hashable, Sendable, CustomStringConvertible {
    /// The first port of the range.
    public let lower: UInt16
    /// The last port of the range (inclusive).
    public let upper: UInt16

    /// Creates a range; `lower` must not exceed `upper` (a programmer error).
    public init(_ lower: UInt16, _ upper: UInt16) {
        precondition(lower <= upper, "port range out of order")
        self.lower = lower
        self.upper = upper
    }

    /// A single port.
    public init(_ port: UInt16) { self.init(port, port) }

    /// True when `port` lies in the range, ends included.
    @inlinable public func contains(_ port: UInt16) -> Bool { lower <= port && port <= upper }

    /// True when every port of `other` is in this range.
    public func contains(_ other: PortRange) -> Bool { lower <= other.lower && other.upper <= upper }

    /// `80` for a single port, `8000-8080` for a range.
    public var description: String { lower == upper ? "\(lower)" : "\(lower)-\(upper)" }
}

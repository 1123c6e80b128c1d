/// A source and a destination of one kind (IP addresses, MACs, ports).
public struct AddressPair<Address: Hashable & Sendable>: Hashable, Sendable {
    /// The source side.
    public var source: Address
    /// The destination side.
    public var destination: Address

    /// A pair of `source` and `destination`.
    @inlinable
    public init(source: Address, destination: Address) {
        self.source = source
        self.destination = destination
    }
}

/// Transport source and destination ports.
public typealias PortPair = AddressPair<UInt16>

/// A source and a destination of one kind (IP addresses, MACs, ports).
public struct AddressPair<Address: Hashable & Sendable>: Hashable, Sendable {
    public var source: Address
    public var destination: Address

    @inlinable
    public init(source: Address, destination: Address) {
        self.source = source
        self.destination = destination
    }
}

/// Transport source and destination ports.
public typealias PortPair = AddressPair<UInt16>

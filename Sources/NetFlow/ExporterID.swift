import NetworkTypes

/// Who sent a datagram: the exporter's address and UDP port. Templates,
/// sampling rates and buffered data are kept per exporter (and per source ID /
/// observation domain inside it).
public struct ExporterID: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The exporter's source address.
    public var address: IPAddress
    /// The exporter's UDP source port.
    public var port: UInt16

    /// The exporter at `address` and `port`.
    public init(address: IPAddress, port: UInt16) {
        self.address = address
        self.port = port
    }

    /// `ADDRESS:PORT`, with an IPv6 address in brackets.
    public var description: String {
        if case .v6 = address { return "[\(address)]:\(port)" }
        return "\(address):\(port)"
    }
}

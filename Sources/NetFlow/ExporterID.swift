import NetworkTypes

/// Who sent a datagram: the exporter's address and UDP port. Templates,
/// sampling rates and buffered data are kept per exporter (and per source ID /
/// observation domain inside it).
public struct ExporterID: Hashable, Sendable, Codable, CustomStringConvertible {
    public var address: IPAddress
    public var port: UInt16

    public init(address: IPAddress, port: UInt16) {
        self.address = address
        self.port = port
    }

    public var description: String {
        if case .v6 = address { return "[\(address)]:\(port)" }
        return "\(address):\(port)"
    }
}

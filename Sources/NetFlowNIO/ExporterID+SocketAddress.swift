import NIOCore
import NetFlow
import NetworkTypes

extension ExporterID {
    /// The exporter a datagram came from; nil for non-IP socket addresses.
    public init?(_ address: SocketAddress) {
        guard let text = address.ipAddress, let ip = IPAddress(text), let port = address.port else { return nil }
        self.init(address: ip, port: UInt16(truncatingIfNeeded: port))
    }
}

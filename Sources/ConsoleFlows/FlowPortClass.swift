import NetworkTypes

/// The service port of a flow, so rollups group a conversation by the
/// service it uses and not by its ephemeral client ports.
public enum FlowPortClass {
    /// Ports from here on are ephemeral (IANA dynamic range, RFC 6335).
    public static let ephemeralStart: UInt16 = 49_152

    /// The service port: the lower non-zero port when it is below the
    /// ephemeral range (a system or registered port), else 0 (two ephemeral
    /// ports, or protocols without ports: ICMP keeps type << 8 | code in its
    /// destination port and is classed 0).
    public static func servicePort(ipProtocol: UInt8, sourcePort: UInt16, destinationPort: UInt16) -> UInt16 {
        guard ipProtocol == IPProtocolNumber.tcp || ipProtocol == IPProtocolNumber.udp || ipProtocol == 132 else {
            return 0
        }
        let low = min(sourcePort, destinationPort)
        let high = max(sourcePort, destinationPort)
        let service = low == 0 ? high : low
        return service < ephemeralStart ? service : 0
    }
}

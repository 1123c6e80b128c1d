import NetworkTypes

/// A tunnel the tap itself sends into. Packets of this tunnel are never tapped
/// (otherwise every copy would be copied again).
///
/// A packet belongs to the tunnel when one of its IP addresses is `address` and it
/// is GRE (IP protocol 47, for `gre`/`erspan2`/`erspan3`) or UDP with `udpPort` as the
/// port on the endpoint's side (for `vxlan`).
public struct TunnelEndpoint: Hashable, Sendable, CustomStringConvertible {
    public var address: IPAddress
    /// True for GRE-carried encapsulations, false for UDP (VXLAN).
    public var usesGRE: Bool
    /// The UDP port for VXLAN; unused for GRE.
    public var udpPort: UInt16

    public init(address: IPAddress, usesGRE: Bool, udpPort: UInt16) {
        self.address = address
        self.usesGRE = usesGRE
        self.udpPort = usesGRE ? 0 : udpPort
    }

    public var description: String { usesGRE ? "\(address) gre" : "\(address) udp/\(udpPort)" }
}

import NetworkTypes
import TapVocabulary

/// What marks the packets of a tunnel the tap itself sends into, so that they
/// are never tapped (otherwise every copy would be copied again).
///
/// A packet belongs to the tunnel when one of its IP addresses is `address` and it
/// is GRE (IP protocol 47, for `gre`/`erspan2`/`erspan3`) or UDP with `udpPort` as the
/// port on the tunnel end's side (for `vxlan` and `gre-udp`).
public struct TunnelSignature: Hashable, Sendable, CustomStringConvertible {
    /// The tunnel's remote end; packets to or from it on the tunnel's protocol and port are the tap's own.
    public var address: IPAddress
    /// True for GRE-carried encapsulations, false for UDP (VXLAN, GRE-in-UDP).
    public var usesGRE: Bool
    /// The UDP port for UDP encapsulations; 0 for GRE.
    public var udpPort: UInt16

    /// A signature from its parts; `udpPort` is stored as 0 when `usesGRE` is true.
    public init(address: IPAddress, usesGRE: Bool, udpPort: UInt16) {
        self.address = address
        self.usesGRE = usesGRE
        self.udpPort = usesGRE ? 0 : udpPort
    }

    /// The signature of the tunnel to `destination`.
    public init(of destination: TunnelDestination) {
        // Assigned field by field: a delegating `self.init` here was miscompiled in debug builds
        // (an aligned vector copy of the 8-byte-aligned `self`, a crash on every call).
        address = destination.address
        usesGRE = !destination.encapsulation.usesUDP
        udpPort = usesGRE ? 0 : destination.encapsulation.udpPort ?? 0
    }

    /// `ADDRESS gre` or `ADDRESS udp/PORT`.
    public var description: String { usesGRE ? "\(address) gre" : "\(address) udp/\(udpPort)" }
}

import GRE
import NetworkTypes
import TapVocabulary

/// One sending tunnel as the receiver tells them apart: kind, outer source
/// address, and key / session / VNI.
public struct TunnelSource: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The encapsulation kind.
    public var kind: TunnelKind
    /// The outer source address: the sender's end of the tunnel.
    public var address: IPAddress
    /// GRE key, ERSPAN session or VXLAN/Geneve VNI, when the tunnel has one.
    public var identifier: UInt32?

    /// A source with the given parts.
    public init(kind: TunnelKind, address: IPAddress, identifier: UInt32?) {
        self.kind = kind
        self.address = address
        self.identifier = identifier
    }

    /// The tunnel a decapsulated packet came through; its identifier is the VNI, the ERSPAN session or the GRE key, the
    /// first present.
    public init(_ packet: DecapsulatedPacket) {
        kind = packet.kind
        address = packet.outerSource
        identifier = packet.vni ?? packet.sessionID.map(UInt32.init) ?? packet.key
    }

    /// The pcapng interface name: `gre 198.18.0.1 key 100`, `erspan3 198.18.0.1 session 7`, `vxlan … vni 42`.
    public var description: String {
        var name = "\(kind) \(address)"
        if let identifier {
            switch kind {
            case .gre, .greInUDP: name += " key \(identifier)"
            case .erspanType2, .erspanType3: name += " session \(identifier)"
            case .vxlan, .geneve: name += " vni \(identifier)"
            }
        }
        return name
    }

    /// The order of the descriptions, so reports list tunnels by kind, then address text.
    public static func < (a: TunnelSource, b: TunnelSource) -> Bool { a.description < b.description }
}

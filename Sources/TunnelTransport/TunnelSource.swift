import GRE
import NetworkTypes
import TapVocabulary

/// One sending tunnel as the receiver tells them apart: kind, outer source
/// address, and key / session / VNI.
public struct TunnelSource: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var kind: TunnelKind
    public var address: IPAddress
    /// GRE key, ERSPAN session or VXLAN/Geneve VNI, when the tunnel has one.
    public var identifier: UInt32?

    public init(kind: TunnelKind, address: IPAddress, identifier: UInt32?) {
        self.kind = kind
        self.address = address
        self.identifier = identifier
    }

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

    public static func < (a: TunnelSource, b: TunnelSource) -> Bool { a.description < b.description }
}

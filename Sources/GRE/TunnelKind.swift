/// The tunnel a decapsulated frame arrived in.
public enum TunnelKind: UInt8, Hashable, Sendable, CustomStringConvertible {
    case gre, erspanType2, erspanType3, vxlan, greInUDP

    public var description: String {
        switch self {
        case .gre: "gre"
        case .erspanType2: "erspan2"
        case .erspanType3: "erspan3"
        case .vxlan: "vxlan"
        case .greInUDP: "gre-udp"
        }
    }
}

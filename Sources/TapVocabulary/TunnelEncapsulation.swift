import NetworkTypes

/// How frames are wrapped for one destination, with the identifiers each
/// encapsulation carries (GRE key, ERSPAN session, VXLAN network identifier).
public enum TunnelEncapsulation: Hashable, Sendable {
    /// GRE (RFC 2784/2890) carrying `protocolType` (0x6558 for Ethernet frames;
    /// 0x0800/0x86DD carry the frame's IP packet without its link header).
    case gre(key: UInt32? = nil, sequence: Bool = false, checksum: Bool = false,
             protocolType: UInt16 = EtherType.transparentEthernetBridging)
    /// ERSPAN type II inside GRE with a sequence number; `sessionID` has 10 bits.
    case erspanType2(sessionID: UInt16, index: UInt32 = 0)
    /// ERSPAN type III inside GRE with a sequence number; the timestamp field
    /// carries the frame's capture time in 100 ns units (granularity 1).
    case erspanType3(sessionID: UInt16, hardwareID: UInt8 = 0)
    /// VXLAN (RFC 7348) in UDP; `vni` has 24 bits; the UDP source port comes from the inner flow hash.
    case vxlan(vni: UInt32, port: UInt16 = TunnelEncapsulation.vxlanPort)
    /// GRE in UDP (RFC 8086), UDP destination port 4754; source port from the flow hash.
    case greInUDP(key: UInt32? = nil, sequence: Bool = false, checksum: Bool = false,
                  port: UInt16 = TunnelEncapsulation.greInUDPPort)

    /// RFC 8086 §3: the IANA port for GRE-in-UDP.
    public static let greInUDPPort: UInt16 = 4754
    /// RFC 7348 §5: the IANA port for VXLAN.
    public static let vxlanPort: UInt16 = 4789

    /// True when the tunnel rides in UDP (VXLAN, GRE-in-UDP).
    public var usesUDP: Bool {
        switch self {
        case .vxlan, .greInUDP: true
        default: false
        }
    }

    /// The UDP destination port, for UDP encapsulations.
    public var udpPort: UInt16? {
        switch self {
        case .vxlan(_, let port), .greInUDP(_, _, _, let port): port
        default: nil
        }
    }

    /// The GRE key, for GRE and GRE-in-UDP with a key field.
    public var greKey: UInt32? {
        switch self {
        case .gre(let key, _, _, _), .greInUDP(let key, _, _, _): key
        default: nil
        }
    }

    /// The ERSPAN session ID, for ERSPAN II and III.
    public var sessionID: UInt16? {
        switch self {
        case .erspanType2(let session, _), .erspanType3(let session, _): session
        default: nil
        }
    }

    /// The VXLAN network identifier, for VXLAN.
    public var vni: UInt32? {
        if case .vxlan(let vni, _) = self { return vni }
        return nil
    }

    /// True when every packet carries a sequence number (ERSPAN always, GRE when asked).
    public var isSequenced: Bool {
        switch self {
        case .gre(_, let sequence, _, _), .greInUDP(_, let sequence, _, _): sequence
        case .erspanType2, .erspanType3: true
        case .vxlan: false
        }
    }

    /// The tunnel kind a receiver sees.
    public var kind: TunnelKind {
        switch self {
        case .gre: .gre
        case .erspanType2: .erspanType2
        case .erspanType3: .erspanType3
        case .vxlan: .vxlan
        case .greInUDP: .greInUDP
        }
    }

    /// A short name: gre, erspan2, erspan3, vxlan, gre-udp.
    public var name: String { kind.description }
}

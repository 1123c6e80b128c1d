import NetworkTypes

/// How frames are wrapped for one destination, with the identifiers each
/// encapsulation carries (GRE key, ERSPAN session, VXLAN/Geneve network identifier).
public enum TunnelEncapsulation: Hashable, Sendable {
    /// GRE (RFC 2784/2890) carrying `protocolType` (0x6558 for Ethernet frames;
    /// 0x0800/0x86DD carry the frame's IP packet without its link header).
    case gre(
        key: UInt32? = nil,
        sequence: Bool = false,
        checksum: Bool = false,
        protocolType: UInt16 = EtherType.transparentEthernetBridging
    )
    /// ERSPAN type II inside GRE with a sequence number; `sessionID` has 10 bits.
    case erspanType2(sessionID: UInt16, index: UInt32 = 0)
    /// ERSPAN type III inside GRE with a sequence number; the timestamp field
    /// carries the frame's capture time in 100 ns units (granularity 1).
    case erspanType3(sessionID: UInt16, hardwareID: UInt8 = 0)
    /// VXLAN (RFC 7348) in UDP; `vni` has 24 bits; the UDP source port comes from the inner flow hash.
    case vxlan(vni: UInt32, port: UInt16 = TunnelEncapsulation.vxlanPort)
    /// GRE in UDP (RFC 8086), UDP destination port 4754; source port from the flow hash.
    case greInUDP(
        key: UInt32? = nil,
        sequence: Bool = false,
        checksum: Bool = false,
        port: UInt16 = TunnelEncapsulation.greInUDPPort
    )
    /// Geneve (RFC 8926) in UDP carrying Ethernet frames, without options;
    /// `vni` has 24 bits; the UDP source port comes from the inner flow hash.
    case geneve(vni: UInt32, port: UInt16 = TunnelEncapsulation.genevePort)

    /// RFC 8086 §3: the IANA port for GRE-in-UDP.
    public static let greInUDPPort: UInt16 = 4754
    /// RFC 7348 §5: the IANA port for VXLAN.
    public static let vxlanPort: UInt16 = 4789
    /// RFC 8926 §3.3: the IANA port for Geneve.
    public static let genevePort: UInt16 = 6081

    /// True when the tunnel rides in UDP (VXLAN, GRE-in-UDP, Geneve).
    public var usesUDP: Bool {
        switch self {
        case .vxlan, .greInUDP, .geneve: true
        default: false
        }
    }

    /// The UDP destination port, for UDP encapsulations.
    public var udpPort: UInt16? {
        switch self {
        case .vxlan(_, let port), .greInUDP(_, _, _, let port), .geneve(_, let port): port
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

    /// The virtual network identifier, for VXLAN and Geneve.
    public var vni: UInt32? {
        switch self {
        case .vxlan(let vni, _), .geneve(let vni, _): vni
        default: nil
        }
    }

    /// True when the encapsulation can flag a cut inner frame (the ERSPAN T
    /// bit). Cutting a frame for the others leaves nothing on the wire to say so.
    public var canFlagTruncation: Bool {
        switch self {
        case .erspanType2, .erspanType3: true
        case .gre, .vxlan, .greInUDP, .geneve: false
        }
    }

    /// True when every packet carries a sequence number (ERSPAN always, GRE when asked).
    public var isSequenced: Bool {
        switch self {
        case .gre(_, let sequence, _, _), .greInUDP(_, let sequence, _, _): sequence
        case .erspanType2, .erspanType3: true
        case .vxlan, .geneve: false
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
        case .geneve: .geneve
        }
    }

    /// A short name: gre, erspan2, erspan3, vxlan, gre-udp, geneve.
    public var name: String { kind.description }
}

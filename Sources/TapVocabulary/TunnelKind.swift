/// The kind of a tunnel, without its identifiers: what a receiver sees and what
/// a policy's `encap:` or a `KIND:ADDRESS` argument names.
public enum TunnelKind: UInt8, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// Plain GRE (RFC 2784/2890) carrying the Ethernet frame (protocol type 0x6558).
    case gre
    /// ERSPAN Type II: GRE protocol type 0x88BE with an 8-byte header holding the session ID.
    case erspanType2
    /// ERSPAN Type III: GRE protocol type 0x22EB with a 12-byte header (session ID, timestamp).
    case erspanType3
    /// VXLAN (RFC 7348): the frame in UDP, identified by a 24-bit VNI.
    case vxlan
    /// GRE-in-UDP (RFC 8086): a GRE header and the frame in UDP.
    case greInUDP
    /// Geneve (RFC 8926): the frame in UDP with a 24-bit VNI.
    case geneve

    /// The kind spelled `name` (gre, erspan2, erspan3, vxlan, gre-udp, geneve), or nil.
    public init?(name: String) {
        guard let kind = Self.allCases.first(where: { $0.description == name }) else { return nil }
        self = kind
    }

    /// The kind's name in policies and `KIND:ADDRESS` arguments: `gre`, `erspan2`, `erspan3`, `vxlan`,
    /// `gre-udp` or `geneve`.
    public var description: String {
        switch self {
        case .gre: "gre"
        case .erspanType2: "erspan2"
        case .erspanType3: "erspan3"
        case .vxlan: "vxlan"
        case .greInUDP: "gre-udp"
        case .geneve: "geneve"
        }
    }

    /// True for the kinds carried directly in GRE (IP protocol 47).
    public var usesGRE: Bool {
        switch self {
        case .gre, .erspanType2, .erspanType3: true
        case .vxlan, .greInUDP, .geneve: false
        }
    }
}

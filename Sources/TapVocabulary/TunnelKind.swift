/// The kind of a tunnel, without its identifiers: what a receiver sees and what
/// a policy's `encap:` or a `KIND:ADDRESS` argument names.
public enum TunnelKind: UInt8, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    case gre, erspanType2, erspanType3, vxlan, greInUDP, geneve

    /// The kind spelled `name` (gre, erspan2, erspan3, vxlan, gre-udp, geneve), or nil.
    public init?(name: String) {
        guard let kind = Self.allCases.first(where: { $0.description == name }) else { return nil }
        self = kind
    }

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

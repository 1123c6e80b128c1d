/// The export formats: NetFlow v5, NetFlow v9 (RFC 3954) and IPFIX (RFC 7011,
/// version number 10).
public enum NetFlowVersion: UInt16, Sendable, Hashable, CaseIterable, Codable, CustomStringConvertible {
    case v5 = 5
    case v9 = 9
    case ipfix = 10

    public var description: String {
        switch self {
        case .v5: "NetFlow v5"
        case .v9: "NetFlow v9"
        case .ipfix: "IPFIX"
        }
    }
}

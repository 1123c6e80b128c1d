/// The export formats: NetFlow v5, NetFlow v9 (RFC 3954) and IPFIX (RFC 7011,
/// version number 10).
public enum NetFlowVersion: UInt16, Sendable, Hashable, CaseIterable, Codable, CustomStringConvertible {
    /// NetFlow version 5: a fixed IPv4-only record format, no templates.
    case v5 = 5
    /// NetFlow version 9 (RFC 3954): template-based.
    case v9 = 9
    /// IPFIX (RFC 7011), version number 10: template-based, absolute times, variable-length fields.
    case ipfix = 10

    /// `NetFlow v5`, `NetFlow v9` or `IPFIX`.
    public var description: String {
        switch self {
        case .v5: "NetFlow v5"
        case .v9: "NetFlow v9"
        case .ipfix: "IPFIX"
        }
    }
}

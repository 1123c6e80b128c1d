/// An IPv4 or IPv6 address. A plain enum of two trivial payloads: storing or
/// comparing one never allocates.
public enum IPAddress: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// An IPv4 address.
    case v4(IPv4Address)
    /// An IPv6 address (an IPv4-mapped address stays IPv6).
    case v6(IPv6Address)

    /// Parses either family; IPv6 is tried when the text contains a colon.
    public init?(_ text: some StringProtocol) {
        if text.contains(":") {
            guard let v6 = IPv6Address(text) else { return nil }
            self = .v6(v6)
        } else {
            guard let v4 = IPv4Address(text) else { return nil }
            self = .v4(v4)
        }
    }

    /// The address's text: dotted quad for IPv4, RFC 5952 canonical form for IPv6.
    public var description: String {
        switch self {
        case .v4(let a): a.description
        case .v6(let a): a.description
        }
    }

    /// True for IPv4 and IPv6 multicast and the IPv4 limited broadcast.
    public var isMulticastOrBroadcast: Bool {
        switch self {
        case .v4(let a): a.isMulticast || a.isLimitedBroadcast
        case .v6(let a): a.isMulticast
        }
    }

    /// Orders all IPv4 addresses before all IPv6 addresses.
    public static func < (lhs: IPAddress, rhs: IPAddress) -> Bool {
        switch (lhs, rhs) {
        case (.v4(let a), .v4(let b)): a < b
        case (.v6(let a), .v6(let b)): a < b
        case (.v4, .v6): true
        case (.v6, .v4): false
        }
    }
}

extension IPAddress: Codable {
    /// Decodes the address from a string in either family's text form.
    ///
    /// - Throws: `DecodingError.dataCorrupted` when the string is not an IP address.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let address = IPAddress(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "not an IP address: \(text)")
            )
        }
        self = address
    }
    /// Encodes the address as its ``description`` string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

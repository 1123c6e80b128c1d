/// A 48-bit IEEE 802 MAC address, stored in the low 48 bits of a `UInt64`
/// (first octet in bits 47...40), so that it is `Hashable`, `Comparable` and
/// costs no allocation.
public struct MACAddress: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The address in the low 48 bits, most significant octet first on the wire.
    public let rawValue: UInt64

    /// Creates an address from its low 48 bits; higher bits are discarded.
    @inlinable
    public init(rawValue: UInt64) { self.rawValue = rawValue & 0xFFFF_FFFF_FFFF }

    /// Creates an address from six octets in wire order.
    @inlinable
    public init(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8, _ e: UInt8, _ f: UInt8) {
        self.rawValue =
            UInt64(a) << 40 | UInt64(b) << 32 | UInt64(c) << 24 | UInt64(d) << 16 | UInt64(e) << 8 | UInt64(f)
    }

    /// Parses `aa:bb:cc:dd:ee:ff` (also with `-` separators, any letter case).
    /// Returns `nil` for anything else.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(omittingEmptySubsequences: false) { $0 == ":" || $0 == "-" }
        guard parts.count == 6 else { return nil }
        var value: UInt64 = 0
        for part in parts {
            guard part.count == 2, let octet = UInt8(part, radix: 16) else { return nil }
            value = value << 8 | UInt64(octet)
        }
        self.rawValue = value
    }

    /// The all-ones broadcast address `ff:ff:ff:ff:ff:ff`.
    public static let broadcast = MACAddress(rawValue: 0xFFFF_FFFF_FFFF)

    /// The six octets in wire order.
    public var octets: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) {
        (
            UInt8(truncatingIfNeeded: rawValue >> 40), UInt8(truncatingIfNeeded: rawValue >> 32),
            UInt8(truncatingIfNeeded: rawValue >> 24), UInt8(truncatingIfNeeded: rawValue >> 16),
            UInt8(truncatingIfNeeded: rawValue >> 8), UInt8(truncatingIfNeeded: rawValue)
        )
    }

    /// True for group (multicast and broadcast) addresses: the I/G bit of the first octet.
    @inlinable public var isMulticast: Bool { rawValue & 0x0100_0000_0000 != 0 }
    /// True for `ff:ff:ff:ff:ff:ff`.
    @inlinable public var isBroadcast: Bool { rawValue == 0xFFFF_FFFF_FFFF }

    /// Lower-case, colon-separated: `02:00:0a:01:00:05`.
    public var description: String {
        let o = octets
        return [o.0, o.1, o.2, o.3, o.4, o.5].map { byte in
            let s = String(byte, radix: 16)
            return s.count == 1 ? "0" + s : s
        }.joined(separator: ":")
    }

    /// Numeric order, the same as the order of the addresses' bytes.
    public static func < (lhs: MACAddress, rhs: MACAddress) -> Bool { lhs.rawValue < rhs.rawValue }
}

extension MACAddress: Codable {
    /// Decodes the address from a string such as `52:54:00:12:34:56`.
    ///
    /// - Throws: `DecodingError.dataCorrupted` when the string is not a MAC address.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let mac = MACAddress(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "not a MAC address: \(text)")
            )
        }
        self = mac
    }
    /// Encodes the address as its ``description`` string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

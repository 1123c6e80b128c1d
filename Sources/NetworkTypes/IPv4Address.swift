/// An IPv4 address as a host-order `UInt32` (`10.0.0.1` is `0x0A00_0001`).
public struct IPv4Address: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The address, most significant octet first (`10.0.0.1` is `0x0A00_0001`).
    public let rawValue: UInt32

    /// The address whose octets, most significant first, are `rawValue`'s bytes.
    @inlinable public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// The address `a.b.c.d`.
    @inlinable
    public init(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) {
        rawValue = UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d)
    }

    /// Parses dotted-quad notation (`192.0.2.1`); leading zeros are rejected
    /// (they are octal in some tools and therefore ambiguous).
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy({ $0.isASCII && $0.isNumber }),
                part.count == 1 || part.first != "0",
                let octet = UInt8(part)
            else { return nil }
            value = value << 8 | UInt32(octet)
        }
        rawValue = value
    }

    /// True for 224.0.0.0/4.
    @inlinable public var isMulticast: Bool { rawValue >> 28 == 0xE }
    /// True for 255.255.255.255.
    @inlinable public var isLimitedBroadcast: Bool { rawValue == .max }

    /// Dotted-quad text without leading zeros (`10.0.0.1`).
    public var description: String {
        "\(rawValue >> 24).\(rawValue >> 16 & 0xFF).\(rawValue >> 8 & 0xFF).\(rawValue & 0xFF)"
    }

    /// Numeric order, the same as the order of the addresses' bytes.
    public static func < (lhs: IPv4Address, rhs: IPv4Address) -> Bool { lhs.rawValue < rhs.rawValue }
}

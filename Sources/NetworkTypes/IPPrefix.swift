/// An IPv4 or IPv6 network prefix (CIDR block) such as `10.1.0.0/16` or
/// `fd00::/8`. The stored address always has its host bits cleared.
public struct IPPrefix: Hashable, Sendable, CustomStringConvertible {
    /// The network address, host bits zero.
    public let address: IPAddress
    /// Prefix length: 0...32 for IPv4, 0...128 for IPv6.
    public let length: Int

    /// Why a prefix failed to parse.
    public enum ParseError: Error, Hashable, Sendable, CustomStringConvertible {
        /// The part before `/` (the whole text) is not an address.
        case notAnAddress(String)
        /// The length after `/` is not a decimal number within 0...32 (IPv4) or 0...128 (IPv6).
        case badLength(String)
        /// Strict parsing only: the address has bits set below the prefix length.
        case hostBitsSet(String)
        /// A sentence quoting the text, for a policy error.
        public var description: String {
            switch self {
            case .notAnAddress(let s): "'\(s)' is not an IPv4 or IPv6 address"
            case .badLength(let s): "'\(s)' has a prefix length out of range"
            case .hostBitsSet(let s): "'\(s)' has host bits set (did you mean the network address?)"
            }
        }
    }

    /// Creates a prefix, clearing host bits. Traps if `length` is out of range
    /// for the family (a programmer error; parse untrusted text with `parse`).
    public init(address: IPAddress, length: Int) {
        switch address {
        case .v4(let a):
            precondition((0...32).contains(length), "IPv4 prefix length out of range")
            self.address = .v4(IPv4Address(rawValue: a.rawValue & IPPrefix.mask32(length)))
        case .v6(let a):
            precondition((0...128).contains(length), "IPv6 prefix length out of range")
            self.address = .v6(IPv6Address(rawValue: a.rawValue & IPPrefix.mask128(length)))
        }
        self.length = length
    }

    /// Parses `ADDRESS/LEN`, or a bare address as a host prefix (/32, /128).
    /// With `strict`, host bits set below the prefix are an error.
    public static func parse(_ text: some StringProtocol, strict: Bool = true) throws(ParseError) -> IPPrefix {
        let string = String(text)
        let pieces = string.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = IPAddress(pieces[0]) else { throw .notAnAddress(string) }
        let maxLength: Int
        switch address {
        case .v4: maxLength = 32
        case .v6: maxLength = 128
        }
        var length = maxLength
        if pieces.count == 2 {
            guard pieces[1].allSatisfy({ $0.isASCII && $0.isNumber }), let parsed = Int(pieces[1]),
                (0...maxLength).contains(parsed)
            else { throw .badLength(string) }
            length = parsed
        }
        let prefix = IPPrefix(address: address, length: length)
        if strict && prefix.address != address { throw .hostBitsSet(string) }
        return prefix
    }

    /// True when `other` lies inside this prefix (same family only).
    @inlinable
    public func contains(_ other: IPAddress) -> Bool {
        switch (address, other) {
        case (.v4(let net), .v4(let a)): a.rawValue & IPPrefix.mask32(length) == net.rawValue
        case (.v6(let net), .v6(let a)): a.rawValue & IPPrefix.mask128(length) == net.rawValue
        default: false
        }
    }

    /// True when every address of `other` is inside this prefix.
    public func contains(_ other: IPPrefix) -> Bool { other.length >= length && contains(other.address) }

    /// `address/length` in canonical text (`10.1.0.0/16`, `fd00::/8`).
    public var description: String { "\(address)/\(length)" }

    /// The IPv4 netmask for a prefix length; `mask32(0) == 0` (no shift by 32).
    @inlinable
    public static func mask32(_ length: Int) -> UInt32 { length == 0 ? 0 : ~UInt32(0) << (32 - length) }
    /// The IPv6 netmask for a prefix length; `mask128(0) == 0`.
    @inlinable
    public static func mask128(_ length: Int) -> UInt128 { length == 0 ? 0 : ~UInt128(0) << (128 - length) }
}

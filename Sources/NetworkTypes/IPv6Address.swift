/// An IPv6 address as a host-order `UInt128` (first octet in the top bits).
public struct IPv6Address: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The address, first octet in the most significant bits.
    public let rawValue: UInt128

    /// The address whose 16 bytes, most significant first, are `rawValue`'s.
    @inlinable public init(rawValue: UInt128) { self.rawValue = rawValue }

    /// Creates an address from its eight 16-bit groups in order.
    public init(groups: [UInt16]) {
        precondition(groups.count == 8, "an IPv6 address has eight groups")
        var value: UInt128 = 0
        for group in groups { value = value << 16 | UInt128(group) }
        rawValue = value
    }

    /// Parses RFC 4291 text: full, `::`-compressed, and with an embedded
    /// dotted-quad tail (`::ffff:192.0.2.1`). Zone indices are rejected.
    public init?(_ text: some StringProtocol) {
        let string = String(text)
        guard !string.isEmpty, string.count <= 45, !string.contains("%") else { return nil }
        var groups: [UInt16] = []
        var tailGroups: [UInt16] = []
        let halves = string.split(separator: "::", omittingEmptySubsequences: false).map(String.init)
        guard halves.count <= 2 else { return nil }
        func parse(_ part: String, allowIPv4Tail: Bool) -> [UInt16]? {
            if part.isEmpty { return [] }
            var out: [UInt16] = []
            let fields = part.split(separator: ":", omittingEmptySubsequences: false)
            for (index, field) in fields.enumerated() {
                if allowIPv4Tail, index == fields.count - 1, field.contains(".") {
                    guard let v4 = IPv4Address(field) else { return nil }
                    out.append(UInt16(v4.rawValue >> 16))
                    out.append(UInt16(v4.rawValue & 0xFFFF))
                } else {
                    guard (1...4).contains(field.count), let value = UInt16(field, radix: 16) else { return nil }
                    out.append(value)
                }
            }
            return out
        }
        if halves.count == 1 {
            guard let all = parse(halves[0], allowIPv4Tail: true), all.count == 8 else { return nil }
            groups = all
        } else {
            guard let head = parse(halves[0], allowIPv4Tail: false),
                let tail = parse(halves[1], allowIPv4Tail: true),
                head.count + tail.count <= 7
            else { return nil }
            groups = head
            tailGroups = tail
            groups += Array(repeating: 0, count: 8 - head.count - tail.count) + tailGroups
        }
        self.init(groups: groups)
    }

    /// The eight 16-bit groups in order.
    public var groups: [UInt16] { (0..<8).map { UInt16(truncatingIfNeeded: rawValue >> (112 - 16 * $0)) } }

    /// True for ff00::/8.
    @inlinable public var isMulticast: Bool { rawValue >> 120 == 0xFF }

    /// RFC 5952 canonical text: lower case, longest run of two or more zero
    /// groups compressed to `::` (the first such run on a tie).
    public var description: String {
        let g = groups
        var bestStart = -1
        var bestLength = 0
        var index = 0
        while index < 8 {
            if g[index] == 0 {
                var end = index
                while end < 8 && g[end] == 0 { end += 1 }
                if end - index > bestLength {
                    bestStart = index
                    bestLength = end - index
                }
                index = end
            } else {
                index += 1
            }
        }
        if bestLength < 2 { return g.map { String($0, radix: 16) }.joined(separator: ":") }
        let head = g[0..<bestStart].map { String($0, radix: 16) }.joined(separator: ":")
        let tail = g[(bestStart + bestLength)...].map { String($0, radix: 16) }.joined(separator: ":")
        return head + "::" + tail
    }

    /// Numeric order, the same as the order of the addresses' bytes.
    public static func < (lhs: IPv6Address, rhs: IPv6Address) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The RFC 1071 one's-complement Internet checksum, accumulated in pieces.
///
/// Add 16-bit words or byte runs (an odd-length run may only come last), then
/// read `value`. Used for IPv4 headers, UDP/TCP pseudo-headers, GRE (RFC 2784)
/// and ICMP.
public struct InternetChecksum: Sendable {
    @usableFromInline var sum: UInt64 = 0

    /// A checksum over nothing yet.
    @inlinable public init() {}

    /// Adds one 16-bit word.
    @inlinable public mutating func add(_ word: UInt16) { sum &+= UInt64(word) }

    /// Adds a 32-bit value as two words.
    @inlinable public mutating func add(_ value: UInt32) {
        sum &+= UInt64(value >> 16) &+ UInt64(value & 0xFFFF)
    }

    /// Adds a 128-bit value (an IPv6 address) as eight words.
    @inlinable public mutating func add(_ value: UInt128) {
        var v = value
        for _ in 0..<8 {
            sum &+= UInt64(truncatingIfNeeded: v & 0xFFFF)
            v >>= 16
        }
    }

    /// Adds bytes in network order; a trailing odd byte is padded with zero.
    @inlinable public mutating func add(bytes: RawSpan) {
        let count = bytes.byteCount
        var index = 0
        while index + 8 <= count {
            let v = bytes.uint64BE(at: index)
            sum &+= (v >> 48) &+ ((v >> 32) & 0xFFFF) &+ ((v >> 16) & 0xFFFF) &+ (v & 0xFFFF)
            index += 8
        }
        while index + 2 <= count {
            sum &+= UInt64(bytes.uint16BE(at: index))
            index += 2
        }
        if index < count { sum &+= UInt64(bytes.byteAt(index)) << 8 }
    }

    /// The folded one's-complement of the sum: the value to put in the header.
    @inlinable public var value: UInt16 {
        var s = sum
        while s >> 16 != 0 { s = (s & 0xFFFF) &+ (s >> 16) }
        return ~UInt16(truncatingIfNeeded: s)
    }

    /// True when the covered bytes (checksum field included) verify.
    @inlinable public var verifies: Bool { value == 0 }
}

import NetworkTypes

/// An owned IPv6 fixed header (40 bytes), for building outer headers.
public struct IPv6Header: Hashable, Sendable {
    /// The traffic class: DSCP (6 bits) and ECN (2 bits).
    public var trafficClass: UInt8
    /// 20 bits.
    public var flowLabel: UInt32
    /// Bytes after this header (extension headers included).
    public var payloadLength: UInt16
    /// The protocol of the first extension header or of the payload.
    public var nextHeader: UInt8
    /// The hop limit.
    public var hopLimit: UInt8
    /// The source address.
    public var source: IPv6Address
    /// The destination address.
    public var destination: IPv6Address

    /// A header with the given fields (`flowLabel` masked to 20 bits); hop limit 64 by default.
    public init(
        trafficClass: UInt8 = 0,
        flowLabel: UInt32 = 0,
        payloadLength: UInt16,
        nextHeader: UInt8,
        hopLimit: UInt8 = 64,
        source: IPv6Address,
        destination: IPv6Address
    ) {
        self.trafficClass = trafficClass
        self.flowLabel = flowLabel & 0x000F_FFFF
        self.payloadLength = payloadLength
        self.nextHeader = nextHeader
        self.hopLimit = hopLimit
        self.source = source
        self.destination = destination
    }

    /// The header's length in bytes.
    public static let encodedLength = 40

    /// Writes the 40-byte header. Traps if `out` has less room.
    @inlinable
    public func emit(into out: inout OutputRawSpan) {
        let first = UInt32(6) << 28 | UInt32(trafficClass) << 20 | (flowLabel & 0x000F_FFFF)
        unsafe out.append(first.bigEndian, as: UInt32.self)
        unsafe out.append(payloadLength.bigEndian, as: UInt16.self)
        unsafe out.append(nextHeader, as: UInt8.self)
        unsafe out.append(hopLimit, as: UInt8.self)
        unsafe out.append(UInt64(truncatingIfNeeded: source.rawValue >> 64).bigEndian, as: UInt64.self)
        unsafe out.append(UInt64(truncatingIfNeeded: source.rawValue).bigEndian, as: UInt64.self)
        unsafe out.append(UInt64(truncatingIfNeeded: destination.rawValue >> 64).bigEndian, as: UInt64.self)
        unsafe out.append(UInt64(truncatingIfNeeded: destination.rawValue).bigEndian, as: UInt64.self)
    }

    /// Adds the upper-layer pseudo-header (RFC 8200 §8.1) for `upperLength` bytes.
    @inlinable
    public func addPseudoHeader(to sum: inout InternetChecksum, upperLength: Int, nextHeader: UInt8) {
        sum.add(source.rawValue)
        sum.add(destination.rawValue)
        sum.add(UInt32(truncatingIfNeeded: upperLength))
        sum.add(UInt16(nextHeader))
    }
}

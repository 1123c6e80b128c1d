import NetworkTypes

/// An owned IPv4 header without options (20 bytes), for building outer
/// headers. `emit` computes the header checksum from the fields.
public struct IPv4Header: Hashable, Sendable {
    /// DSCP (6 bits) and ECN (2 bits).
    public var typeOfService: UInt8
    /// Header plus payload in bytes.
    public var totalLength: UInt16
    /// The identification shared by a packet's fragments.
    public var identification: UInt16
    /// The DF flag.
    public var dontFragment: Bool
    /// The MF flag: more fragments follow.
    public var moreFragments: Bool
    /// Fragment offset in bytes; must be a multiple of 8.
    public var fragmentOffset: UInt16
    /// The time to live.
    public var timeToLive: UInt8
    /// The payload's protocol (`IPProtocolNumber`).
    public var protocolNumber: UInt8
    /// The source address.
    public var source: IPv4Address
    /// The destination address.
    public var destination: IPv4Address

    /// A header with the given fields; TTL 64, no flags and offset 0 by default.
    public init(
        typeOfService: UInt8 = 0,
        totalLength: UInt16,
        identification: UInt16 = 0,
        dontFragment: Bool = false,
        moreFragments: Bool = false,
        fragmentOffset: UInt16 = 0,
        timeToLive: UInt8 = 64,
        protocolNumber: UInt8,
        source: IPv4Address,
        destination: IPv4Address
    ) {
        self.typeOfService = typeOfService
        self.totalLength = totalLength
        self.identification = identification
        self.dontFragment = dontFragment
        self.moreFragments = moreFragments
        self.fragmentOffset = fragmentOffset
        self.timeToLive = timeToLive
        self.protocolNumber = protocolNumber
        self.source = source
        self.destination = destination
    }

    /// The header's length in bytes (no options).
    public static let encodedLength = 20

    @inlinable var flagsAndOffset: UInt16 {
        (dontFragment ? 0x4000 : 0) | (moreFragments ? 0x2000 : 0) | ((fragmentOffset / 8) & 0x1FFF)
    }

    /// The header checksum these fields produce.
    @inlinable public var checksum: UInt16 {
        var sum = InternetChecksum()
        sum.add(UInt16(0x4500) | UInt16(typeOfService))
        sum.add(totalLength)
        sum.add(identification)
        sum.add(flagsAndOffset)
        sum.add(UInt16(timeToLive) << 8 | UInt16(protocolNumber))
        sum.add(source.rawValue)
        sum.add(destination.rawValue)
        return sum.value
    }

    /// Writes the 20-byte header with its checksum. Traps if `out` has less room.
    @inlinable
    public func emit(into out: inout OutputRawSpan) {
        unsafe out.append(UInt8(0x45), as: UInt8.self)
        unsafe out.append(typeOfService, as: UInt8.self)
        unsafe out.append(totalLength.bigEndian, as: UInt16.self)
        unsafe out.append(identification.bigEndian, as: UInt16.self)
        unsafe out.append(flagsAndOffset.bigEndian, as: UInt16.self)
        unsafe out.append(timeToLive, as: UInt8.self)
        unsafe out.append(protocolNumber, as: UInt8.self)
        unsafe out.append(checksum.bigEndian, as: UInt16.self)
        unsafe out.append(source.rawValue.bigEndian, as: UInt32.self)
        unsafe out.append(destination.rawValue.bigEndian, as: UInt32.self)
    }

    /// Adds the TCP/UDP pseudo-header (RFC 768) for `upperLength` bytes.
    @inlinable
    public func addPseudoHeader(to sum: inout InternetChecksum, upperLength: Int) {
        sum.add(source.rawValue)
        sum.add(destination.rawValue)
        sum.add(UInt16(protocolNumber))
        sum.add(UInt16(truncatingIfNeeded: upperLength))
    }
}

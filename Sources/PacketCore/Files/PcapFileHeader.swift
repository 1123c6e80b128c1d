/// The fields of a classic pcap file header, as read or to be written.
public struct PcapFileHeader: Hashable, Sendable {
    /// Timestamps in nanoseconds (magic 0xA1B23C4D) instead of microseconds (0xA1B2C3D4).
    public var nanosecond: Bool
    /// The file's byte order is big-endian.
    public var bigEndian: Bool
    /// The format's major version (2).
    public var versionMajor: UInt16
    /// The format's minor version (4).
    public var versionMinor: UInt16
    /// The obsolete time zone correction, normally 0.
    public var thisZone: Int32
    /// The obsolete timestamp accuracy, normally 0.
    public var sigFigs: UInt32
    /// The most bytes captured per frame.
    public var snapLength: UInt32
    /// Link type in the low 26 bits; FCS presence and length above (pcap spec).
    public var linkTypeAndFCS: UInt32

    /// A header with the given fields; the defaults are version 2.4, microseconds, little-endian, snap length 262144
    /// and Ethernet.
    public init(
        nanosecond: Bool = false,
        bigEndian: Bool = false,
        versionMajor: UInt16 = 2,
        versionMinor: UInt16 = 4,
        thisZone: Int32 = 0,
        sigFigs: UInt32 = 0,
        snapLength: UInt32 = 262_144,
        linkTypeAndFCS: UInt32 = 1
    ) {
        self.nanosecond = nanosecond
        self.bigEndian = bigEndian
        self.versionMajor = versionMajor
        self.versionMinor = versionMinor
        self.thisZone = thisZone
        self.sigFigs = sigFigs
        self.snapLength = snapLength
        self.linkTypeAndFCS = linkTypeAndFCS
    }

    /// A header for `linkType` with the usual defaults.
    public init(linkType: LinkType, snapLength: UInt32 = 262_144, nanosecond: Bool = false) {
        self.init(nanosecond: nanosecond, snapLength: snapLength, linkTypeAndFCS: linkType.rawValue)
    }

    /// The link type (the low 26 bits of `linkTypeAndFCS`).
    public var linkType: LinkType { LinkType(rawValue: linkTypeAndFCS & 0x03FF_FFFF) }
}

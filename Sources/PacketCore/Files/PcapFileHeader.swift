/// The fields of a classic pcap file header, as read or to be written.
public struct PcapFileHeader: Hashable, Sendable {
    public var nanosecond: Bool
    public var bigEndian: Bool
    public var versionMajor: UInt16
    public var versionMinor: UInt16
    public var thisZone: Int32
    public var sigFigs: UInt32
    public var snapLength: UInt32
    /// Link type in the low 26 bits; FCS presence and length above (pcap spec).
    public var linkTypeAndFCS: UInt32

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

    public var linkType: LinkType { LinkType(rawValue: linkTypeAndFCS & 0x03FF_FFFF) }
}

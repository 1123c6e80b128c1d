import NetworkTypes

/// One IPv6 extension header (RFC 8200 §4): Hop-by-Hop, Routing, Destination
/// Options, Fragment, or an Authentication Header (RFC 4302), whose length is
/// counted in 4-byte words instead of 8-byte ones.
///
/// `init(validating:at:kind:packetEnd:)` checks the fixed 8 bytes, then the
/// announced length: `.malformed` when they do not fit in the packet (before
/// `packetEnd`, where the IPv6 header says the packet ends), `.truncated` when
/// they fit in the packet but the bytes end first (a capture cut). The offset
/// is the header's (fixed part) or its length byte's (announced length).
public struct IPv6ExtensionHeaderView: ~Escapable {
    /// Byte offsets of the fields.
    public enum Field {
        /// 8-bit next header: the protocol after this header.
        public static let nextHeader = 0
        /// 8-bit length: 8-byte units after the first 8 bytes (4-byte units minus 2 for AH).
        public static let length = 1
        /// Fragment header: offset (13 bits), reserved (2), M flag (1).
        public static let fragmentOffsetAndFlags = 2
        /// Fragment header: the 32-bit identification.
        public static let fragmentIdentification = 4
        /// Hop-by-Hop and Destination Options: the first option.
        public static let options = 2
    }

    /// The shortest extension header, in bytes.
    public static let fixedLength = 8

    /// True for the protocol numbers this view reads.
    @inlinable @inline(__always)
    public static func isExtensionHeader(_ protocolNumber: UInt8) -> Bool {
        switch protocolNumber {
        case IPProtocolNumber.hopByHop, IPProtocolNumber.ipv6Route, IPProtocolNumber.ipv6DestinationOptions,
            IPProtocolNumber.ipv6Fragment, IPProtocolNumber.ah:
            true
        default:
            false
        }
    }

    /// Length in bytes that the header at `offset` announces (the 8 fixed bytes must be there).
    @inlinable @inline(__always)
    static func announcedLength(_ bytes: RawSpan, at offset: Int, kind: UInt8) -> Int {
        switch kind {
        case IPProtocolNumber.ipv6Fragment: 8
        case IPProtocolNumber.ah: (Int(bytes.byteAt(offset &+ Field.length)) &+ 2) &* 4
        default: (Int(bytes.byteAt(offset &+ Field.length)) &+ 1) &* 8
        }
    }

    /// The whole extension header.
    public let header: RawSpan
    /// The protocol number that introduced this header.
    public let kind: UInt8

    /// Validates the extension header of protocol `kind` at `offset`, with its announced length.
    ///
    /// - Throws: `WireError` `.malformed` when the header does not fit before `packetEnd`, `.truncated` when it fits
    ///   but the captured bytes end first.
    @inlinable @_lifetime(copy bytes)
    public init(validating bytes: RawSpan, at offset: Int, kind: UInt8, packetEnd: Int) throws(WireError) {
        guard offset >= 0, packetEnd &- offset >= Self.fixedLength else {
            throw WireError(code: .malformed, layer: .ipv6Extension, offset: offset)
        }
        guard bytes.byteCount &- offset >= Self.fixedLength else {
            throw WireError(code: .truncated, layer: .ipv6Extension, offset: offset)
        }
        let length = Self.announcedLength(bytes, at: offset, kind: kind)
        guard packetEnd &- offset >= length else {
            throw WireError(code: .malformed, layer: .ipv6Extension, offset: offset &+ Field.length)
        }
        guard bytes.byteCount &- offset >= length else {
            throw WireError(code: .truncated, layer: .ipv6Extension, offset: offset)
        }
        header = bytes.extracting(offset..<(offset &+ length))
        self.kind = kind
    }

    /// The protocol after this header.
    @inlinable public var nextHeader: UInt8 { header.byteAt(Field.nextHeader) }
    /// Length of the whole header in bytes.
    @inlinable public var length: Int { header.byteCount }
    /// True for a Fragment header (protocol 44).
    @inlinable public var isFragmentHeader: Bool { kind == IPProtocolNumber.ipv6Fragment }
    /// Fragment header: offset in bytes of this fragment's data.
    @inlinable public var fragmentOffset: UInt16 { header.uint16BE(at: Field.fragmentOffsetAndFlags) & 0xFFF8 }
    /// Fragment header: the M flag.
    @inlinable public var moreFragments: Bool { header.uint16BE(at: Field.fragmentOffsetAndFlags) & 1 != 0 }
    /// Fragment header: the identification shared by a packet's fragments.
    @inlinable public var fragmentIdentification: UInt32 { header.uint32BE(at: Field.fragmentIdentification) }
}

extension IPv6ExtensionHeaderView {
    /// Option type of the Jumbo Payload option (RFC 2675 §2).
    public static let jumboPayloadOption: UInt8 = 0xC2

    /// A Hop-by-Hop header's Jumbo Payload length (RFC 2675 §2: the first
    /// option, 4 bytes, more than 65,535), or nil.
    @inlinable public var jumboPayloadLength: Int? {
        guard kind == IPProtocolNumber.hopByHop, header.byteCount >= 8,
            header.byteAt(Field.options) == Self.jumboPayloadOption, header.byteAt(Field.options &+ 1) == 4
        else { return nil }
        let length = Int(header.uint32BE(at: Field.options &+ 2))
        return length > 65_535 ? length : nil
    }
}

import PacketCore

/// The 8-byte ERSPAN type II header (GRE protocol 0x88BE with the S bit,
/// draft-foschiano-erspan §4.1).
///
/// ```
/// | Ver=1 (4) | VLAN (12) | COS (3) | En (2) | T (1) | Session ID (10) |
/// | Reserved (12)         | Index (20)                               |
/// ```
///
/// `init(validating:at:)` checks the 8 bytes (`.truncated`) and version 1
/// (`.unsupported`).
public struct ERSPANType2HeaderView: ~Escapable {
    /// Byte offsets of the header's fields.
    public enum Field {
        /// The word holding version, VLAN, class of service, encapsulation type, T bit and session ID.
        public static let firstWord = 0
        /// The word holding the 20-bit index.
        public static let index = 4
    }

    /// The header's length in bytes.
    public static let length = 8
    /// The only version accepted.
    public static let version: UInt8 = 1

    /// Exactly the 8 header bytes.
    public let header: RawSpan

    /// Validates the header at `offset` of `bytes`.
    ///
    /// - Throws: `WireError` `.truncated` when fewer than 8 bytes remain, `.unsupported` when the version is not 1
    ///   (both at `offset`).
    @inlinable @_lifetime(copy bytes)
    public init(validating bytes: RawSpan, at offset: Int = 0) throws(WireError) {
        guard offset >= 0, bytes.byteCount &- offset >= Self.length else {
            throw WireError(code: .truncated, layer: .erspan, offset: offset)
        }
        guard bytes.byteAt(offset) >> 4 == Self.version else {
            throw WireError(code: .unsupported, layer: .erspan, offset: offset)
        }
        header = bytes.extracting(offset..<(offset &+ Self.length))
    }

    @inlinable var first: ERSPANFirstWord { ERSPANFirstWord(header.uint32BE(at: Field.firstWord)) }
    /// VLAN of the original frame (12 bits).
    @inlinable public var vlan: UInt16 { first.vlan }
    /// Class of service of the original frame (3 bits).
    @inlinable public var classOfService: UInt8 { first.classOfService }
    /// Trunk encapsulation of the original frame (0 untagged, 1 ISL, 2 802.1Q, 3 VLAN preserved).
    @inlinable public var encapsulationType: UInt8 { first.twoBitField }
    /// T bit: the frame was truncated to fit the tunnel.
    @inlinable public var truncated: Bool { first.truncated }
    /// Session ID (10 bits).
    @inlinable public var sessionID: UInt16 { first.sessionID }
    /// Port index or other platform data (20 bits).
    @inlinable public var index: UInt32 { header.uint32BE(at: Field.index) & 0xF_FFFF }
}

import PacketCore

/// A GRE header (RFC 2784, with the key and sequence number extensions of RFC 2890).
///
/// `init(decoding:at:)` checks the flags and the header length against the
/// bytes before reading any optional field; `emit` writes `encodedLength`
/// bytes with a zero checksum field (the encoder fills it once the payload is
/// in place, see `TunnelEncoder`).
public struct GREHeader: Hashable, Sendable {
    /// RFC 2784 §2.4: the EtherType of the payload (0x6558 transparent Ethernet
    /// bridging, 0x0800 IPv4, 0x86DD IPv6, 0x88BE ERSPAN II, 0x22EB ERSPAN III).
    public var protocolType: UInt16
    /// RFC 2784 §2.1: the C bit; the checksum covers the GRE header and payload.
    public var checksumPresent: Bool
    /// RFC 2890 §2.1: the K bit and the 32-bit key.
    public var key: UInt32?
    /// RFC 2890 §2.2: the S bit and the 32-bit sequence number.
    public var sequenceNumber: UInt32?
    /// The checksum field as read (0 when absent or not yet computed).
    public var checksum: UInt16

    public init(protocolType: UInt16, checksumPresent: Bool = false, key: UInt32? = nil, sequenceNumber: UInt32? = nil) {
        self.protocolType = protocolType
        self.checksumPresent = checksumPresent
        self.key = key
        self.sequenceNumber = sequenceNumber
        self.checksum = 0
    }

    public static let transparentEthernetBridging: UInt16 = 0x6558
    public static let erspanType2: UInt16 = 0x88BE
    public static let erspanType3: UInt16 = 0x22EB

    /// 4 bytes plus 4 for each of checksum, key and sequence number.
    @inlinable public var encodedLength: Int {
        4 + (checksumPresent ? 4 : 0) + (key == nil ? 0 : 4) + (sequenceNumber == nil ? 0 : 4)
    }

    /// Offset of the checksum field from the start of the header (when present).
    public static let checksumOffset = 4

    /// Decodes the header starting at `offset` of `bytes`.
    ///
    /// Throws `.unsupported` for a version other than 0 (RFC 2784 §2.3.1; version
    /// 1 is PPTP), `.malformed` when the routing bit, strict source route,
    /// recursion control or reserved bits are set (RFC 2784 §2.3), `.truncated`
    /// when the optional fields announced by the flags do not fit.
    @inlinable
    public init(decoding bytes: RawSpan, at offset: Int = 0) throws(WireError) {
        guard offset >= 0, bytes.byteCount - offset >= 4 else {
            throw WireError(code: .truncated, layer: .gre, offset: offset)
        }
        let flags = bytes.uint16BE(at: offset)
        guard flags & 0x0007 == 0 else { throw WireError(code: .unsupported, layer: .gre, offset: offset + 1) }
        guard flags & 0x4FF8 == 0 else { throw WireError(code: .malformed, layer: .gre, offset: offset) }
        checksumPresent = flags & 0x8000 != 0
        let hasKey = flags & 0x2000 != 0
        let hasSequence = flags & 0x1000 != 0
        let length = 4 + (checksumPresent ? 4 : 0) + (hasKey ? 4 : 0) + (hasSequence ? 4 : 0)
        guard bytes.byteCount - offset >= length else {
            throw WireError(code: .truncated, layer: .gre, offset: offset)
        }
        protocolType = bytes.uint16BE(at: offset + 2)
        var cursor = offset + 4
        if checksumPresent {
            checksum = bytes.uint16BE(at: cursor)
            cursor += 4
        } else {
            checksum = 0
        }
        if hasKey {
            key = bytes.uint32BE(at: cursor)
            cursor += 4
        } else {
            key = nil
        }
        sequenceNumber = hasSequence ? bytes.uint32BE(at: cursor) : nil
    }

    /// The flags word: C, K, S bits; version 0.
    @inlinable public var flags: UInt16 {
        (checksumPresent ? 0x8000 : 0) | (key == nil ? 0 : 0x2000) | (sequenceNumber == nil ? 0 : 0x1000)
    }

    /// Writes `encodedLength` bytes; the checksum field (when present) is written as `checksum`.
    @inlinable
    public func emit(into out: inout OutputRawSpan) {
        unsafe out.append(flags.bigEndian, as: UInt16.self)
        unsafe out.append(protocolType.bigEndian, as: UInt16.self)
        if checksumPresent {
            unsafe out.append(checksum.bigEndian, as: UInt16.self)
            unsafe out.append(UInt16(0), as: UInt16.self)  // reserved1
        }
        if let key { unsafe out.append(key.bigEndian, as: UInt32.self) }
        if let sequenceNumber { unsafe out.append(sequenceNumber.bigEndian, as: UInt32.self) }
    }
}

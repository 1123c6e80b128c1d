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

    /// A header carrying `protocolType`, with the optional fields present exactly when given (`checksumPresent`
    /// reserves the checksum field).
    public init(protocolType: UInt16, checksumPresent: Bool = false, key: UInt32? = nil, sequenceNumber: UInt32? = nil)
    {
        self.protocolType = protocolType
        self.checksumPresent = checksumPresent
        self.key = key
        self.sequenceNumber = sequenceNumber
        self.checksum = 0
    }

    /// Protocol type 0x6558: the payload is an Ethernet frame.
    public static let transparentEthernetBridging: UInt16 = 0x6558
    /// Protocol type 0x88BE: an ERSPAN type II header follows.
    public static let erspanType2: UInt16 = 0x88BE
    /// Protocol type 0x22EB: an ERSPAN type III header follows.
    public static let erspanType3: UInt16 = 0x22EB

    /// 4 bytes plus 4 for each of checksum, key and sequence number.
    @inlinable public var encodedLength: Int {
        4 + (checksumPresent ? 4 : 0) + (key == nil ? 0 : 4) + (sequenceNumber == nil ? 0 : 4)
    }

    /// Offset of the checksum field from the start of the header (when present).
    public static let checksumOffset = 4

    /// Decodes the header starting at `offset` of `bytes`, with the checks of
    /// `GREHeaderView.init(validating:at:)`.
    @inlinable
    public init(decoding bytes: RawSpan, at offset: Int = 0) throws(WireError) {
        self.init(try GREHeaderView(validating: bytes, at: offset))
    }

    /// Copies the fields of a validated view.
    @inlinable
    public init(_ view: borrowing GREHeaderView) {
        protocolType = view.protocolType
        checksumPresent = view.checksumPresent
        checksum = view.checksum ?? 0
        key = view.key
        sequenceNumber = view.sequenceNumber
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

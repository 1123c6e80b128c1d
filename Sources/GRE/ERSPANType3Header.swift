import PacketCore

/// The ERSPAN type III header (GRE protocol 0x22EB, draft-foschiano-erspan §4.2):
/// 12 bytes, plus an 8-byte platform-specific subheader when the O bit is set.
///
/// ```
/// | Ver=2 (4) | VLAN (12) | COS (3) | BSO (2) | T (1) | Session ID (10) |
/// | Timestamp (32)                                                      |
/// | SGT (16) | P (1) | FT (5) | Hw ID (6) | D (1) | Gra (2) | O (1)     |
/// | [Platform ID (6) | platform-specific info (58)] when O = 1          |
/// ```
public struct ERSPANType3Header: Hashable, Sendable {
    /// VLAN of the original frame (12 bits).
    public var vlan: UInt16
    /// Class of service of the original frame (3 bits).
    public var classOfService: UInt8
    /// Bad/short/oversized frame indication (2 bits).
    public var badOrShortOversized: UInt8
    /// T bit: the frame was truncated to fit the tunnel.
    public var truncated: Bool
    /// Session ID (10 bits).
    public var sessionID: UInt16
    /// Low 32 bits of the timestamp, in units given by `granularity`.
    public var timestamp: UInt32
    /// Security group tag.
    public var securityGroupTag: UInt16
    /// P bit: the payload is an Ethernet frame with its PDU (1) or not.
    public var ethernetPDU: Bool
    /// Frame type (5 bits): 0 Ethernet, 2 IP.
    public var frameType: UInt8
    /// Hardware ID (6 bits).
    public var hardwareID: UInt8
    /// D bit: 0 ingress, 1 egress.
    public var egress: Bool
    /// Timestamp granularity (2 bits): 0 = 100 µs, 1 = 100 ns, 2 = IEEE 1588, 3 = user defined.
    public var granularity: UInt8
    /// The 8-byte platform-specific subheader (O bit), or nil.
    public var platformSubheader: UInt64?

    /// The version field of type III headers.
    public static let version: UInt8 = 2
    /// The header's length without the platform subheader, in bytes.
    public static let fixedLength = 12

    /// A header with the given fields, each masked to its width; the O bit is set when `platformSubheader` is given.
    /// The default granularity 1 means timestamps in units of 100 ns.
    public init(
        vlan: UInt16 = 0,
        classOfService: UInt8 = 0,
        badOrShortOversized: UInt8 = 0,
        truncated: Bool = false,
        sessionID: UInt16,
        timestamp: UInt32 = 0,
        securityGroupTag: UInt16 = 0,
        ethernetPDU: Bool = false,
        frameType: UInt8 = 0,
        hardwareID: UInt8 = 0,
        egress: Bool = false,
        granularity: UInt8 = 1,
        platformSubheader: UInt64? = nil
    ) {
        self.vlan = vlan & 0x0FFF
        self.classOfService = classOfService & 0x7
        self.badOrShortOversized = badOrShortOversized & 0x3
        self.truncated = truncated
        self.sessionID = sessionID & 0x03FF
        self.timestamp = timestamp
        self.securityGroupTag = securityGroupTag
        self.ethernetPDU = ethernetPDU
        self.frameType = frameType & 0x1F
        self.hardwareID = hardwareID & 0x3F
        self.egress = egress
        self.granularity = granularity & 0x3
        self.platformSubheader = platformSubheader
    }

    /// 12 bytes, or 20 with the platform subheader.
    @inlinable public var encodedLength: Int { platformSubheader == nil ? 12 : 20 }

    /// Decodes the header at `offset`, with the checks of
    /// `ERSPANType3HeaderView.init(validating:at:)`.
    @inlinable
    public init(decoding bytes: RawSpan, at offset: Int = 0) throws(WireError) {
        self.init(try ERSPANType3HeaderView(validating: bytes, at: offset))
    }

    /// Copies the fields of a validated view.
    @inlinable
    public init(_ view: borrowing ERSPANType3HeaderView) {
        vlan = view.vlan
        classOfService = view.classOfService
        badOrShortOversized = view.badOrShortOversized
        truncated = view.truncated
        sessionID = view.sessionID
        timestamp = view.timestamp
        securityGroupTag = view.securityGroupTag
        ethernetPDU = view.ethernetPDU
        frameType = view.frameType
        hardwareID = view.hardwareID
        egress = view.egress
        granularity = view.granularity
        platformSubheader = view.platformSubheader
    }

    /// Writes the header, big-endian: 12 bytes, 20 with the platform subheader; `out` must have room for them (it traps
    /// otherwise).
    @inlinable
    public func emit(into out: inout OutputRawSpan) {
        let first = ERSPANFirstWord(
            version: Self.version,
            vlan: vlan,
            classOfService: classOfService,
            twoBitField: badOrShortOversized,
            truncated: truncated,
            sessionID: sessionID
        )
        var third = UInt32(securityGroupTag) << 16 | (ethernetPDU ? 0x8000 : 0) | UInt32(frameType & 0x1F) << 10
        third |= UInt32(hardwareID & 0x3F) << 4 | (egress ? 0x8 : 0) | UInt32(granularity & 0x3) << 1
        third |= platformSubheader == nil ? 0 : 1
        unsafe out.append(first.word.bigEndian, as: UInt32.self)
        unsafe out.append(timestamp.bigEndian, as: UInt32.self)
        unsafe out.append(third.bigEndian, as: UInt32.self)
        if let platformSubheader { unsafe out.append(platformSubheader.bigEndian, as: UInt64.self) }
    }
}

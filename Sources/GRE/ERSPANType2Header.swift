import PacketCore

/// The 8-byte ERSPAN type II header (GRE protocol 0x88BE,
/// draft-foschiano-erspan §4.1), carried after a GRE header with a sequence number.
///
/// ```
/// | Ver=1 (4) | VLAN (12) | COS (3) | En (2) | T (1) | Session ID (10) |
/// | Reserved (12)                   | Index (20)                        |
/// ```
public struct ERSPANType2Header: Hashable, Sendable {
    /// VLAN of the original frame (12 bits).
    public var vlan: UInt16
    /// Class of service of the original frame (3 bits).
    public var classOfService: UInt8
    /// Trunk encapsulation type of the original frame (2 bits: 0 untagged, 1 ISL, 2 802.1Q, 3 VLAN preserved).
    public var encapsulationType: UInt8
    /// T bit: the frame was truncated to fit the tunnel.
    public var truncated: Bool
    /// Session ID (10 bits).
    public var sessionID: UInt16
    /// Port index or other platform data (20 bits).
    public var index: UInt32

    /// The version field of type II headers.
    public static let version: UInt8 = 1
    /// The header's length in bytes.
    public static let encodedLength = 8

    /// A header with the given fields, each masked to its width (VLAN 12 bits, class of service 3, encapsulation type
    /// 2, session ID 10, index 20).
    public init(
        vlan: UInt16 = 0,
        classOfService: UInt8 = 0,
        encapsulationType: UInt8 = 0,
        truncated: Bool = false,
        sessionID: UInt16,
        index: UInt32 = 0
    ) {
        self.vlan = vlan & 0x0FFF
        self.classOfService = classOfService & 0x7
        self.encapsulationType = encapsulationType & 0x3
        self.truncated = truncated
        self.sessionID = sessionID & 0x03FF
        self.index = index & 0xF_FFFF
    }

    /// Decodes the header at `offset`, with the checks of
    /// `ERSPANType2HeaderView.init(validating:at:)`.
    @inlinable
    public init(decoding bytes: RawSpan, at offset: Int = 0) throws(WireError) {
        self.init(try ERSPANType2HeaderView(validating: bytes, at: offset))
    }

    /// Copies the fields of a validated view.
    @inlinable
    public init(_ view: borrowing ERSPANType2HeaderView) {
        vlan = view.vlan
        classOfService = view.classOfService
        encapsulationType = view.encapsulationType
        truncated = view.truncated
        sessionID = view.sessionID
        index = view.index
    }

    /// Writes the 8 header bytes, big-endian; `out` must have room for ``encodedLength`` bytes (it traps otherwise).
    @inlinable
    public func emit(into out: inout OutputRawSpan) {
        let first = ERSPANFirstWord(
            version: Self.version,
            vlan: vlan,
            classOfService: classOfService,
            twoBitField: encapsulationType,
            truncated: truncated,
            sessionID: sessionID
        )
        unsafe out.append(first.word.bigEndian, as: UInt32.self)
        unsafe out.append((index & 0xF_FFFF).bigEndian, as: UInt32.self)
    }
}

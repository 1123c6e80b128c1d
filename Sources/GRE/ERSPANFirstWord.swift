/// The first 32-bit word ERSPAN types II and III share: version (4), VLAN (12),
/// class of service (3), a 2-bit field (II: encapsulation type, III: BSO),
/// the T bit and the 10-bit session ID.
@usableFromInline
struct ERSPANFirstWord {
    @usableFromInline var version: UInt8
    @usableFromInline var vlan: UInt16
    @usableFromInline var classOfService: UInt8
    @usableFromInline var twoBitField: UInt8
    @usableFromInline var truncated: Bool
    @usableFromInline var sessionID: UInt16

    @inlinable
    init(version: UInt8, vlan: UInt16, classOfService: UInt8, twoBitField: UInt8, truncated: Bool, sessionID: UInt16) {
        self.version = version
        self.vlan = vlan
        self.classOfService = classOfService
        self.twoBitField = twoBitField
        self.truncated = truncated
        self.sessionID = sessionID
    }

    @inlinable
    init(_ word: UInt32) {
        version = UInt8(truncatingIfNeeded: word >> 28)
        vlan = UInt16(truncatingIfNeeded: word >> 16) & 0x0FFF
        classOfService = UInt8(truncatingIfNeeded: word >> 13) & 0x7
        twoBitField = UInt8(truncatingIfNeeded: word >> 11) & 0x3
        truncated = word & 0x0400 != 0
        sessionID = UInt16(truncatingIfNeeded: word) & 0x03FF
    }

    @inlinable
    var word: UInt32 {
        UInt32(version & 0xF) << 28 | UInt32(vlan & 0x0FFF) << 16 | UInt32(classOfService & 0x7) << 13
            | UInt32(twoBitField & 0x3) << 11 | (truncated ? 0x0400 : 0) | UInt32(sessionID & 0x03FF)
    }
}

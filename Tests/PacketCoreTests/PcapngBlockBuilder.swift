/// Builds pcapng blocks by hand, in either byte order, for reader tests:
/// blocks our writer never produces (SPB, obsolete PB, statistics, unknown
/// types), odd options and deliberately damaged framing.
struct PcapngBlockBuilder {
    var bigEndian: Bool
    var bytes: [UInt8] = []

    func u16(_ v: UInt16) -> [UInt8] {
        bigEndian ? [UInt8(v >> 8), UInt8(v & 0xFF)] : [UInt8(v & 0xFF), UInt8(v >> 8)]
    }
    func u32(_ v: UInt32) -> [UInt8] {
        let b = [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)]
        return bigEndian ? b : b.reversed()
    }
    func u64(_ v: UInt64) -> [UInt8] {
        bigEndian
            ? u32(UInt32(v >> 32)) + u32(UInt32(v & 0xFFFF_FFFF)) : u32(UInt32(v & 0xFFFF_FFFF)) + u32(UInt32(v >> 32))
    }
    func padded(_ b: [UInt8]) -> [UInt8] { b + [UInt8](repeating: 0, count: (4 - b.count % 4) % 4) }
    func option(_ code: UInt16, _ value: [UInt8]) -> [UInt8] { u16(code) + u16(UInt16(value.count)) + padded(value) }
    func options(_ list: [[UInt8]]) -> [UInt8] { list.isEmpty ? [] : list.flatMap { $0 } + u32(0) }

    /// Appends a block; `trailer` overrides the trailing length (to damage it).
    mutating func block(_ type: UInt32, _ body: [UInt8], trailer: UInt32? = nil) {
        let length = UInt32(12 + body.count)
        bytes += u32(type) + u32(length) + body + u32(trailer ?? length)
    }

    mutating func sectionHeader(options list: [[UInt8]] = []) {
        block(0x0A0D_0D0A, u32(0x1A2B_3C4D) + u16(1) + u16(0) + u64(UInt64.max) + options(list))
    }
    mutating func interface(linkType: UInt16 = 1, snapLength: UInt32 = 65535, options list: [[UInt8]] = []) {
        block(1, u16(linkType) + u16(0) + u32(snapLength) + options(list))
    }
    mutating func enhancedPacket(
        interface: UInt32,
        ticks: UInt64,
        frame: [UInt8],
        originalLength: Int? = nil,
        options list: [[UInt8]] = []
    ) {
        block(
            6,
            u32(interface) + u32(UInt32(ticks >> 32)) + u32(UInt32(ticks & 0xFFFF_FFFF))
                + u32(UInt32(frame.count)) + u32(UInt32(originalLength ?? frame.count)) + padded(frame) + options(list)
        )
    }
    mutating func simplePacket(frame: [UInt8], originalLength: Int? = nil) {
        block(3, u32(UInt32(originalLength ?? frame.count)) + padded(frame))
    }
    mutating func obsoletePacket(interface: UInt16, ticks: UInt64, frame: [UInt8]) {
        block(
            2,
            u16(interface) + u16(0) + u32(UInt32(ticks >> 32)) + u32(UInt32(ticks & 0xFFFF_FFFF))
                + u32(UInt32(frame.count)) + u32(UInt32(frame.count)) + padded(frame)
        )
    }
    mutating func interfaceStatistics(interface: UInt32) {
        // isb_ifrecv, isb_ifdrop
        block(5, u32(interface) + u32(0) + u32(0) + options([option(4, u64(3)), option(5, u64(1))]))
    }
}

import NetworkTypes
import PacketCore

/// Reassembles outer IPv4/IPv6 fragments of tunnel packets (RFC 791 / RFC 8200 §4.5)
/// into whole packets that `TunnelDecoder` then decodes.
///
/// Guarantees:
/// - Bounded memory: at most `slotCount` packets in progress, each at most
///   64 KiB, allocated once; the oldest is evicted (and counted) when all are busy.
/// - Overlapping or inconsistent fragments throw `.malformed` and drop that
///   packet; fragments older than `timeoutNanoseconds` expire (counted).
public struct FragmentReassembler: Sendable {
    struct Key: Hashable, Sendable {
        var source: IPAddress
        var destination: IPAddress
        var identification: UInt32
        var protocolNumber: UInt8
    }

    struct Slot: Sendable {
        var key: Key?
        var firstSeen: Int64 = 0
        var received = 0
        var totalLength = -1
        var blocks: [UInt64]
        var data: [UInt8]
    }

    /// Largest reassembled payload (the IP length fields are 16 bits).
    public static let maximumPayload = 65_535
    /// Room before the payload for the synthetic outer header.
    static let headerRoom = 40

    /// How long a packet may wait for its missing fragments, in nanoseconds of the times passed in; 30 s by default.
    public var timeoutNanoseconds: Int64
    /// Packets completed.
    public private(set) var reassembled = 0
    /// Packets abandoned because they timed out or all slots were busy.
    public private(set) var expired = 0
    private var slots: [Slot]
    private var completedSlot = -1
    private var completedStart = 0
    private var completedEnd = 0

    /// A reassembler with `slotCount` packets in progress at most (each buffer allocated once, up to 64 KiB) and
    /// `timeoutNanoseconds` before an incomplete packet expires.
    public init(slotCount: Int = 16, timeoutNanoseconds: Int64 = 30_000_000_000) {
        self.timeoutNanoseconds = timeoutNanoseconds
        self.slots = []
        self.slots.reserveCapacity(slotCount)
        for _ in 0..<max(slotCount, 1) {
            slots.append(Slot(blocks: [UInt64](repeating: 0, count: (Self.maximumPayload + 7) / 8 / 64 + 1), data: []))
        }
    }

    /// Adds the fragment `packet` (status `.fragment`) whose bytes are `bytes`.
    /// Returns true when it completed a packet; read it with `withReassembled`.
    public mutating func add(
        _ bytes: RawSpan,
        fragment packet: DecapsulatedPacket,
        timestampNanoseconds now: Int64
    ) throws(WireError) -> Bool {
        expire(before: now &- timeoutNanoseconds)
        let key = Key(
            source: packet.outerSource,
            destination: packet.outerDestination,
            identification: packet.fragmentIdentification,
            protocolNumber: packet.fragmentProtocol
        )
        let start = packet.fragmentOffset
        let length = packet.fragmentDataLength
        let end = start + length
        guard end <= Self.maximumPayload, packet.fragmentDataOffset >= 0,
            packet.fragmentDataOffset + length <= bytes.byteCount
        else {
            throw WireError(code: .tooLarge, layer: .reassembly, offset: packet.fragmentDataOffset)
        }
        guard packet.moreFragments == false || length % 8 == 0, length > 0 || !packet.moreFragments else {
            throw WireError(code: .malformed, layer: .reassembly, offset: packet.fragmentDataOffset)
        }
        let index = slotIndex(for: key, now: now)
        if slots[index].data.isEmpty {
            slots[index].data = [UInt8](repeating: 0, count: Self.headerRoom + Self.maximumPayload)
        }
        if !packet.moreFragments {
            guard slots[index].totalLength < 0 || slots[index].totalLength == end else {
                release(index)
                throw WireError(code: .malformed, layer: .reassembly, offset: packet.fragmentDataOffset)
            }
            slots[index].totalLength = end
        }
        // Mark 8-byte blocks; a block seen twice means overlapping fragments.
        var block = start / 8
        let lastBlock = (end + 7) / 8
        while block < lastBlock {
            let word = block / 64
            let bit = UInt64(1) << UInt64(block % 64)
            if slots[index].blocks[word] & bit != 0 {
                release(index)
                throw WireError(code: .malformed, layer: .reassembly, offset: packet.fragmentDataOffset)
            }
            slots[index].blocks[word] |= bit
            block += 1
        }
        let dataOffset = packet.fragmentDataOffset
        unsafe bytes.withUnsafeBytes { source in
            unsafe slots[index].data.withUnsafeMutableBytes { target in
                if length > 0 {
                    unsafe (target.baseAddress! + Self.headerRoom + start)
                        .copyMemory(from: source.baseAddress! + dataOffset, byteCount: length)
                }
            }
        }
        slots[index].received += length
        let total = slots[index].totalLength
        guard total >= 0, slots[index].received == total else { return false }
        try writeHeader(into: index, key: key, payloadLength: total)
        reassembled += 1
        return true
    }

    /// Calls `body` with the packet the last successful `add` completed (a raw
    /// IP packet: decode it with `linkType: .raw`). The slot is then released.
    public mutating func withReassembled<R>(_ body: (RawSpan) -> R) -> R {
        precondition(completedSlot >= 0, "no reassembled packet")
        let range = completedStart..<completedEnd
        let result = unsafe slots[completedSlot].data.withUnsafeBytes { raw in body(unsafe raw.bytes.extracting(range))
        }
        release(completedSlot)
        completedSlot = -1
        return result
    }

    private mutating func writeHeader(into index: Int, key: Key, payloadLength: Int) throws(WireError) {
        let headerLength: Int
        switch (key.source, key.destination) {
        case (.v4, .v4):
            headerLength = IPv4Header.encodedLength
            guard payloadLength + headerLength <= 65_535 else {
                release(index)
                throw WireError(code: .tooLarge, layer: .reassembly, offset: 0)
            }
        default:
            headerLength = IPv6Header.encodedLength
        }
        let start = Self.headerRoom - headerLength
        unsafe slots[index].data.withUnsafeMutableBytes { raw in
            let region = unsafe UnsafeMutableRawBufferPointer(rebasing: raw[start..<Self.headerRoom])
            var out = unsafe OutputRawSpan(buffer: region, initializedCount: 0)
            switch (key.source, key.destination) {
            case (.v4(let s), .v4(let d)):
                IPv4Header(
                    totalLength: UInt16(payloadLength + headerLength),
                    protocolNumber: key.protocolNumber,
                    source: s,
                    destination: d
                ).emit(into: &out)
            case (.v6(let s), .v6(let d)):
                IPv6Header(
                    payloadLength: UInt16(truncatingIfNeeded: payloadLength),
                    nextHeader: key.protocolNumber,
                    source: s,
                    destination: d
                ).emit(into: &out)
            default:
                break
            }
            _ = unsafe out.finalize(for: region)
        }
        completedSlot = index
        completedStart = start
        completedEnd = Self.headerRoom + payloadLength
    }

    private mutating func slotIndex(for key: Key, now: Int64) -> Int {
        var free = -1
        var oldest = 0
        for index in slots.indices {
            if slots[index].key == key { return index }
            if slots[index].key == nil {
                if free < 0 { free = index }
            } else if slots[index].firstSeen < slots[oldest].firstSeen || slots[oldest].key == nil {
                oldest = index
            }
        }
        let chosen: Int
        if free >= 0 {
            chosen = free
        } else {
            expired += 1
            release(oldest)
            chosen = oldest
        }
        slots[chosen].key = key
        slots[chosen].firstSeen = now
        return chosen
    }

    private mutating func expire(before limit: Int64) {
        for index in slots.indices where slots[index].key != nil && slots[index].firstSeen < limit {
            expired += 1
            release(index)
        }
    }

    private mutating func release(_ index: Int) {
        slots[index].key = nil
        slots[index].received = 0
        slots[index].totalLength = -1
        for word in slots[index].blocks.indices { slots[index].blocks[word] = 0 }
    }
}

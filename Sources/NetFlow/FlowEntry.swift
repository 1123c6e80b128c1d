/// One live flow inside `FlowCache`: the key, its counters and the links of
/// the cache's two intrusive lists (`FlowCache.recentList`: by last update,
/// kept lazily; `FlowCache.ageList`: by creation).
@usableFromInline
struct FlowEntry: Sendable {
    @usableFromInline var key: FlowKey
    @usableFromInline var packets: UInt64
    @usableFromInline var bytes: UInt64
    @usableFromInline var first: Int64
    @usableFromInline var last: Int64
    /// Low 32 bits of the key's table hash, compared before the key.
    @usableFromInline var tag: UInt32
    /// Previous and next entry in each list, -1 at the ends.
    @usableFromInline var previous = InlineArray<2, Int32>(repeating: -1)
    @usableFromInline var next = InlineArray<2, Int32>(repeating: -1)
    @usableFromInline var tcpFlags: UInt8
    @usableFromInline var typeOfService: UInt8
    /// `last` as it was when the entry took its place in the recent list
    /// (the list is re-sorted lazily, see `FlowCache`).
    @usableFromInline var queuedAt: Int64

    @inlinable
    init(
        key: FlowKey,
        tag: UInt32,
        packets: UInt64,
        bytes: UInt64,
        first: Int64,
        last: Int64,
        tcpFlags: UInt8,
        typeOfService: UInt8
    ) {
        self.key = key
        self.tag = tag
        self.packets = packets
        self.bytes = bytes
        self.first = first
        self.last = last
        self.tcpFlags = tcpFlags
        self.typeOfService = typeOfService
        self.queuedAt = last
    }

    @inlinable
    func record(reason: FlowEndReason) -> FlowRecord {
        FlowRecord(
            key: key,
            packets: packets,
            bytes: bytes,
            firstMilliseconds: first,
            lastMilliseconds: last,
            tcpFlags: tcpFlags,
            typeOfService: typeOfService,
            endReason: reason
        )
    }
}

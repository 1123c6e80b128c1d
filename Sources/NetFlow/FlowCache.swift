import NetworkTypes
import PacketCore

/// The flow table: turns decoded packets into flows and ends them by timeout,
/// TCP FIN/RST, eviction or shutdown.
///
/// Guarantees:
/// - Bounded: never more than `configuration.maximumFlows` flows. When a new
///   flow arrives with the cache full, the least recently updated flow is
///   ended first with reason `lackOfResources` (LRU eviction).
/// - Allocation-free per packet once warm: storage grows by doubling up to the
///   maximum (amortised, only while the number of live flows reaches a new
///   high); after that, updates, inserts, expiry and eviction reuse slots.
/// - Memory per flow: one `FlowEntry` (`MemoryLayout<FlowEntry>.stride`, 112
///   bytes on 64-bit) plus 2 to 4 `Int32` hash slots (open addressing, load
///   factor ≤ 1/2) — see `bytesPerFlow`.
/// - Timeouts are checked against packet time on every `observe` (O(1) when
///   nothing expires: flows are kept in two intrusive lists, by last update and
///   by creation). The recent list is kept in order lazily: an update only
///   stamps the entry; when an entry reaches the head of the list and was
///   updated since it was queued, it is moved to the tail with its new time.
///   The head is then always the least recently updated flow, and a busy
///   flow moves at most once per inactive timeout instead of once per packet.
///   A live source with quiet periods should also call
///   `expire(now:into:)` from a timer. `endAll(into:)` exports what is left.
public struct FlowCache: Sendable {
    /// The limits and timeouts the cache was made with.
    public let configuration: FlowCacheConfiguration

    /// Packets given to `observe`, sampled or not.
    public var observedPackets: UInt64 { _observedPackets }
    @usableFromInline var _observedPackets: UInt64 = 0
    /// Packets counted into flows (after 1:N sampling).
    public var sampledPackets: UInt64 { _sampledPackets }
    @usableFromInline var _sampledPackets: UInt64 = 0
    /// Sampled packets skipped because they carry no IP header (ARP, LLDP, ...).
    public var nonIPPackets: UInt64 { _nonIPPackets }
    @usableFromInline var _nonIPPackets: UInt64 = 0
    /// Flows started since the cache was made.
    public var flowsCreated: UInt64 { _flowsCreated }
    @usableFromInline var _flowsCreated: UInt64 = 0
    /// Flows ended and handed to a sink, for any reason.
    public var flowsEnded: UInt64 { _flowsEnded }
    @usableFromInline var _flowsEnded: UInt64 = 0
    /// Flows ended early because the cache was full.
    public var evictions: UInt64 { _evictions }
    @usableFromInline var _evictions: UInt64 = 0
    /// Live flows now, and the most there ever were.
    public var count: Int { _count }
    @usableFromInline var _count = 0
    /// The most flows that were live at once.
    public var peakCount: Int { _peakCount }
    @usableFromInline var _peakCount = 0

    @usableFromInline var entries: [FlowEntry] = []
    @usableFromInline var slots: [Int32]
    @usableFromInline var mask: Int
    @usableFromInline var freeHead: Int32 = -1
    /// List 0 (`recentList`): least recently updated first.
    /// List 1 (`ageList`): oldest (earliest first packet) first.
    @usableFromInline var heads = InlineArray<2, Int32>(repeating: -1)
    @usableFromInline var tails = InlineArray<2, Int32>(repeating: -1)
    @inlinable static var recentList: Int { 0 }
    @inlinable static var ageList: Int { 1 }
    @inlinable var recentHead: Int32 { heads[Self.recentList] }
    @inlinable var ageHead: Int32 { heads[Self.ageList] }
    /// No flow can expire before this time; `expire` runs only once it is reached.
    @usableFromInline var nextExpiry: Int64 = .max
    @usableFromInline var sampleCountdown: UInt32 = 1
    @usableFromInline let seed: UInt64
    @usableFromInline let maximumSlots: Int

    /// Bytes of storage one live flow costs at most (entry plus hash slots at
    /// the lowest load factor after a doubling).
    public static var bytesPerFlow: Int { MemoryLayout<FlowEntry>.stride + 4 * MemoryLayout<Int32>.stride }

    /// An empty cache. Its table starts small and doubles up to twice `configuration.maximumFlows` slots; `seed` fixes
    /// the hash seed (for reproducible tests), random by default.
    public init(configuration: FlowCacheConfiguration = FlowCacheConfiguration(), seed: UInt64? = nil) {
        self.configuration = configuration
        self.seed = seed ?? UInt64.random(in: 0...UInt64.max)
        var top = 16
        while top < 2 * configuration.maximumFlows { top <<= 1 }
        maximumSlots = top
        let initial = min(top, 1024)
        slots = [Int32](repeating: -1, count: initial)
        mask = initial - 1
        entries.reserveCapacity(initial / 2)
    }

    // MARK: - Packets

    /// Counts one packet: finds or creates its flow, updates it, and ends
    /// flows whose time is up (handing them to `sink`).
    ///
    /// - Parameters:
    ///   - timestampMilliseconds: the packet's time (capture time for files).
    ///   - interfaceIndex: where the packet was seen (becomes part of the key).
    @inlinable
    public mutating func observe<Sink: FlowSink>(
        _ packet: DecodedPacket,
        timestampMilliseconds now: Int64,
        interfaceIndex: UInt32 = 0,
        into sink: inout Sink
    ) {
        _observedPackets &+= 1
        if configuration.samplingInterval > 1 {
            sampleCountdown &-= 1
            guard sampleCountdown == 0 else {
                if now >= nextExpiry { expire(now: now, into: &sink) }
                return
            }
            sampleCountdown = configuration.samplingInterval
        }
        _sampledPackets &+= 1
        guard let key = FlowKey(packet, interfaceIndex: interfaceIndex) else {
            _nonIPPackets &+= 1
            if now >= nextExpiry { expire(now: now, into: &sink) }
            return
        }
        let ipBytes: Int32 =
            packet.ipLength > 0 ? packet.ipLength : max(0, packet.wireLength &- (packet.networkOffset ?? 0))
        let flags = packet.ipProtocol == IPProtocolNumber.tcp ? packet.tcpFlags : 0
        update(key, bytes: UInt64(ipBytes), tcpFlags: flags, typeOfService: packet.trafficClass, now: now, into: &sink)
    }

    /// Adds one packet to the flow `key` (the decoded-packet-free form of
    /// `observe`, without sampling), first ending flows whose time is up.
    @inlinable
    public mutating func update<Sink: FlowSink>(
        _ key: FlowKey,
        bytes: UInt64,
        tcpFlags: UInt8,
        typeOfService: UInt8,
        now: Int64,
        into sink: inout Sink
    ) {
        if now >= nextExpiry { expire(now: now, into: &sink) }
        let hash = key.tableHash(seed: seed)
        let tag = UInt32(truncatingIfNeeded: hash)
        var slot = Int(truncatingIfNeeded: hash) & mask
        var index: Int32 = -1
        while true {
            let candidate = slots[slot]
            if candidate < 0 { break }
            if entries[Int(candidate)].tag == tag && entries[Int(candidate)].key == key {
                index = candidate
                break
            }
            slot = (slot &+ 1) & mask
        }
        if index >= 0 {
            let i = Int(index)
            entries[i].packets &+= 1
            entries[i].bytes &+= bytes
            if now > entries[i].last { entries[i].last = now }
            entries[i].tcpFlags |= tcpFlags
        } else {
            if _count >= configuration.maximumFlows, recentHead >= 0 {
                _evictions &+= 1
                end(leastRecentlyUpdated(), reason: .lackOfResources, into: &sink)
            }
            if count &+ 1 > (mask &+ 1) / 2 && mask &+ 1 < maximumSlots { grow() }
            // Probe again: an eviction or a rehash moved slots.
            slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] >= 0 { slot = (slot &+ 1) & mask }
            index = allocateEntry(
                FlowEntry(
                    key: key,
                    tag: tag,
                    packets: 1,
                    bytes: bytes,
                    first: now,
                    last: now,
                    tcpFlags: tcpFlags,
                    typeOfService: typeOfService
                )
            )
            slots[slot] = index
            append(index, to: Self.recentList)
            append(index, to: Self.ageList)
            _count &+= 1
            let soonest = now &+ min(configuration.inactiveTimeoutMilliseconds, configuration.activeTimeoutMilliseconds)
            if soonest < nextExpiry { nextExpiry = soonest }
            if _count > peakCount { _peakCount = count }
            _flowsCreated &+= 1
        }
        if configuration.endFlowsOnFinOrReset && tcpFlags & 0x05 != 0 {
            end(index, reason: .endOfFlowDetected, into: &sink)
        }
    }

    // MARK: - Ending flows

    /// Ends every flow idle for the inactive timeout or older than the active
    /// timeout at time `now`.
    @inlinable
    public mutating func expire<Sink: FlowSink>(now: Int64, into sink: inout Sink) {
        let inactive = configuration.inactiveTimeoutMilliseconds
        while recentHead >= 0 && now &- entries[Int(recentHead)].queuedAt >= inactive {
            let head = recentHead
            if now &- entries[Int(head)].last >= inactive {
                end(head, reason: .idleTimeout, into: &sink)
            } else {
                requeue(head)
            }
        }
        let active = configuration.activeTimeoutMilliseconds
        while ageHead >= 0 && now &- entries[Int(ageHead)].first >= active {
            end(ageHead, reason: .activeTimeout, into: &sink)
        }
        // The earliest time either list head can expire (a lower bound: updates only delay it).
        nextExpiry = .max
        if recentHead >= 0 { nextExpiry = entries[Int(recentHead)].queuedAt &+ inactive }
        if ageHead >= 0 { nextExpiry = min(nextExpiry, entries[Int(ageHead)].first &+ active) }
    }

    /// Moves an entry updated since it was queued to the recent list's tail.
    @usableFromInline
    mutating func requeue(_ index: Int32) {
        unlink(index, from: Self.recentList)
        entries[Int(index)].queuedAt = entries[Int(index)].last
        append(index, to: Self.recentList)
    }

    /// The least recently updated flow: requeues heads that were updated
    /// since they were queued until the head's queue time is its last update.
    @usableFromInline
    mutating func leastRecentlyUpdated() -> Int32 {
        while entries[Int(recentHead)].queuedAt != entries[Int(recentHead)].last { requeue(recentHead) }
        return recentHead
    }

    /// Ends every live flow (export on shutdown), oldest first.
    public mutating func endAll<Sink: FlowSink>(reason: FlowEndReason = .forcedEnd, into sink: inout Sink) {
        while ageHead >= 0 { end(ageHead, reason: reason, into: &sink) }
    }

    /// The live flows, oldest first, without ending them.
    public var liveFlows: [FlowRecord] {
        var result: [FlowRecord] = []
        var i = ageHead
        while i >= 0 {
            result.append(entries[Int(i)].record(reason: .forcedEnd))
            i = entries[Int(i)].next[Self.ageList]
        }
        return result
    }

    @usableFromInline
    mutating func end<Sink: FlowSink>(_ index: Int32, reason: FlowEndReason, into sink: inout Sink) {
        let i = Int(index)
        sink.flowEnded(entries[i].record(reason: reason))
        unlink(index, from: Self.recentList)
        unlink(index, from: Self.ageList)
        removeSlot(of: index)
        entries[i].next[0] = freeHead  // the free list reuses the first list's link
        freeHead = index
        _count &-= 1
        _flowsEnded &+= 1
    }

    // MARK: - Storage

    @usableFromInline
    mutating func allocateEntry(_ entry: FlowEntry) -> Int32 {
        if freeHead >= 0 {
            let index = freeHead
            freeHead = entries[Int(index)].next[0]
            entries[Int(index)] = entry
            return index
        }
        entries.append(entry)
        return Int32(entries.count - 1)
    }

    /// Doubles the slot table and rehashes (only while growing to a new size).
    @usableFromInline
    mutating func grow() {
        let size = (mask + 1) * 2
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
        var i = ageHead
        while i >= 0 {
            var slot = Int(truncatingIfNeeded: entries[Int(i)].key.tableHash(seed: seed)) & mask
            while slots[slot] >= 0 { slot = (slot &+ 1) & mask }
            slots[slot] = i
            i = entries[Int(i)].next[Self.ageList]
        }
    }

    /// Removes `index` from the slot table with backward-shift deletion (no tombstones).
    @usableFromInline
    mutating func removeSlot(of index: Int32) {
        var hole = Int(truncatingIfNeeded: entries[Int(index)].key.tableHash(seed: seed)) & mask
        while slots[hole] != index { hole = (hole &+ 1) & mask }
        var next = hole
        while true {
            next = (next &+ 1) & mask
            let moving = slots[next]
            if moving < 0 { break }
            let home = Int(truncatingIfNeeded: entries[Int(moving)].key.tableHash(seed: seed)) & mask
            // Move `moving` into the hole unless its home lies cyclically in (hole, next].
            let distanceToNext = (next &- home) & mask
            let distanceToHole = (hole &- home) & mask
            if distanceToHole < distanceToNext {
                slots[hole] = moving
                hole = next
            }
        }
        slots[hole] = -1
    }

    /// Links `index` at the tail of `list`.
    @usableFromInline
    mutating func append(_ index: Int32, to list: Int) {
        let tail = tails[list]
        entries[Int(index)].previous[list] = tail
        entries[Int(index)].next[list] = -1
        if tail >= 0 { entries[Int(tail)].next[list] = index } else { heads[list] = index }
        tails[list] = index
    }

    /// Takes `index` out of `list`.
    @usableFromInline
    mutating func unlink(_ index: Int32, from list: Int) {
        let previous = entries[Int(index)].previous[list]
        let next = entries[Int(index)].next[list]
        if previous >= 0 { entries[Int(previous)].next[list] = next } else { heads[list] = next }
        if next >= 0 { entries[Int(next)].previous[list] = previous } else { tails[list] = previous }
    }
}

import PacketCore

/// Drops copies of the same frame seen again within a short window (copies of
/// one packet tapped on several hosts, or sent to a receiver by several taps).
///
/// Two frames are copies when their bytes are equal except for the fields
/// that legitimately differ between copies taken at different hops: the link
/// header (MACs are rewritten by routers), the IPv4 TTL and header checksum,
/// the IPv6 hop limit. A 64-bit hash of the remaining bytes is kept for
/// `windowNanoseconds`; the table is bounded (`capacity` hashes, the oldest go first).
public struct FrameDeduplicator: Sendable {
    /// How long a frame's copies count as duplicates, in nanoseconds of the times passed in; 50 ms by default.
    public var windowNanoseconds: Int64
    /// Frames reported as duplicates so far.
    public private(set) var duplicates = 0
    private var ring: [(hash: UInt64, time: Int64)]
    private var ringStart = 0
    private var ringCount = 0
    private var lastSeen: [UInt64: Int64]

    /// A deduplicator remembering at most `capacity` frames (the oldest are forgotten first) for `windowNanoseconds`.
    public init(windowNanoseconds: Int64 = 50_000_000, capacity: Int = 65_536) {
        self.windowNanoseconds = windowNanoseconds
        self.ring = Array(repeating: (0, 0), count: max(capacity, 1))
        self.lastSeen = [:]
        self.lastSeen.reserveCapacity(max(capacity, 1))
    }

    /// True when an equal frame was seen within the window before `time`
    /// (nanoseconds); otherwise records the frame and returns false.
    public mutating func isDuplicate(_ frame: RawSpan, linkType: LinkType, timeNanoseconds time: Int64) -> Bool {
        let hash = Self.hash(frame, linkType: linkType)
        while ringCount > 0 {
            let oldest = ring[ringStart]
            guard time &- oldest.time > windowNanoseconds || ringCount == ring.count else { break }
            if lastSeen[oldest.hash] == oldest.time { lastSeen[oldest.hash] = nil }
            ringStart = (ringStart + 1) % ring.count
            ringCount -= 1
        }
        if let seen = lastSeen[hash], time &- seen <= windowNanoseconds {
            duplicates += 1
            return true
        }
        lastSeen[hash] = time
        ring[(ringStart + ringCount) % ring.count] = (hash, time)
        ringCount += 1
        return false
    }

    /// The copy-invariant hash of a frame (see the type's description).
    public static func hash(_ frame: RawSpan, linkType: LinkType) -> UInt64 {
        let ip = FrameLinkHeader.networkOffset(frame, linkType: linkType)?.offset ?? -1
        var hasher = ByteHasher()
        guard ip >= 0, frame.byteCount > ip else {
            hasher.add(frame, from: 0, to: frame.byteCount)
            return hasher.value
        }
        let count = frame.byteCount
        if frame.byteAt(ip) >> 4 == 4, count >= ip + 20 {
            hasher.add(frame, from: ip, to: ip + 8)
            hasher.add(frame, from: ip + 9, to: ip + 10)  // protocol; TTL and checksum skipped
            hasher.add(frame, from: ip + 12, to: count)
        } else if frame.byteAt(ip) >> 4 == 6, count >= ip + 40 {
            hasher.add(frame, from: ip, to: ip + 7)  // hop limit skipped
            hasher.add(frame, from: ip + 8, to: count)
        } else {
            hasher.add(frame, from: ip, to: count)
        }
        return hasher.value
    }
}

/// A fast non-cryptographic 64-bit hash over byte ranges (FNV-style word mixing).
struct ByteHasher {
    private(set) var value: UInt64 = 0x9E37_79B9_7F4A_7C15

    mutating func add(_ bytes: RawSpan, from start: Int, to end: Int) {
        var index = start
        while index + 8 <= end {
            mix(bytes.uint64BE(at: index))
            index += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while index < end {
            tail |= UInt64(bytes.byteAt(index)) << shift
            shift += 8
            index += 1
        }
        mix(tail ^ UInt64(end - start) << 56)
    }

    private mutating func mix(_ word: UInt64) {
        value = (value ^ word) &* 0xFF51_AFD7_ED55_8CCD
        value ^= value >> 32
    }
}

import CSockets

/// Datagrams waiting for one sendmmsg(2) call, copied into one buffer made once: appending and
/// sending allocate nothing (the buffer grows only for a datagram larger than all before it).
public struct DatagramBatch {
    private var storage: [UInt8]
    private var offsets: [Int]
    private var lengths: [UInt32]
    private var used = 0
    /// The most datagrams the batch holds (at most `DatagramBatch.maximumCount`).
    public let capacity: Int

    /// The most datagrams one system call moves.
    public static let maximumCount = Int(VTS_MAX_BATCH)

    /// An empty batch for up to `capacity` datagrams (clamped to 1...`maximumCount`) sharing `bytes` of storage.
    public init(capacity: Int, bytes: Int = 256 * 1024) {
        self.capacity = min(max(capacity, 1), Self.maximumCount)
        self.storage = [UInt8](repeating: 0, count: max(bytes, 1))
        self.offsets = []
        self.offsets.reserveCapacity(self.capacity)
        self.lengths = []
        self.lengths.reserveCapacity(self.capacity)
    }

    /// Datagrams queued.
    public var count: Int { offsets.count }
    /// True when no datagram is queued.
    public var isEmpty: Bool { offsets.isEmpty }
    /// True when the next append must wait for a send.
    public var isFull: Bool { offsets.count >= capacity }
    /// True when a datagram of `length` bytes fits without a send first (always true when empty).
    public func fits(_ length: Int) -> Bool { used + length <= storage.count || offsets.isEmpty }

    /// Copies `datagram` into the batch. Call `fits` and `isFull` first.
    public mutating func append(_ datagram: RawSpan) {
        let length = datagram.byteCount
        if used + length > storage.count { storage = [UInt8](repeating: 0, count: used + length) }
        let start = used
        unsafe datagram.withUnsafeBytes { source in
            unsafe storage.withUnsafeMutableBytes { target in
                if length > 0 {
                    unsafe (target.baseAddress! + start).copyMemory(from: source.baseAddress!, byteCount: length)
                }
            }
        }
        offsets.append(start)
        lengths.append(UInt32(length))
        used += length
    }

    /// The bytes of the datagrams in `range` (counting what a send moved).
    public func bytes(in range: Range<Int>) -> Int {
        var total = 0
        var index = max(range.lowerBound, 0)
        while index < min(range.upperBound, lengths.count) {
            total += Int(lengths[index])
            index += 1
        }
        return total
    }

    /// Empties the batch, keeping its storage.
    public mutating func removeAll() {
        offsets.removeAll(keepingCapacity: true)
        lengths.removeAll(keepingCapacity: true)
        used = 0
    }

    /// Calls `body` with pointers to each queued datagram and their lengths.
    func withPointers<R>(_ body: (UnsafePointer<UnsafePointer<UInt8>?>, UnsafePointer<UInt32>) -> R) -> R {
        let offsets = self.offsets
        return unsafe storage.withUnsafeBytes { raw in
            let base = unsafe raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
            return unsafe withUnsafeTemporaryAllocation(of: UnsafePointer<UInt8>?.self, capacity: Self.maximumCount) {
                pointers in
                // An index loop: `enumerated()` allocates its iterator in debug builds (once per send).
                var slot = 0
                while slot < offsets.count {
                    unsafe pointers[slot] = UnsafePointer(base + offsets[slot])
                    slot += 1
                }
                return unsafe lengths.withUnsafeBufferPointer { lengthPointer in
                    unsafe body(UnsafePointer(pointers.baseAddress!), lengthPointer.baseAddress!)
                }
            }
        }
    }
}

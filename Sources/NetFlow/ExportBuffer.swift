/// A fixed-capacity big-endian byte writer for one export datagram.
///
/// Capacity is set once (the datagram size limit) and the storage is reused
/// for every datagram, so building datagrams does not allocate. Writers check
/// `remaining` before appending; appending past the capacity traps.
public struct ExportBuffer: Sendable {
    @usableFromInline var storage: [UInt8]
    /// Bytes written since the last ``reset()``.
    public private(set) var count = 0

    /// A buffer of `capacity` bytes, allocated once.
    public init(capacity: Int) { storage = [UInt8](repeating: 0, count: capacity) }

    /// The most bytes the buffer holds.
    public var capacity: Int { storage.count }
    /// Bytes that can still be appended.
    public var remaining: Int { storage.count - count }
    /// Empties the buffer for the next datagram; the storage is kept.
    public mutating func reset() { count = 0 }

    /// Appends one byte; traps when the buffer is full.
    public mutating func append(_ value: UInt8) {
        storage[count] = value
        count += 1
    }
    /// Appends 2 bytes, big-endian; traps past the capacity.
    public mutating func append(_ value: UInt16) {
        storage[count] = UInt8(truncatingIfNeeded: value >> 8)
        storage[count + 1] = UInt8(truncatingIfNeeded: value)
        count += 2
    }
    /// Appends 4 bytes, big-endian; traps past the capacity.
    public mutating func append(_ value: UInt32) {
        append(UInt16(truncatingIfNeeded: value >> 16))
        append(UInt16(truncatingIfNeeded: value))
    }
    /// Appends 8 bytes, big-endian; traps past the capacity.
    public mutating func append(_ value: UInt64) {
        append(UInt32(truncatingIfNeeded: value >> 32))
        append(UInt32(truncatingIfNeeded: value))
    }
    /// Appends 16 bytes, big-endian (an IPv6 address); traps past the capacity.
    public mutating func append(_ value: UInt128) {
        append(UInt64(truncatingIfNeeded: value >> 64))
        append(UInt64(truncatingIfNeeded: value))
    }
    /// Appends `bytes` in order; traps past the capacity.
    public mutating func append<C: Collection>(bytes: C) where C.Element == UInt8 {
        for byte in bytes { append(byte) }
    }
    /// Appends `n` zero bytes (padding); traps past the capacity.
    public mutating func appendZeros(_ n: Int) {
        for _ in 0..<n { append(UInt8(0)) }
    }
    /// Overwrites 2 bytes at `offset`, big-endian (a length or count filled in after the fact); `offset + 2` must not
    /// exceed the capacity.
    public mutating func set(_ value: UInt16, at offset: Int) {
        storage[offset] = UInt8(truncatingIfNeeded: value >> 8)
        storage[offset + 1] = UInt8(truncatingIfNeeded: value)
    }
    /// Overwrites 4 bytes at `offset`, big-endian; `offset + 4` must not exceed the capacity.
    public mutating func set(_ value: UInt32, at offset: Int) {
        set(UInt16(truncatingIfNeeded: value >> 16), at: offset)
        set(UInt16(truncatingIfNeeded: value), at: offset + 2)
    }

    /// Calls `body` with the bytes written so far.
    public func withBytes<R>(_ body: (RawSpan) throws -> R) rethrows -> R {
        try body(unsafe storage.span.extracting(0..<count).bytes)
    }
    /// A copy of the bytes written so far.
    public var bytes: [UInt8] { Array(storage[0..<count]) }
}

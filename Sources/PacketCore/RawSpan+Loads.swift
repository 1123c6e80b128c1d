// The module's only unchecked-bit-pattern loads. Bounds are still checked by
// RawSpan in every build mode except -Ounchecked (never used): an
// out-of-range offset traps rather than reading foreign memory, so callers
// validate lengths first and these loads are then always in range.

extension RawSpan {
    /// The byte at `offset`.
    @inlinable @inline(__always)
    public func byteAt(_ offset: Int) -> UInt8 {
        unsafe unsafeLoad(fromByteOffset: offset, as: UInt8.self)
    }

    /// A big-endian (network order) `UInt16` at `offset`.
    @inlinable @inline(__always)
    public func uint16BE(at offset: Int) -> UInt16 {
        UInt16(bigEndian: unsafe unsafeLoadUnaligned(fromByteOffset: offset, as: UInt16.self))
    }

    /// A big-endian (network order) `UInt32` at `offset`.
    @inlinable @inline(__always)
    public func uint32BE(at offset: Int) -> UInt32 {
        UInt32(bigEndian: unsafe unsafeLoadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    /// A big-endian `UInt64` at `offset`.
    @inlinable @inline(__always)
    public func uint64BE(at offset: Int) -> UInt64 {
        UInt64(bigEndian: unsafe unsafeLoadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// A little-endian `UInt16` at `offset`.
    @inlinable @inline(__always)
    public func uint16LE(at offset: Int) -> UInt16 {
        UInt16(littleEndian: unsafe unsafeLoadUnaligned(fromByteOffset: offset, as: UInt16.self))
    }

    /// A little-endian `UInt32` at `offset`.
    @inlinable @inline(__always)
    public func uint32LE(at offset: Int) -> UInt32 {
        UInt32(littleEndian: unsafe unsafeLoadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    /// A `UInt16` at `offset` in the given byte order.
    @inlinable @inline(__always)
    public func uint16(at offset: Int, bigEndian: Bool) -> UInt16 {
        bigEndian ? uint16BE(at: offset) : uint16LE(at: offset)
    }

    /// A `UInt32` at `offset` in the given byte order.
    @inlinable @inline(__always)
    public func uint32(at offset: Int, bigEndian: Bool) -> UInt32 {
        bigEndian ? uint32BE(at: offset) : uint32LE(at: offset)
    }

    /// Six bytes at `offset` as a MAC address value (low 48 bits).
    @inlinable @inline(__always)
    public func uint48BE(at offset: Int) -> UInt64 {
        UInt64(uint16BE(at: offset)) << 32 | UInt64(uint32BE(at: offset + 2))
    }

    /// Sixteen bytes at `offset` as a big-endian `UInt128` (an IPv6 address).
    @inlinable @inline(__always)
    public func uint128BE(at offset: Int) -> UInt128 {
        UInt128(uint64BE(at: offset)) << 64 | UInt128(uint64BE(at: offset + 8))
    }
}

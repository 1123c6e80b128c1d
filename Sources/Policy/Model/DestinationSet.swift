/// A set of destination indices (0..<64) as a bit mask: copying, testing and
/// iterating one never allocates.
public struct DestinationSet: Hashable, Sendable, Sequence {
    /// Bit `i` set means destination `i` of the policy is chosen.
    public var rawValue: UInt64

    /// The largest number of destinations a policy may define.
    public static let capacity = 64

    /// The set whose bit `i` is set for each destination `i`.
    @inlinable public init(rawValue: UInt64) { self.rawValue = rawValue }
    /// The empty set.
    @inlinable public init() { rawValue = 0 }

    /// The set holding the given destination indices (each below `capacity`).
    public init(_ indices: some Sequence<Int>) {
        var raw: UInt64 = 0
        for index in indices {
            precondition(index >= 0 && index < Self.capacity, "destination index out of range")
            raw |= 1 << UInt64(index)
        }
        rawValue = raw
    }

    /// True when no destination is chosen.
    @inlinable public var isEmpty: Bool { rawValue == 0 }
    /// The number of destinations chosen.
    @inlinable public var count: Int { rawValue.nonzeroBitCount }
    /// True when destination `index` is in the set; false for an index outside 0..<64.
    @inlinable public func contains(_ index: Int) -> Bool {
        index >= 0 && index < Self.capacity && rawValue & (1 << UInt64(index)) != 0
    }
    /// Adds destination `index`, which must be in 0..<64 (traps otherwise).
    @inlinable public mutating func insert(_ index: Int) {
        precondition(index >= 0 && index < Self.capacity, "destination index out of range")
        rawValue |= 1 << UInt64(index)
    }

    /// Iterates the indices in increasing order.
    public struct Iterator: IteratorProtocol {
        @usableFromInline var remaining: UInt64
        @inlinable init(_ remaining: UInt64) { self.remaining = remaining }
        /// The next index, lowest first; `nil` after the last.
        @inlinable public mutating func next() -> Int? {
            guard remaining != 0 else { return nil }
            let index = remaining.trailingZeroBitCount
            remaining &= remaining &- 1
            return index
        }
    }

    /// Iterates the chosen indices in increasing order without allocating.
    @inlinable public func makeIterator() -> Iterator { Iterator(rawValue) }
}

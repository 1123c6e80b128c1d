/// A capture interface: the one of a pcap file, or a pcapng Interface
/// Description Block.
public struct CaptureInterface: Hashable, Sendable {
    /// What the interface's frames start with.
    public var linkType: LinkType
    /// The most bytes captured per frame, as the file declares it (pcapng allows 0: no limit).
    public var snapLength: Int
    /// `if_name`, when the file gives one.
    public var name: String?
    /// Timestamp units per second (10^6 for microseconds, 10^9 for nanoseconds, or a power of two).
    public var ticksPerSecond: UInt64
    /// `if_tsoffset`: seconds added to every timestamp.
    public var timestampOffset: Int64

    /// An interface with the given parts.
    public init(
        linkType: LinkType,
        snapLength: Int,
        name: String? = nil,
        ticksPerSecond: UInt64 = 1_000_000,
        timestampOffset: Int64 = 0
    ) {
        self.linkType = linkType
        self.snapLength = snapLength
        self.name = name
        self.ticksPerSecond = ticksPerSecond
        self.timestampOffset = timestampOffset
    }

    /// Converts a raw tick count into a timestamp.
    @inlinable
    public func timestamp(ticks: UInt64) -> CaptureTimestamp {
        let seconds = ticks / ticksPerSecond
        let remainder = ticks % ticksPerSecond
        let nanos: UInt64
        if ticksPerSecond == 1_000_000_000 {
            nanos = remainder
        } else if ticksPerSecond == 1_000_000 {
            nanos = remainder &* 1000
        } else {
            nanos = UInt64((UInt128(remainder) * 1_000_000_000) / UInt128(ticksPerSecond))
        }
        return CaptureTimestamp(
            seconds: Int64(truncatingIfNeeded: seconds) &+ timestampOffset,
            nanoseconds: UInt32(nanos)
        )
    }
}

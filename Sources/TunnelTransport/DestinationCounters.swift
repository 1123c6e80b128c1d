/// What happened to the frames given to one destination.
public struct DestinationCounters: Hashable, Sendable, Codable {
    /// Frames accepted and encapsulated.
    public var frames = 0
    /// Outer packets handed to the kernel (fragments count one each).
    public var packets = 0
    /// Outer bytes handed to the kernel.
    public var bytes = 0
    /// Frames cut to fit (snap length or MTU).
    public var truncated = 0
    /// Frames sent as several IP fragments.
    public var fragmented = 0
    /// Frames dropped by the destination's rate cap.
    public var droppedByCap = 0
    /// Packets the kernel refused.
    public var sendErrors = 0

    public init() {}

    /// Adds another destination's counters (for totals).
    public mutating func add(_ other: DestinationCounters) {
        frames += other.frames
        packets += other.packets
        bytes += other.bytes
        truncated += other.truncated
        fragmented += other.fragmented
        droppedByCap += other.droppedByCap
        sendErrors += other.sendErrors
    }
}

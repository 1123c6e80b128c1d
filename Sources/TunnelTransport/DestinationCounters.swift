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
    /// Packets dropped because the socket's send buffer was full (a sender that must not wait).
    public var droppedBusy = 0

    /// All counters zero.
    public init() {}

    private enum CodingKeys: String, CodingKey {
        case frames, packets, bytes, truncated, fragmented, droppedByCap, sendErrors, droppedBusy
    }

    /// Reads counters written before `droppedBusy` existed as well (it is then 0).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        frames = try container.decode(Int.self, forKey: .frames)
        packets = try container.decode(Int.self, forKey: .packets)
        bytes = try container.decode(Int.self, forKey: .bytes)
        truncated = try container.decode(Int.self, forKey: .truncated)
        fragmented = try container.decode(Int.self, forKey: .fragmented)
        droppedByCap = try container.decode(Int.self, forKey: .droppedByCap)
        sendErrors = try container.decode(Int.self, forKey: .sendErrors)
        droppedBusy = try container.decodeIfPresent(Int.self, forKey: .droppedBusy) ?? 0
    }

    /// Adds another destination's counters (for totals).
    public mutating func add(_ other: DestinationCounters) {
        frames += other.frames
        packets += other.packets
        bytes += other.bytes
        truncated += other.truncated
        fragmented += other.fragmented
        droppedByCap += other.droppedByCap
        sendErrors += other.sendErrors
        droppedBusy += other.droppedBusy
    }
}

import PacketCore

/// What libpcap says about one captured packet; the bytes come separately.
public struct LibpcapPacket: Hashable, Sendable {
    /// When libpcap captured the packet, in nanoseconds whatever precision the handle reads (microsecond timestamps are
    /// scaled).
    public var timestamp: CaptureTimestamp
    /// Bytes captured (at most the snap length).
    public var capturedLength: Int
    /// Length of the packet on the wire.
    public var originalLength: Int
}

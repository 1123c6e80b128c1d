/// Per-protocol counts over a capture, as `tapctl pcap stats` reports them.
///
/// Counts a frame once per protocol it contains (a VLAN-tagged TCP/IPv4 frame
/// counts as ethernet, vlan, ipv4 and tcp). A frame that fails to decode is
/// counted as malformed and for every layer decoded before the failure.
public struct CaptureStatistics: Sendable, Codable, Hashable {
    /// One malformed frame and why.
    public struct MalformedFrame: Sendable, Codable, Hashable {
        public var frame: Int
        public var reason: String
    }

    public var frames = 0
    public var bytes = 0
    public var wireBytes = 0
    public var firstTimestamp: CaptureTimestamp?
    public var lastTimestamp: CaptureTimestamp?
    public var ethernet = 0, vlan = 0, qinq = 0, arp = 0, ipv4 = 0, ipv6 = 0
    public var tcp = 0, udp = 0, icmp = 0, icmpv6 = 0, fragments = 0, malformed = 0, truncated = 0, other = 0
    /// The first malformed frames (at most `malformedExampleLimit`).
    public var malformedFrames: [MalformedFrame] = []
    public var malformedExampleLimit = 10

    public init() {}

    /// Adds one frame's decode result.
    public mutating func add(_ record: CaptureRecord, _ packet: DecodedPacket, error: WireError?) {
        frames += 1
        bytes += record.capturedLength
        wireBytes += record.originalLength
        if firstTimestamp == nil { firstTimestamp = record.timestamp }
        lastTimestamp = record.timestamp
        let l = packet.layers
        if l.contains(.ethernet) { ethernet += 1 }
        if l.contains(.vlan) { vlan += 1 }
        if l.contains(.qinq) { qinq += 1 }
        if l.contains(.arp) { arp += 1 }
        if l.contains(.ipv4) { ipv4 += 1 }
        if l.contains(.ipv6) { ipv6 += 1 }
        if l.contains(.tcp) { tcp += 1 }
        if l.contains(.udp) { udp += 1 }
        if l.contains(.icmp) { icmp += 1 }
        if l.contains(.icmpv6) { icmpv6 += 1 }
        if l.contains(.fragment) { fragments += 1 }
        if packet.isTruncated { truncated += 1 }
        if !l.contains(.ipv4) && !l.contains(.ipv6) && !l.contains(.arp) && error == nil { other += 1 }
        if let error {
            malformed += 1
            if malformedFrames.count < malformedExampleLimit {
                malformedFrames.append(MalformedFrame(frame: record.number, reason: error.description))
            }
        }
    }

    /// Seconds between the first and last frame.
    public var duration: Double {
        guard let first = firstTimestamp, let last = lastTimestamp else { return 0 }
        return Double(last.totalNanoseconds - first.totalNanoseconds) / 1e9
    }
}

extension CaptureTimestamp: Codable {
    public init(from decoder: any Decoder) throws {
        let value = try decoder.singleValueContainer().decode(Double.self)
        self.init(seconds: Int64(value.rounded(.down)), nanoseconds: UInt32((value - value.rounded(.down)) * 1e9))
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(Double(seconds) + Double(nanoseconds) / 1e9)
    }
}

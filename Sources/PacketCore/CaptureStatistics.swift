/// Per-protocol counts over a capture, as `tapctl pcap stats` reports them.
///
/// A frame counts once for every protocol it contains (a VLAN-tagged TCP/IPv4
/// frame counts as ethernet, vlan, ipv4 and tcp); only the outermost packet
/// is counted (the IP header quoted in an ICMP error is not). A frame that
/// fails to decode counts as malformed and for every layer entered before
/// the failure. A frame of a link type the decoder does not decode counts as
/// unsupported, not malformed. Docs/PacketCore.md defines each count and how
/// it maps to tshark's output.
public struct CaptureStatistics: Sendable, Hashable, Codable {
    /// One malformed frame and why.
    public struct MalformedFrame: Sendable, Hashable, Codable {
        /// 1-based frame number (as tshark numbers frames).
        public var frame: Int
        /// The decoder's error: code, layer and byte offset in the frame.
        public var reason: String
    }

    /// Frames read, whatever their link type.
    public var frames = 0
    /// Captured bytes (frame contents present in the file).
    public var bytes = 0
    /// Bytes on the wire (original lengths).
    public var wireBytes = 0
    /// The first frame's timestamp; `nil` for a file without frames.
    public var firstTimestamp: CaptureTimestamp?
    /// The last frame's timestamp (in file order, not the latest); `nil` for a file without frames.
    public var lastTimestamp: CaptureTimestamp?
    /// Frames per link and network protocol: Ethernet, at least one VLAN tag, two or more tags (QinQ), ARP, IPv4 and
    /// IPv6, each as Docs/PacketCore.md defines it.
    public var ethernet = 0, vlan = 0, qinq = 0, arp = 0, ipv4 = 0, ipv6 = 0
    /// Frames per transport protocol (outermost packet only), IP fragments, and frames that failed to decode
    /// (`malformed`) or were cut by the snap length (`truncated`).
    public var tcp = 0, udp = 0, icmp = 0, icmpv6 = 0, fragments = 0, malformed = 0, truncated = 0
    /// Frames of a link type `PacketDecoder` does not decode (`LinkType.isDecoded`).
    public var unsupported = 0
    /// The link types of the `unsupported` frames, in the order first seen.
    public var unsupportedLinkTypes: [LinkType] = []
    /// The first malformed frames (at most `malformedExampleLimit`).
    public var malformedFrames: [MalformedFrame] = []
    /// The most malformed frames kept in `malformedFrames` (10 by default; `tapctl pcap stats --malformed-limit`).
    public var malformedExampleLimit = 10

    /// All counts zero, no frames.
    public init() {}

    /// The protocol count names, in report order.
    public static let protocolNames = [
        "ethernet", "vlan", "qinq", "arp", "ipv4", "ipv6", "tcp", "udp", "icmp", "icmpv6", "fragments", "truncated",
        "malformed",
    ]

    /// Every protocol count with its name, in `protocolNames` order.
    public var protocolCounts: [(name: String, count: Int)] {
        let values = [ethernet, vlan, qinq, arp, ipv4, ipv6, tcp, udp, icmp, icmpv6, fragments, truncated, malformed]
        return Array(zip(Self.protocolNames, values)).map { (name: $0.0, count: $0.1) }
    }

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
        if let error, error.code == .unsupported, error.layer == .link {
            unsupported += 1
            if !unsupportedLinkTypes.contains(record.linkType) { unsupportedLinkTypes.append(record.linkType) }
        } else if let error {
            malformed += 1
            if malformedFrames.count < malformedExampleLimit {
                malformedFrames.append(MalformedFrame(frame: record.number, reason: error.description))
            }
        }
    }

    /// Decodes and counts every remaining frame of `reader`. Returns the
    /// error that stopped reading early (every frame before it was counted),
    /// or nil when the file was read to its end.
    public mutating func addFrames(
        from reader: CaptureFileReader,
        decoder: PacketDecoder = PacketDecoder()
    )
        -> CaptureFileError?
    {
        var packet = DecodedPacket()
        do throws(CaptureFileError) {
            try reader.forEachFrame { record, frame in
                var wireError: WireError?
                do throws(WireError) {
                    try decoder.decode(
                        frame,
                        linkType: record.linkType,
                        wireLength: record.originalLength,
                        into: &packet
                    )
                } catch {
                    wireError = error
                }
                add(record, packet, error: wireError)
                return true
            }
        } catch {
            return error
        }
        return nil
    }

    /// Seconds between the first and last frame.
    public var duration: Double {
        guard let first = firstTimestamp, let last = lastTimestamp else { return 0 }
        return Double(last.totalNanoseconds - first.totalNanoseconds) / 1e9
    }
}

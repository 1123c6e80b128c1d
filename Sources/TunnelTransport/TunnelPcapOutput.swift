import GRE
import PacketCore

/// Writes the outer packets that would go on the wire (outer IPv4/IPv6 +
/// GRE/ERSPAN/VXLAN + frame, fragments included) to a LINKTYPE_RAW pcap
/// instead of sending them. A truncated frame's record keeps the length the
/// whole packet would have had as its original length.
public final class TunnelPcapOutput: TunnelOutput {
    public let destinations: [TunnelDestination]
    public private(set) var counters: [DestinationCounters]
    private var encoders: [TunnelEncoder]
    private var limiters: [RateLimiter]
    private let writer: PcapWriter

    public init(path: String, destinations: [TunnelDestination]) throws(CaptureFileError) {
        self.destinations = destinations
        self.counters = Array(repeating: DestinationCounters(), count: destinations.count)
        self.encoders = destinations.map { TunnelEncoder(endpoint: $0.endpoint) }
        self.limiters = destinations.map { RateLimiter(bitsPerSecond: $0.bitsPerSecondCap, framesPerSecond: $0.framesPerSecondCap) }
        self.writer = try PcapWriter(path: path, header: PcapFileHeader(linkType: .raw, nanosecond: true))
    }

    /// The first write error, if any (writing stops counting packets after it).
    public private(set) var writeError: CaptureFileError?

    @discardableResult
    public func send(_ frame: RawSpan, to index: Int, flowHash: UInt32, timestamp: CaptureTimestamp) -> Bool {
        if !limiters[index].isUnlimited {
            guard limiters[index].admit(bytes: frame.byteCount, now: UInt64(max(timestamp.totalNanoseconds, 1))) else {
                counters[index].droppedByCap += 1
                return false
            }
        }
        let result = encoders[index].encode(frame, flowHash: flowHash, timestamp: timestamp)
        counters[index].frames += 1
        if result.truncated { counters[index].truncated += 1 }
        if result.fragmented { counters[index].fragmented += 1 }
        for packet in 0..<result.packetCount {
            encoders[index].withPacket(packet) { bytes in
                let original = result.fragmented ? bytes.byteCount : max(result.fullLength, bytes.byteCount)
                do throws(CaptureFileError) {
                    try writer.write(bytes, timestamp: timestamp, originalLength: original)
                    counters[index].packets += 1
                    counters[index].bytes += bytes.byteCount
                } catch {
                    counters[index].sendErrors += 1
                    if writeError == nil { writeError = error }
                }
            }
        }
        return true
    }

    public func flush() throws(TransportError) {
        do throws(CaptureFileError) { try writer.flush() } catch {
            throw TransportError(operation: "write", errno: 0, message: error.description)
        }
    }

    /// Flushes and closes the file.
    public func close() throws(CaptureFileError) {
        if let writeError { throw writeError }
        try writer.close()
    }
}

import GRE
import PacketCore
import TapVocabulary

/// Writes the outer packets that would go on the wire (outer IPv4/IPv6 +
/// GRE/ERSPAN/VXLAN + frame, fragments included) to a LINKTYPE_RAW pcap
/// instead of sending them. A truncated frame's record keeps the length the
/// whole packet would have had as its original length.
public final class TunnelPcapOutput: TunnelOutput {
    /// The destinations, in the order `send`'s `index` refers to.
    public let destinations: [TunnelDestination]
    /// Frames, packets, bytes, truncations, fragmentations and cap drops per destination, as they were written.
    public var counters: [DestinationCounters] { states.map(\.counters) }
    private var states: [DestinationEncoder]
    private let writer: PcapWriter

    /// Creates (or truncates) the pcap at `path`: raw IP link type, nanosecond timestamps.
    ///
    /// - Throws: `CaptureFileError` when the file cannot be created or its header not written.
    public init(path: String, destinations: [TunnelDestination]) throws(CaptureFileError) {
        self.destinations = destinations
        self.states = destinations.map(DestinationEncoder.init)
        self.writer = try PcapWriter(path: path, header: PcapFileHeader(linkType: .raw, nanosecond: true))
    }

    /// The first write error, if any (writing stops counting packets after it).
    public private(set) var writeError: CaptureFileError?

    /// Encapsulates `frame` for destination `index` and writes each outer packet (or fragment) with the frame's
    /// timestamp; rate caps follow that timestamp. False when the cap dropped the frame. A write error is kept in
    /// ``writeError``, not thrown.
    @discardableResult
    public func send(_ frame: RawSpan, to index: Int, flowHash: UInt32, timestamp: CaptureTimestamp) -> Bool {
        // Rate caps follow the capture's clock, so the file shows what the cap would let through.
        let captureTime = UInt64(max(timestamp.totalNanoseconds, 1))
        return states[index].encode(
            frame,
            flowHash: flowHash,
            timestamp: timestamp,
            now: { captureTime },
            deliver: { packet, original in
                do throws(CaptureFileError) {
                    try writer.write(packet, timestamp: timestamp, originalLength: original)
                    return true
                } catch {
                    if writeError == nil { writeError = error }
                    return false
                }
            }
        )
    }

    /// Writes buffered packets to the file.
    ///
    /// - Throws: `TransportError` (operation `write`) with the file error's text.
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

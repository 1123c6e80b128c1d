import PacketCore

/// Meters a capture file: decodes every frame, feeds the flow cache, and ends
/// flows into an exporter, with the packets' own time as the flow clock.
public enum CaptureFlowMeter {
    /// What was read.
    public struct Report: Hashable, Sendable {
        /// Frames read from the file.
        public var frames: UInt64 = 0
        /// Frames the decoder rejected (counted, not metered).
        public var undecodableFrames: UInt64 = 0
        /// The first frame's time, milliseconds since 1970 (0 for an empty file).
        public var firstMilliseconds: Int64 = 0
        /// The last frame's time, milliseconds since 1970 (0 for an empty file).
        public var lastMilliseconds: Int64 = 0
        /// All counts zero.
        @inlinable public init() {}
    }

    /// Reads `reader` to its end; at the end every live flow is exported
    /// (reason `forcedEnd`) and the last datagram is flushed. Inlinable so
    /// that it is specialised for the caller's output type.
    @inlinable
    public static func run<Output: DatagramSink>(
        _ reader: CaptureFileReader,
        cache: inout FlowCache,
        exporter: inout FlowExporter<Output>
    ) throws(CaptureFileError) -> Report {
        var report = Report()
        let decoder = PacketDecoder()
        var packet = DecodedPacket()
        var clock = Int64.min
        while let record = try reader.next() {
            let now = record.timestamp.milliseconds
            if report.frames == 0 { report.firstMilliseconds = now }
            report.lastMilliseconds = now
            report.frames &+= 1
            if now > clock {
                clock = now
                exporter.advanceClock(to: now)
            }
            var decoded = true
            reader.withCurrentFrame { frame in
                do throws(WireError) {
                    try decoder.decode(
                        frame,
                        linkType: record.linkType,
                        wireLength: record.originalLength,
                        into: &packet
                    )
                } catch {
                    decoded = false
                }
            }
            guard decoded else {
                report.undecodableFrames &+= 1
                continue
            }
            cache.observe(
                packet,
                timestampMilliseconds: now,
                interfaceIndex: UInt32(truncatingIfNeeded: record.interfaceIndex),
                into: &exporter
            )
        }
        cache.endAll(into: &exporter)
        exporter.flush()
        return report
    }
}

import PacketCore

/// Decodes the NetFlow/IPFIX datagrams found in a capture file (UDP over
/// IPv4/IPv6, any link type PacketCore decodes): each UDP payload goes to the
/// collector's decoder with the packet's source address and port as the
/// exporter. Frames that are not UDP are skipped; bad datagrams are counted
/// by the decoder.
public enum CaptureDatagramReader {
    /// Reads to the end of `reader`, or until `recordLimit` flow records were decoded.
    @inlinable
    public static func run<Sink: CollectedFlowSink>(
        _ reader: CaptureFileReader, decoder: inout FlowMessageDecoder, into sink: inout Sink, recordLimit: UInt64? = nil
    ) throws(CaptureFileError) {
        let packetDecoder = PacketDecoder()
        var packet = DecodedPacket()
        while let record = try reader.next() {
            reader.withCurrentFrame { frame in
                do throws(WireError) {
                    try packetDecoder.decode(frame, linkType: record.linkType, wireLength: record.originalLength,
                                             into: &packet)
                } catch { return }
                guard packet.layers.contains(.udp), packet.payloadOffset >= 0 else { return }
                let start = Int(packet.payloadOffset)
                let end = min(frame.byteCount, start + Int(packet.payloadLength))
                guard end > start else { return }
                let exporter = ExporterID(address: packet.sourceAddress, port: packet.sourcePort)
                try? decoder.decode(frame.extracting(start..<end), from: exporter, into: &sink)
            }
            if let recordLimit, decoder.statistics.flowRecords >= recordLimit { return }
        }
    }
}

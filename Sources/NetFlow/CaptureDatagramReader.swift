import PacketCore

/// Decodes the NetFlow/IPFIX datagrams found in a capture file (UDP over
/// IPv4/IPv6, any link type PacketCore decodes): each UDP payload goes to the
/// collector's decoder with the packet's source address and port as the
/// exporter. Frames that are not UDP, or whose destination port is not one
/// of `ports`, are skipped (and the latter counted); bad datagrams are
/// counted by the decoder.
public enum CaptureDatagramReader {
    /// The usual NetFlow/IPFIX collector ports: 2055, 2056, 9995, 9996
    /// (NetFlow, nfcapd's default), 2100 (pmacct's nfacctd), 4739 (IPFIX, IANA).
    public static let defaultPorts: Set<UInt16> = [2055, 2056, 2100, 4739, 9995, 9996]

    /// Reads to the end of `reader`, or until `recordLimit` flow records were
    /// decoded. `ports` nil decodes every UDP datagram. Returns how many UDP
    /// datagrams were skipped because of their destination port.
    @inlinable @discardableResult
    public static func run<Sink: CollectedFlowSink>(
        _ reader: CaptureFileReader,
        decoder: inout FlowMessageDecoder,
        into sink: inout Sink,
        recordLimit: UInt64? = nil,
        ports: Set<UInt16>? = defaultPorts
    ) throws(CaptureFileError) -> UInt64 {
        let packetDecoder = PacketDecoder()
        var packet = DecodedPacket()
        var skipped: UInt64 = 0
        while let record = try reader.next() {
            reader.withCurrentFrame { frame in
                do throws(WireError) {
                    try packetDecoder.decode(
                        frame,
                        linkType: record.linkType,
                        wireLength: record.originalLength,
                        into: &packet
                    )
                } catch { return }
                guard packet.layers.contains(.udp), let payloadOffset = packet.payloadOffset else { return }
                if let ports, !ports.contains(packet.destinationPort) {
                    skipped &+= 1
                    return
                }
                let start = Int(payloadOffset)
                let end = min(frame.byteCount, start + Int(packet.payloadLength))
                guard end > start else { return }
                let exporter = ExporterID(address: packet.sourceAddress, port: packet.sourcePort)
                try? decoder.decode(frame.extracting(start..<end), from: exporter, into: &sink)
            }
            if let recordLimit, decoder.statistics.flowRecords >= recordLimit { return skipped }
        }
        return skipped
    }
}

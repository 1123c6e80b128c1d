import NetFlow
import NetworkTypes
import PacketCore

/// Small builders shared by the NetFlow tests.
enum FlowFixtures {
    static func key(
        _ src: UInt32,
        _ dst: UInt32,
        sport: UInt16 = 1000,
        dport: UInt16 = 80,
        proto: UInt8 = 6,
        vlan: UInt16 = 0
    ) -> FlowKey {
        FlowKey(
            sourceAddress: UInt128(src),
            destinationAddress: UInt128(dst),
            sourcePort: sport,
            destinationPort: dport,
            ipProtocol: proto,
            ipVersion: 4,
            vlanID: vlan
        )
    }

    static func key6(_ src: UInt128, _ dst: UInt128, sport: UInt16 = 1000, dport: UInt16 = 443) -> FlowKey {
        FlowKey(
            sourceAddress: src,
            destinationAddress: dst,
            sourcePort: sport,
            destinationPort: dport,
            ipProtocol: 6,
            ipVersion: 6
        )
    }

    static func record(
        _ key: FlowKey,
        packets: UInt64 = 3,
        bytes: UInt64 = 300,
        first: Int64 = 1_700_000_000_123,
        last: Int64 = 1_700_000_004_567,
        flags: UInt8 = 0x1B
    ) -> FlowRecord {
        FlowRecord(
            key: key,
            packets: packets,
            bytes: bytes,
            firstMilliseconds: first,
            lastMilliseconds: last,
            tcpFlags: flags,
            typeOfService: 0x10,
            endReason: .idleTimeout
        )
    }

    /// Exports `records` with `configuration` and returns the datagrams.
    static func export(
        _ records: [FlowRecord],
        _ configuration: FlowExportConfiguration,
        resolver: (any FlowVMResolver)? = nil,
        clock: Int64 = 1_700_000_000_000
    ) -> (FlowExporter<DatagramCollector>) {
        var exporter = FlowExporter(configuration: configuration, output: DatagramCollector(), vmResolver: resolver)
        exporter.advanceClock(to: clock)
        for r in records { exporter.flowEnded(r) }
        exporter.flush()
        return exporter
    }

    /// Decodes one datagram, ignoring (but counting) errors.
    static func decode(
        _ datagram: [UInt8],
        with decoder: inout FlowMessageDecoder,
        from exporter: ExporterID,
        receivedMilliseconds: Int64 = 0,
        into sink: inout CollectedFlowList
    ) {
        try? decoder.decode(
            RawSpan(_elements: datagram.span),
            from: exporter,
            receivedMilliseconds: receivedMilliseconds,
            into: &sink
        )
    }

    /// Decodes datagrams with one decoder, as if from one exporter.
    static func collect(_ datagrams: [[UInt8]], decoder: inout FlowMessageDecoder) -> [CollectedFlow] {
        var sink = CollectedFlowList()
        let exporter = ExporterID(address: .v4(IPv4Address(127, 0, 0, 1)), port: 9999)
        for d in datagrams {
            try? decoder.decode(RawSpan(_elements: d.span), from: exporter, into: &sink)
        }
        return sink.flows
    }
}

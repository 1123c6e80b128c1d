// Meters a capture into flows, exports them as IPFIX datagrams, and decodes the datagrams back
// the way a collector does.
//
// Usage: ExportFlows [CAPTURE]   (default: the bundled Samples/sample.pcapng)
import NetFlow
import NetworkTypes
import PacketCore

let path = CommandLine.arguments.dropFirst().first ?? "Samples/sample.pcapng"

// The capture's own timestamps are the flow clock, so exported times are the capture's.
var cache = FlowCache(configuration: FlowCacheConfiguration(activeTimeoutSeconds: 1800, inactiveTimeoutSeconds: 15))
// DatagramCollector keeps the datagrams in memory; an exporter to the network takes a UDP sink.
var exporter = FlowExporter(configuration: FlowExportConfiguration(version: .ipfix), output: DatagramCollector())
let report = try CaptureFlowMeter.run(try CaptureFileReader(path: path), cache: &cache, exporter: &exporter)

var decoder = FlowMessageDecoder()
var flows = CollectedFlowList()
let exporterID = ExporterID(address: .v4(IPv4Address(127, 0, 0, 1)), port: 4739)
for datagram in exporter.output.datagrams {
    try decoder.decode(datagram.span.bytes, from: exporterID, into: &flows)
}
let packets = flows.flows.reduce(0) { $0 + $1.packets }
let bytes = flows.flows.reduce(0) { $0 + $1.bytes }
print(
    "frames=\(report.frames) datagrams=\(exporter.output.datagrams.count) flows=\(flows.flows.count) packets=\(packets) bytes=\(bytes)"
)

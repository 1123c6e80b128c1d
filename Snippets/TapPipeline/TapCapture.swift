// The offline tap: decode, choose by policy, encapsulate per destination and write what would be
// sent to a pcap file instead of the network.
//
// Usage: TapCapture [POLICY [CAPTURE [OUTPUT]]]   (default: the bundled sample policy and capture,
//        writing /tmp/tap-capture-encap.pcap)
import NetworkTypes
import PacketCore
import Policy
import TapPipeline
import TunnelTransport

let arguments = Array(CommandLine.arguments.dropFirst())
let policyPath = arguments.first ?? "Samples/sample-policy.yaml"
let capturePath = arguments.dropFirst().first ?? "Samples/sample.pcapng"
let outputPath = arguments.dropFirst(2).first ?? "/tmp/tap-capture-encap.pcap"

let policy = try CompiledPolicy(contentsOf: policyPath)
// The outer source address of every tunnel (a destination in the policy may name its own).
let destinations = TapDestinations.make(
    from: policy,
    source: .v4(IPv4Address(192, 0, 2, 1)),
    source6: .v6(IPv6Address("2001:db8::1")!)
)
let output = try TunnelPcapOutput(path: outputPath, destinations: destinations)  // or TunnelSender
var pipeline = TapPipeline(policy: policy, output: output)

let reader = try CaptureFileReader(path: capturePath)
while let record = try reader.next() {
    reader.withCurrentFrame {
        pipeline.process($0, linkType: record.linkType, wireLength: record.originalLength, timestamp: record.timestamp)
    }
}
let statistics = try pipeline.finish()
try output.close()
print("frames=\(statistics.frames) tapped=\(statistics.tapped)")
for (index, destination) in destinations.enumerated() {
    print("\(destination.name) packets=\(output.counters[index].packets) bytes=\(output.counters[index].bytes)")
}

import Foundation
import PacketCore
import TestSupport
import Testing

/// The sample frames are what they claim to be: tshark, reading them from a
/// pcap our writer made, finds the same layers, nothing malformed and good
/// IPv4 header checksums.
@Suite(.tags(.interop), .interopTier) struct SampleFramesTsharkTests {
    @Test func tsharkSeesTheSameLayersAsTheDecoder() throws {
        let directory = try ExternalTool.temporaryDirectory("vtfd-samples")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("samples.pcap").path
        let writer = try PcapWriter(path: path, header: PcapFileHeader(linkType: .ethernet))
        for (index, sample) in SampleFrames.all.enumerated() {
            try writer.write(
                sample.bytes,
                timestamp: CaptureTimestamp(seconds: 1_700_000_000 + Int64(index), nanoseconds: 0)
            )
        }
        try writer.close()

        let profile = try TsharkProtocolCounts.makeProfile(in: directory)
        let tshark = try TsharkProtocolCounts.read(
            path,
            profile: profile,
            extraOptions: ["-o", "ip.check_checksum:TRUE"]
        )
        #expect(tshark.frames.count == SampleFrames.all.count)
        for (sample, theirs) in zip(SampleFrames.all, tshark.frames) {
            let packet = try sample.bytes.withUnsafeBytes { try PacketDecoder().decode($0.bytes) }
            #expect(Self.names(packet.layers) == theirs, "\(sample.name)")
        }
        #expect(tshark.malformedFrames.isEmpty)
        let bad = try ExternalTool.run(
            "tshark",
            ["-r", path, "-o", "ip.check_checksum:TRUE", "-Y", "ip.checksum.status == 0"]
        )
        #expect(bad.status == 0 && bad.standardOutput.isEmpty, "bad IPv4 checksums: \(bad.standardOutput)")
        let good = try ExternalTool.run(
            "tshark",
            ["-r", path, "-o", "ip.check_checksum:TRUE", "-Y", "ip.checksum.status == 1"]
        )
        #expect(good.standardOutput.split(separator: "\n").count == 5)
    }

    /// Our layer set in tshark's count names.
    static func names(_ layers: DecodedLayers) -> Set<String> {
        let table: [(DecodedLayers, String)] = [
            (.ethernet, "ethernet"), (.vlan, "vlan"), (.arp, "arp"), (.ipv4, "ipv4"), (.ipv6, "ipv6"), (.tcp, "tcp"),
            (.udp, "udp"), (.icmp, "icmp"), (.icmpv6, "icmpv6"), (.fragment, "fragments"),
        ]
        return Set(table.filter { layers.contains($0.0) }.map(\.1))
    }
}

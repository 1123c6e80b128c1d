import Foundation
import TestSupport
import Testing

/// `tapctl decap --read` with Geneve (RFC 8926) and VXLAN on Linux's default
/// port 8472, built by Scapy: the inner frames we write are the frames tshark
/// finds inside the same capture. (This kernel has no geneve device, so the
/// kernel cannot be the peer here; tshark and Scapy are.)
@Suite(.tags(.interop), .interopTier) final class DecapPortsInteropTests {
    let directory: URL

    init() throws { directory = try ExternalTool.temporaryDirectory("vtgr-ports") }
    deinit { try? FileManager.default.removeItem(at: directory) }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Writes an Ethernet pcap of tunnel packets with Scapy: Geneve with and without (non-critical)
    /// options to `genevePort`, VXLAN to `vxlanPort`, one Geneve packet with a critical option.
    func craft(_ file: String, genevePort: Int, vxlanPort: Int) throws {
        let script = """
            import sys
            from scapy.all import Ether, IP, IPv6, UDP, Raw, wrpcap
            from scapy.layers.vxlan import VXLAN
            from scapy.contrib.geneve import GENEVE, GeneveOptions
            def inner(i):
                return Ether(src="52:54:00:00:00:%02x" % i, dst="52:54:00:aa:bb:cc") / IP(src="10.0.0.1", dst="10.0.0.2", id=1000 + i) / UDP(sport=1000 + i, dport=53) / Raw(bytes(range(i, i + 40)))
            gp, vp = int(sys.argv[2]), int(sys.argv[3])
            packets = []
            for i in range(6):
                outer = Ether() / (IP(src="198.18.0.1", dst="198.18.0.2") if i % 2 == 0 else IPv6(src="2001:db8::1", dst="2001:db8::2"))
                options = [GeneveOptions(classid=0x0102, type=0x05, data=bytes(4 * i))] if i % 3 else []
                packets.append(outer / UDP(sport=50000 + i, dport=gp) / GENEVE(vni=100 + i, proto=0x6558, options=options) / inner(i))
            for i in range(6, 10):
                packets.append(Ether() / IP(src="198.18.0.3", dst="198.18.0.2") / UDP(sport=50000 + i, dport=vp) / VXLAN(vni=42, flags=0x08) / inner(i))
            packets.append(Ether() / IP(src="198.18.0.1", dst="198.18.0.2") / UDP(sport=50010, dport=gp) / GENEVE(vni=7, proto=0x6558, critical=1, options=[GeneveOptions(classid=0x0102, type=0x85, data=bytes(4))]) / inner(10))
            wrpcap(sys.argv[1], packets)
            """
        let scriptPath = path("craft.py")
        try script.write(toFile: scriptPath, atomically: true, encoding: .utf8)
        let run = try ExternalTool.run("/usr/bin/python3", [scriptPath, file, "\(genevePort)", "\(vxlanPort)"])
        #expect(run.status == 0, "scapy: \(run.standardError)")
    }

    /// The inner frames' Ethernet source and IP id as tshark prints them, one line per frame.
    func innerFrames(_ file: String, decodeAs: [String] = []) throws -> [String] {
        let run = try ExternalTool.run(
            "/usr/bin/tshark",
            ["-r", file] + decodeAs.flatMap { ["-d", $0] }
                + ["-T", "fields", "-E", "occurrence=l", "-e", "eth.src", "-e", "ip.id"]
        )
        #expect(run.status == 0, "tshark: \(run.standardError)")
        return run.standardOutput.split(separator: "\n").map(String.init)
    }

    func decap(_ arguments: [String]) throws -> [String: Any] {
        let run = try ExternalTool.run(try ExternalTool.tapctl, ["decap"] + arguments + ["--json"])
        #expect(run.status == 0, "tapctl decap: \(run.standardError)")
        return try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
    }

    @Test func geneveAndVXLANOnTheirPortsAreDecapsulatedAsTsharkSeesThem() throws {
        for (genevePort, vxlanPort) in [(6081, 8472), (16081, 4789)] {
            let input = path("in-\(genevePort).pcap")
            let output = path("out-\(genevePort).pcap")
            try craft(input, genevePort: genevePort, vxlanPort: vxlanPort)
            var arguments = ["--read", input, "--write", output]
            if vxlanPort != 4789 { arguments += ["--vxlan-port", "\(vxlanPort)"] }
            if genevePort != 6081 { arguments += ["--geneve-port", "\(genevePort)"] }
            let report = try decap(arguments)
            // tshark: the 10 tunnel packets it decodes; the critical-option packet is dropped by us.
            let inside = try innerFrames(
                input,
                decodeAs: ["udp.port==\(vxlanPort),vxlan", "udp.port==\(genevePort),geneve"]
            )
            let written = try innerFrames(output)
            #expect(inside.count == 11, "tshark sees every packet's inner frame: \(inside)")
            #expect(written == Array(inside.prefix(10)), "ports \(genevePort)/\(vxlanPort)")
            #expect(report["written"] as? Int == 10 && report["unsupported"] as? Int == 1, "\(report)")
            #expect(report["malformed"] as? Int == 0 && report["notTunnel"] as? Int == 0, "\(report)")
            // Without the port options, the packets on the other ports are not tunnels to us.
            if vxlanPort != 4789 {
                let plain = try decap(["--read", input, "--write", path("plain.pcap")])
                #expect(plain["written"] as? Int == 6 && plain["notTunnel"] as? Int == 4, "\(plain)")
            }
        }
    }
}

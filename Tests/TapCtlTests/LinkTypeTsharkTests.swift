import Foundation
import TestSupport
import Testing

@testable import TapCtlCore

/// Must show: `tapctl pcap stats` counts on the link types other than
/// Ethernet equal tshark's: BSD loopback (NULL, 0, in both byte orders of
/// AF_INET6's values), OpenBSD loopback (LOOP, 108), raw IPv4 (228) and raw
/// IPv6 (229) written by Scapy, Linux cooked v2 (SLL2, 276) written by
/// `tcpdump -i any` in a network namespace. A link type we do not decode is
/// counted as unsupported with a warning, not as malformed.
@Suite(.serialized) final class LinkTypeTsharkTests {
    let directory: URL

    init() throws { directory = try ExternalTool.temporaryDirectory("vttc-link") }
    deinit { try? FileManager.default.removeItem(at: directory) }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    static let script = #"""
        import struct, sys, os
        from scapy.all import IP, IPv6, UDP, TCP, Raw, ICMPv6EchoRequest
        out = sys.argv[1]
        def pcap(name, linktype, packets):
            with open(os.path.join(out, name), "wb") as f:
                f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, linktype))
                for i, p in enumerate(packets):
                    f.write(struct.pack("<IIII", 1700000000 + i, 0, len(p), len(p)))
                    f.write(p)
        v4 = [bytes(IP(src="10.0.0.1", dst="10.0.0.2", id=i) / UDP(sport=1000 + i, dport=53) / Raw(bytes(20))) for i in range(3)]
        v4 += [bytes(IP(src="10.0.0.1", dst="10.0.0.3") / TCP(sport=4000, dport=80, flags="S"))]
        v6 = [bytes(IPv6(src="2001:db8::1", dst="2001:db8::2") / UDP(sport=2000 + i, dport=53) / Raw(bytes(20))) for i in range(2)]
        v6 += [bytes(IPv6(src="2001:db8::1", dst="2001:db8::2") / ICMPv6EchoRequest())]
        bad4 = bytes(IP(src="10.0.0.1", dst="10.0.0.2") / UDP() / Raw(bytes(8)))[:10]  # a cut IPv4 header (not a snap cut)
        pcap("null.pcap", 0, [struct.pack("<I", 2) + p for p in v4] + [struct.pack("<I", af) + p for af, p in zip([24, 28, 30], v6)]
             + [struct.pack("<I", 2) + bad4])
        pcap("loop.pcap", 108, [struct.pack(">I", 2) + p for p in v4] + [struct.pack(">I", 24) + p for p in v6] + [struct.pack(">I", 2) + bad4])
        pcap("ipv4-link.pcap", 228, v4 + [v6[0]] + v4[:1] + [v6[1]])
        pcap("ipv6-link.pcap", 229, v6 + [v4[0]] + v6[:1] + [bad4])
        pcap("wifi.pcap", 105, [bytes.fromhex("08020000ffffffffffff525400000001525400000002000000") + bytes(30)] * 3)
        """#

    func craft() throws {
        let script = path("link.py")
        try Self.script.write(toFile: script, atomically: true, encoding: .utf8)
        let run = try ExternalTool.run("/usr/bin/python3", [script, directory.path])
        #expect(run.status == 0, "scapy: \(run.standardError)")
    }

    func stats(_ file: String) throws -> (PcapStatsReport, String) {
        let run = try ExternalTool.run(
            try ExternalTool.tapctl,
            ["pcap", "stats", file, "--json", "--malformed-limit", "1000"]
        )
        #expect(run.status == 0, "\(run.standardError)")
        return (try JSONDecoder().decode(PcapStatsReport.self, from: Data(run.standardOutput.utf8)), run.standardError)
    }

    /// Our counts and malformed frames against tshark's; `tsharkLenient` are frames tshark decodes
    /// although the link type forbids them (it hands an IPv6 packet on LINKTYPE_IPV4 to its IPv6 dissector).
    func compare(_ file: String, tsharkLenient: [Int] = []) throws -> PcapStatsReport {
        let profile = try TsharkProtocolCounts.makeProfile(in: directory)
        let expected = try TsharkProtocolCounts.read(file, profile: profile)
        let (report, _) = try stats(file)
        #expect(report.frames == expected.frames.count, "\(file)")
        for name in TsharkProtocolCounts.countedNames where name != "malformed" {
            #expect(report.protocols[name] == expected.counts[name, default: 0], "\(file): count of \(name)")
        }
        #expect(
            report.malformedFrames.map(\.frame) == (expected.malformedFrames + tsharkLenient).sorted(),
            "\(file): ours \(report.malformedFrames.map(\.frame)), tshark's \(expected.malformedFrames)"
        )
        #expect(report.unsupportedFrames == 0, "\(file)")
        return report
    }

    @Test(.tags(.interop), .interopTier) func loopbackAndRawIPLinkTypesCountAsTsharkDoes() throws {
        try craft()
        for name in ["null.pcap", "loop.pcap"] {
            let report = try compare(path(name))
            #expect(report.protocols["ipv6"] == 3 && report.protocols["ipv4"] == 5, "\(name)")
        }
        // IPv4 on LINKTYPE_IPV6: tshark and we both call frames 4 and 6 malformed, at IPv6's version field.
        let ipv6 = try compare(path("ipv6-link.pcap"))
        #expect(ipv6.malformedFrames.map(\.reason) == ["malformed ipv6 at byte 0", "malformed ipv6 at byte 0"])
        // IPv6 on LINKTYPE_IPV4 (frames 5 and 7): malformed for us, with the place; tshark decodes them as IPv6.
        let ipv4 = try compare(path("ipv4-link.pcap"), tsharkLenient: [5, 7])
        #expect(ipv4.malformedFrames.map(\.reason) == ["malformed ipv4 at byte 0", "malformed ipv4 at byte 0"])
    }

    @Test(.tags(.interop), .interopTier) func anUndecodedLinkTypeIsUnsupportedNotMalformed() throws {
        try craft()
        let profile = try TsharkProtocolCounts.makeProfile(in: directory)
        let expected = try TsharkProtocolCounts.read(path("wifi.pcap"), profile: profile)
        let (report, standardError) = try stats(path("wifi.pcap"))
        #expect(report.frames == expected.frames.count && report.frames == 3)
        #expect(report.unsupportedFrames == 3 && report.unsupportedLinkTypes == ["linktype-105"])
        #expect(report.protocols["malformed"] == 0 && report.malformedFrames.isEmpty)
        let warnings = standardError.split(separator: "\n")
        #expect(
            warnings.count == 1 && warnings[0].hasPrefix("warning: link type linktype-105 (105) is not decoded"),
            "\(standardError)"
        )
    }

    /// `tcpdump -i any` writes LINKTYPE_LINUX_SLL2 (libpcap 1.10+); the traffic is UDP over IPv4 and
    /// IPv6 to closed ports (so ICMP and ICMPv6 errors) and a TCP connection refused, on loopback.
    @Test(.tags(.namespaceLab), .namespaceLabTier) func linuxCookedV2FromTcpdumpCountsAsTsharkDoes() throws {
        let lab = try NamespaceLab()
        defer { lab.close() }
        try lab.addNamespace("host", ipv6: true)
        let capture = path("sll2.pcap")
        // 16 packets: per address family 3 UDP datagrams and their ICMP errors, a SYN and its RST.
        let log = lab.path("tcpdump.log")
        let tcpdump = try lab.start(
            "host",
            ["tcpdump", "-n", "-U", "-i", "any", "-c", "16", "-w", capture],
            log: log
        )
        try lab.waitUntilCapturing(log: log)
        let traffic = """
            import socket
            for family, address in [(socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1")]:
                for size in (10, 300, 3000):
                    s = socket.socket(family, socket.SOCK_DGRAM); s.sendto(b"x" * size, (address, 9)); s.close()
                t = socket.socket(family, socket.SOCK_STREAM)
                try: t.connect((address, 9))
                except OSError: pass
                t.close()
            """
        try lab.run("host", ["/usr/bin/python3", "-c", traffic])
        if !tcpdump.waitForExit(timeout: 10) { tcpdump.stop(signal: SIGKILL) }
        let encapsulation = try ExternalTool.run("capinfos", ["-E", capture])
        #expect(
            encapsulation.standardOutput.contains("Linux cooked-mode capture v2"),
            "\(encapsulation.standardOutput)"
        )
        let report = try compare(capture)
        #expect(report.linkTypes == ["linux-sll2"])
        #expect(
            report.frames == 16 && report.protocols["icmp", default: 0] > 0
                && report.protocols["icmpv6", default: 0] > 0,
            "\(report.protocols)"
        )
    }
}

import Foundation
import TestSupport
import Testing

/// Decoder behaviour that tshark and Scapy can check: each case is built by
/// Scapy, tshark's view of it is asserted (so the sample is what it claims to
/// be), then `tapctl decap --read` and `tapctl pcap stats` are run on it.
@Suite(.serialized, .tags(.interop), .interopTier) final class DecoderEdgeCaseInteropTests {
    let directory: URL

    init() throws {
        directory = try ExternalTool.temporaryDirectory("vtgr-edge")
        let script = directory.appendingPathComponent("edge.py")
        try Self.script.write(to: script, atomically: true, encoding: .utf8)
        let run = try ExternalTool.run("/usr/bin/python3", [script.path, directory.path])
        #expect(run.status == 0, "scapy: \(run.standardError)")
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// tshark's `frame.protocols` and whether it found the frame malformed, per frame.
    func tshark(_ file: String) throws -> [(protocols: String, malformed: Bool)] {
        let run = try ExternalTool.run(
            "/usr/bin/tshark",
            [
                "-r", path(file), "-T", "fields", "-e", "frame.protocols",
                "-e", "_ws.malformed", "-E", "separator=|",
            ]
        )
        #expect(run.status == 0, "tshark: \(run.standardError)")
        return run.standardOutput.split(separator: "\n").map { line in
            let fields = line.split(separator: "|", omittingEmptySubsequences: false)
            return (String(fields[0]), fields.count > 1 && !fields[1].isEmpty)
        }
    }

    func decap(_ file: String) throws -> [String: Any] {
        let run = try ExternalTool.run(
            try ExternalTool.tapctl,
            ["decap", "--read", path(file), "--write", path(file + ".out.pcap"), "--json"]
        )
        #expect(run.status == 0, "decap \(file): \(run.standardError)")
        return try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
    }

    func stats(_ file: String) throws -> [String: Any] {
        let run = try ExternalTool.run(try ExternalTool.tapctl, ["pcap", "stats", path(file), "--json"])
        #expect(run.status == 0, "stats \(file): \(run.standardError)")
        return try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
    }

    func counts(_ report: [String: Any]) -> [String: Int] {
        var out: [String: Int] = [:]
        for key in ["written", "malformed", "unsupported", "notTunnel", "truncated"] {
            out[key] = report[key] as? Int ?? -1
        }
        return out
    }

    /// ERSPAN type I has no ERSPAN header (tshark: gre:erspan:eth); a destination MAC whose first
    /// nibble is 1 must not be read as an ERSPAN II version field.
    @Test func erspanTypeOneIsUnsupportedNeverTypeTwo() throws {
        let view = try tshark("erspan1.pcap")
        #expect(
            view.count == 4 && view.allSatisfy { $0.protocols.hasPrefix("eth:ethertype:ip:gre:erspan:eth") },
            "\(view)"
        )
        let report = counts(try decap("erspan1.pcap"))
        #expect(
            report == ["written": 0, "malformed": 0, "unsupported": 4, "notTunnel": 0, "truncated": 0],
            "\(report)"
        )
    }

    /// ERSPAN III frame types 1, 3, 7, 31 (tshark: gre:erspan:data, not eth) are never written as Ethernet.
    @Test func erspanThreeWithAnUnknownFrameTypeIsUnsupported() throws {
        let view = try tshark("erspan3-ft.pcap")
        #expect(view.count == 4 && view.allSatisfy { $0.protocols == "eth:ethertype:ip:gre:erspan:data" }, "\(view)")
        let report = counts(try decap("erspan3-ft.pcap"))
        #expect(
            report == ["written": 0, "malformed": 0, "unsupported": 4, "notTunnel": 0, "truncated": 0],
            "\(report)"
        )
    }

    /// PPTP (GRE version 1), keepalives (protocol 0), NHRP, WCCP and CDP are GRE but not mirror tunnels.
    @Test func greThatIsNotAMirrorTunnelIsNotATunnel() throws {
        let view = try tshark("gre-other.pcap")
        #expect(
            view.map(\.protocols) == [
                "eth:ethertype:ip:gre:ppp:lcp", "eth:ethertype:ip:gre", "eth:ethertype:ip:gre:nhrp",
                "eth:ethertype:ip:gre:ip", "eth:ethertype:ip:gre:cdp:data",
            ],
            "\(view)"
        )
        let report = counts(try decap("gre-other.pcap"))
        #expect(
            report == ["written": 0, "malformed": 0, "unsupported": 0, "notTunnel": 5, "truncated": 0],
            "\(report)"
        )
        let stats = try stats("gre-other.pcap")
        #expect((stats["protocols"] as? [String: Int])?["malformed"] == 0, "\(stats)")
    }

    /// Frames the capture's snap length cut (`editcap -s`) are truncated, never malformed: cut inside
    /// the inner frame (-s 64: the 50 bytes of outer Ethernet, IPv4, UDP and VXLAN are whole) the inner
    /// frame is written and counted truncated; cut inside the tunnel headers (-s 46) nothing is written
    /// and the packet is counted truncated.
    @Test func snapCutFramesAreTruncatedNotMalformed() throws {
        let full = counts(try decap("vxlan-full.pcap"))
        #expect(full["written"] == 5 && full["malformed"] == 0, "\(full)")
        for snap in [64, 46] {
            let cut = "vxlan-cut\(snap).pcap"
            let edit = try ExternalTool.run("/usr/bin/editcap", ["-s", "\(snap)", path("vxlan-full.pcap"), path(cut)])
            #expect(edit.status == 0, "\(edit.standardError)")
            let view = try tshark(cut)
            #expect(view.count == 5, "\(view)")
            let decap = try self.decap(cut)
            let report = counts(decap)
            if snap == 64 {
                #expect(
                    report == ["written": 5, "malformed": 0, "unsupported": 0, "notTunnel": 0, "truncated": 0],
                    "\(report)"
                )
                let sources = decap["sources"] as? [[String: Any]] ?? []
                #expect(sources.count == 1 && sources.first?["truncated"] as? Int == 5, "\(sources)")
            } else {
                #expect(
                    report == ["written": 0, "malformed": 0, "unsupported": 0, "notTunnel": 0, "truncated": 5],
                    "\(report)"
                )
            }
            let stats = try stats(cut)
            let protocols = stats["protocols"] as? [String: Int] ?? [:]
            #expect(protocols["truncated"] == 5 && protocols["malformed"] == 0, "-s \(snap): \(stats)")
        }
    }

    /// A GSO super-frame captured on the host (outer IPv4 total length 0, UDP length 0) is valid in
    /// `pcap stats` as in `decap`, and the inner frames are Scapy's. (tshark reports "Bad length
    /// value 0 < 8" for the UDP header: it does not know the offload convention.)
    @Test func aGSOVXLANSuperFrameIsValidInStatsAndDecap() throws {
        let view = try tshark("vxlan-gso.pcap")
        #expect(
            view.count == 3 && view.allSatisfy { $0.protocols == "eth:ethertype:ip:udp" && $0.malformed },
            "\(view)"
        )
        let stats = try stats("vxlan-gso.pcap")
        let protocols = stats["protocols"] as? [String: Int] ?? [:]
        #expect(protocols["malformed"] == 0 && protocols["udp"] == 3, "\(stats)")
        let report = counts(try decap("vxlan-gso.pcap"))
        #expect(
            report == ["written": 3, "malformed": 0, "unsupported": 0, "notTunnel": 0, "truncated": 0],
            "\(report)"
        )
        // The inner frames are the ones Scapy put in (Ethernet source, IP id, length).
        let inner = try ExternalTool.run(
            "/usr/bin/tshark",
            [
                "-r", path("vxlan-gso.pcap.out.pcap"), "-T", "fields",
                "-e", "eth.src", "-e", "ip.id", "-e", "frame.len",
            ]
        )
        #expect(
            inner.standardOutput
                == (0..<3).map { "52:54:00:00:00:0\($0)\t0x\(String(format: "%04x", 2000 + $0))\t3082\n" }.joined(),
            "\(inner.standardOutput)"
        )
    }

    /// IPv6 jumbograms (payload length 0 with a Hop-by-Hop Jumbo option, RFC 2675; Linux BIG TCP)
    /// are valid TCP for tshark and for us, and a port rule matches them.
    @Test func ipv6JumbogramsAreValidAndPortRulesMatchThem() throws {
        let view = try tshark("jumbo.pcap")
        #expect(
            view.count == 2
                && view.allSatisfy { $0.protocols.hasPrefix("eth:ethertype:ipv6:ipv6.hopopts:tcp") && !$0.malformed },
            "\(view)"
        )
        let stats = try stats("jumbo.pcap")
        let protocols = stats["protocols"] as? [String: Int] ?? [:]
        #expect(protocols["malformed"] == 0 && protocols["tcp"] == 2 && protocols["ipv6"] == 2, "\(stats)")
        let policy = path("jumbo.yaml")
        try """
        destinations:
          ids: {address: 192.0.2.1, encap: gre, mtu: 9000}
        rules:
          - {name: https, match: {port: 443}, send: [ids]}
        """.write(toFile: policy, atomically: true, encoding: .utf8)
        let tap = try ExternalTool.run(
            try ExternalTool.tapctl,
            [
                "tap", "--read", path("jumbo.pcap"), "--policy", policy,
                "--source", "192.0.2.9", "--write-encap", path("jumbo-out.pcap"),
            ]
        )
        #expect(tap.status == 0, "\(tap.standardError)")
        #expect(tap.standardOutput.contains("frames 2, tapped 2"), "\(tap.standardOutput)")
    }

    static let script = #"""
        import sys, os
        from scapy.all import Ether, IP, IPv6, UDP, TCP, GRE, Raw, wrpcap, IPv6ExtHdrHopByHop, Jumbo
        from scapy.layers.l2 import GRE_PPTP
        from scapy.layers.vxlan import VXLAN
        from scapy.contrib.erspan import ERSPAN_III
        out = sys.argv[1]
        def inner(i, dst="52:54:00:aa:bb:cc"):
            return Ether(src="52:54:00:00:00:%02x" % i, dst=dst) / IP(src="10.0.0.1", dst="10.0.0.2", id=2000 + i) / UDP(sport=1000 + i, dport=53) / Raw(bytes(range(40)))
        outer = lambda: Ether() / IP(src="198.18.0.1", dst="198.18.0.2")
        # ERSPAN type I: GRE 0x88BE without the S bit, the frame right after GRE (first dst nibble 1 looks like an ERSPAN II version).
        wrpcap(os.path.join(out, "erspan1.pcap"), [outer() / GRE(proto=0x88BE) / inner(i, dst="10:22:33:44:55:%02x" % i) for i in range(4)])
        # ERSPAN III with frame types other than Ethernet (0) and IP (2).
        wrpcap(os.path.join(out, "erspan3-ft.pcap"), [outer() / GRE(proto=0x22EB, seqnum_present=1, sequence_number=i) / ERSPAN_III(ver=2, session_id=9, ft=ft, gra=1) / inner(i) for i, ft in enumerate([1, 3, 7, 31])])
        # GRE that is not a mirror tunnel: PPTP (version 1), keepalive (0), NHRP, WCCP, CDP.
        wrpcap(os.path.join(out, "gre-other.pcap"), [
            outer() / GRE_PPTP(seqnum_present=1, key_present=1, call_id=7, sequence_number=1, proto=0x880B) / Raw(b"\xff\x03\xc0\x21" + bytes(16)),
            outer() / GRE(proto=0x0000),
            outer() / GRE(proto=0x2001) / Raw(bytes(20)),
            outer() / GRE(proto=0x883E) / Raw(bytes(24)),
            outer() / GRE(proto=0x2000) / Raw(bytes(20)),
        ])
        # VXLAN frames the capture's snap length will cut (editcap -s 64 runs on this one).
        wrpcap(os.path.join(out, "vxlan-full.pcap"), [outer() / UDP(sport=50000 + i, dport=4789) / VXLAN(vni=42, flags=0x08) / inner(i) for i in range(5)])
        # A GSO VXLAN super-frame: outer IPv4 total length 0 and UDP length 0 (a host capture of an offloaded send).
        gso = []
        for i in range(3):
            p = outer() / UDP(sport=50000 + i, dport=4789) / VXLAN(vni=43, flags=0x08) / inner(i) / Raw(bytes(3000))
            p[IP].len = 0; p[UDP].len = 0; p[UDP].chksum = 0
            gso.append(Ether(bytes(p)))
        wrpcap(os.path.join(out, "vxlan-gso.pcap"), gso)
        # IPv6 jumbograms (RFC 2675; Linux BIG TCP): payload length 0, Hop-by-Hop Jumbo option, TCP to port 443.
        jumbo = []
        for i in range(2):
            body = TCP(sport=40000 + i, dport=443, flags="A", seq=1) / Raw(bytes(70000))
            hbh = IPv6ExtHdrHopByHop(options=[Jumbo(jumboplen=8 + len(bytes(body)))])
            p = Ether() / IPv6(src="2001:db8::10", dst="2001:db8::20", plen=0, nh=0) / hbh / body
            jumbo.append(p)
        wrpcap(os.path.join(out, "jumbo.pcap"), jumbo)
        """#
}

import Foundation

/// A generated capture and what its flows must add up to, computed by tshark
/// (an independent decoder, defragmentation off) and a few lines of Python
/// applying the documented flow rules: key = 5-tuple + VLAN, ICMP type/code
/// as destination port, a TCP FIN or RST ends a flow (timeouts are set far
/// beyond the capture's length in these tests).
struct CaptureGroundTruth: Decodable {
    struct Totals: Decodable, Equatable {
        var flows: UInt64
        var packets: UInt64
        var bytes: UInt64
    }
    /// Per IP protocol number (as a decimal string).
    var protocols: [String: Totals]
    var firstMilliseconds: Int64
    var lastMilliseconds: Int64
    /// IPv6 flows (what a v5 exporter must skip).
    var ipv6Flows: UInt64

    static let script = #"""
        import sys, subprocess, json, collections
        cap, ipv4only = sys.argv[1], sys.argv[2] == "1"
        fields = ["frame.time_epoch", "ip.proto", "ip.len", "ip.src", "ip.dst", "ipv6.nxt", "ipv6.plen", "ipv6.src",
                  "ipv6.dst", "ipv6.fraghdr.nxt", "tcp.srcport", "tcp.dstport", "tcp.flags", "udp.srcport", "udp.dstport",
                  "icmp.type", "icmp.code", "icmpv6.type", "icmpv6.code", "vlan.id"]
        cmd = ["tshark", "-r", cap, "-n", "-o", "ip.defragment:FALSE", "-o", "ipv6.defragment:FALSE", "-T", "fields",
               "-E", "separator=\t", "-E", "occurrence=f"]
        for f in fields: cmd += ["-e", f]
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        def num(s, base=10): return int(s, base) if s else 0
        live = set(); prot = collections.defaultdict(lambda: [0, 0, 0]); first = None; last = None; v6flows = 0
        for line in out.splitlines():
            (t, ipp, iplen, isrc, idst, nxt, plen, s6, d6, fnxt, tsp, tdp, tfl, usp, udp_, it, ic, i6t, i6c, vlan) = line.split("\t")
            if ipp:
                version, proto, nbytes, src, dst = 4, num(ipp), num(iplen), isrc, idst
            elif nxt:
                version, proto, nbytes, src, dst = 6, num(fnxt) if fnxt else num(nxt), num(plen) + 40, s6, d6
            else:
                continue
            if ipv4only and version == 6: continue
            sp = dp = 0
            if proto == 6 and tsp: sp, dp = num(tsp), num(tdp)
            elif proto == 17 and usp: sp, dp = num(usp), num(udp_)
            elif proto == 1 and it: dp = num(it) * 256 + num(ic)
            elif proto == 58 and i6t: dp = num(i6t) * 256 + num(i6c)
            sec, frac = t.split(".")
            ms = int(sec) * 1000 + int((frac + "000")[:3])
            first = ms if first is None else min(first, ms); last = ms if last is None else max(last, ms)
            key = (version, src, dst, sp, dp, proto, num(vlan))
            p = prot[str(proto)]
            if key not in live:
                live.add(key); p[0] += 1
                if version == 6: v6flows += 1
            p[1] += 1; p[2] += nbytes
            if proto == 6 and tfl and num(tfl, 16) & 0x05: live.discard(key)
        print(json.dumps({"protocols": {k: {"flows": v[0], "packets": v[1], "bytes": v[2]} for k, v in prot.items()},
                          "firstMilliseconds": first, "lastMilliseconds": last, "ipv6Flows": v6flows}))
        """#

    static func compute(capture: String, ipv4Only: Bool) throws -> CaptureGroundTruth {
        let out = try PeerTools.run("python3", ["-c", script, capture, ipv4Only ? "1" : "0"])
        guard out.status == 0 else { throw PeerError("ground truth failed: \(out.stderr)") }
        return try JSONDecoder().decode(CaptureGroundTruth.self, from: Data(out.stdout.utf8))
    }
}

/// The capture every interop test reads: 20,000 frames of the shared
/// generator (IPv4 and IPv6, VLANs, TCP/UDP/ICMP, fragments), made once.
struct InteropCapture: Sendable {
    let path: String
    let directory: String

    static let shared: Result<InteropCapture, PeerError> = {
        do {
            let directory = try PeerTools.temporaryDirectory("capture")
            let path = directory + "/interop.pcap"
            let out = try PeerTools.run(
                "python3",
                [
                    try PeerTools.generator(), "--packets", "20000", "--flows", "600", "--seed", "7", "--ipv6-fraction",
                    "0.3",
                    "--vlan-fraction", "0.2", "--out", path,
                ]
            )
            guard out.status == 0 else { return .failure(PeerError("gen_pcap.py failed: \(out.stderr)")) }
            return .success(InteropCapture(path: path, directory: directory))
        } catch {
            return .failure(PeerError("\(error)"))
        }
    }()

    static func get() throws -> InteropCapture { try shared.get() }
}

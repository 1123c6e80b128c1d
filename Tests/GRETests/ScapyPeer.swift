import Foundation
import TestSupport

/// Debian's python3-scapy (run with /usr/bin/python3, not the default python3)
/// as an independent GRE / ERSPAN / VXLAN / Geneve implementation.
enum ScapyPeer {
    static let python = "/usr/bin/python3"

    /// Hands `request` (JSON, in a file) to the script below and returns its JSON answer.
    static func call(_ request: [String: Any]) throws -> [String: Any] {
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("vtgr-scapy-\(UUID().uuidString).py")
        try Self.script.write(to: script, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: script) }
        let input = FileManager.default.temporaryDirectory.appendingPathComponent(
            "vtgr-scapy-\(UUID().uuidString).json"
        )
        try JSONSerialization.data(withJSONObject: request).write(to: input)
        defer { try? FileManager.default.removeItem(at: input) }
        let output = try ExternalTool.run(python, [script.path, input.path])
        guard output.status == 0, let data = output.standardOutput.data(using: .utf8),
            let answer = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        else {
            throw PeerFailed(message: "scapy exited \(output.status): \(output.standardError.suffix(2000))")
        }
        return answer
    }

    struct PeerFailed: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    static let script = #"""
        import json, sys
        from scapy.all import IP, IPv6, UDP, GRE, Raw, bind_layers, checksum
        from scapy.layers.vxlan import VXLAN
        from scapy.contrib.erspan import ERSPAN_II, ERSPAN_III
        from scapy.contrib.geneve import GENEVE, GeneveOptions
        bind_layers(UDP, GRE, dport=4754)

        def build(c):
            inner = Raw(bytes.fromhex(c["inner"]))
            ip = IPv6(src=c["src"], dst=c["dst"], hlim=c["ttl"], tc=c["dscp"] << 2) if ":" in c["src"] \
                else IP(src=c["src"], dst=c["dst"], ttl=c["ttl"], tos=c["dscp"] << 2, id=c.get("id", 1), flags=0)
            kind = c["kind"]
            def gre(proto):
                g = GRE(proto=proto)
                if c.get("csum"): g.chksum_present = 1
                if c.get("key") is not None: g.key_present = 1; g.key = c["key"]
                if c.get("seq") is not None: g.seqnum_present = 1; g.sequence_number = c["seq"]
                return g
            if kind == "gre":
                p = ip / gre(0x6558) / inner
            elif kind == "gre-udp":
                p = ip / UDP(sport=c["sport"], dport=4754) / gre(0x6558) / inner
            elif kind == "erspan2":
                p = ip / gre(0x88be) / ERSPAN_II(ver=1, session_id=c["session"], index=c["index"], t=c["t"]) / inner
            elif kind == "erspan3":
                p = ip / gre(0x22eb) / ERSPAN_III(ver=2, session_id=c["session"], t=c["t"], timestamp=c["timestamp"],
                                                  hw=c["hw"], gra=1) / inner
            elif kind == "vxlan":
                p = ip / UDP(sport=c["sport"], dport=4789) / VXLAN(vni=c["vni"], flags=0x08) / inner
            elif kind == "geneve":
                # options: [[class, type, data hex], ...]; the C flag is set when an option's type has its critical bit.
                options = [GeneveOptions(classid=o[0], type=o[1], data=bytes.fromhex(o[2])) for o in c.get("options", [])]
                critical = 1 if any(o[1] & 0x80 for o in c.get("options", [])) else 0
                p = ip / UDP(sport=c["sport"], dport=c.get("dport", 6081)) / GENEVE(vni=c["vni"], proto=c.get("proto", 0x6558),
                                                                           options=options, critical=critical,
                                                                           oam=c.get("oam", 0)) / inner
            return bytes(p).hex()

        def parse(h):
            b = bytes.fromhex(h)
            p = IPv6(b) if b[0] >> 4 == 6 else IP(b)
            r = {"src": p.src, "dst": p.dst}
            outer_udp = p.payload if isinstance(p.payload, UDP) else None
            if isinstance(p, IP):
                r["ttl"] = p[IP].ttl; r["dscp"] = p[IP].tos >> 2
                r["ip_checksum_ok"] = checksum(bytes(p[IP])[: p[IP].ihl * 4]) == 0
                r["ip_len"] = p[IP].len
            else:
                r["ttl"] = p[IPv6].hlim; r["dscp"] = p[IPv6].tc >> 2
                r["ip_len"] = p[IPv6].plen + 40
            if outer_udp is not None:
                u = outer_udp
                r["sport"] = u.sport; r["dport"] = u.dport; r["udp_len"] = u.len
                if u.chksum:
                    again = p.__class__(bytes(p)); again.payload.chksum = None
                    r["udp_checksum_ok"] = p.__class__(bytes(again)).payload.chksum == u.chksum
            if GRE in p:
                g = p[GRE]
                r["gre_proto"] = g.proto; r["gre_version"] = g.version
                r["key"] = g.key if g.key_present else None
                r["seq"] = g.sequence_number if g.seqnum_present else None
                r["csum"] = bool(g.chksum_present)
                if g.chksum_present:
                    r["gre_checksum_ok"] = checksum(bytes(g)) == 0
                payload = g.payload
            if ERSPAN_II in p:
                e = p[ERSPAN_II]
                r.update(kind="erspan2", ver=e.ver, session=e.session_id, index=e.index, t=e.t, vlan=e.vlan)
                payload = e.payload
            elif ERSPAN_III in p:
                e = p[ERSPAN_III]
                r.update(kind="erspan3", ver=e.ver, session=e.session_id, t=e.t, timestamp=e.timestamp, hw=e.hw,
                         gra=e.gra, o=e.o)
                payload = e.payload
            elif outer_udp is not None and outer_udp.dport == 6081:
                g = GENEVE(bytes(outer_udp.payload))
                r.update(kind="geneve", vni=g.vni, geneve_proto=g.proto, geneve_version=g.version,
                         geneve_options=g.optionlen)
                payload = g.payload
            elif VXLAN in p:
                r.update(kind="vxlan", vni=p[VXLAN].vni, vxlan_flags=int(p[VXLAN].flags))
                payload = p[VXLAN].payload
            elif GRE in p:
                r["kind"] = "gre-udp" if outer_udp is not None else "gre"
            r["inner"] = bytes(payload).hex()
            return r

        request = json.load(open(sys.argv[1]))
        if request["mode"] == "build":
            print(json.dumps({"packets": [build(c) for c in request["cases"]]}))
        else:
            print(json.dumps({"packets": [parse(h) for h in request["packets"]]}))
        """#
}

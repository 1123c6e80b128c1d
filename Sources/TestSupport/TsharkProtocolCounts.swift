import Foundation

/// tshark's view of a capture, reduced to the counts `tapctl pcap stats`
/// reports, following the definitions in Docs/PacketCore.md ("Counts").
///
/// tshark runs with IPv4/IPv6 reassembly off (each frame is judged alone, as
/// our decoder does) and with every dissector above the transport layer
/// disabled (a private `disabled_protos` profile), so that an application
/// dissector's complaint about a payload we never parse cannot count as
/// malformed. Per frame:
/// - the layer chain is read from `frame.protocols`: `eth` (or a Linux cooked
///   `sll` or BSD loopback `null` header, which count as no protocol), then any number of
///   `ethertype:vlan` or `ethertype:ieee8021ad` (802.1ad S-tag), then the network layer `ip` (counted as ipv4 only when
///   `ip.version` is 4), `ipv6` (when `ipv6.version` is 6) or `arp`, then IPv6
///   extension headers, then `tcp`, `udp`, `icmp` or `icmpv6` directly after
///   them. Protocols further in (the packet an ICMP error quotes, tunnels)
///   are not counted;
/// - a network header whose length exceeds the frame (`ip.bogus_ip_length`,
///   `ipv6.plen_exceeds_framing`) ends the chain: we stop decoding there while
///   tshark decodes on from the bytes present;
/// - fragments: the outer IPv4 header has MF set or a non-zero offset, or an
///   IPv6 fragment header is in the chain;
/// - malformed: `_ws.malformed`, an expert info of severity error, or
///   `ipv6.plen_exceeds_framing` (tshark only warns there; for the same lie in
///   IPv4 it reports an error, and so do we for both).
public struct TsharkProtocolCounts: Equatable, CustomStringConvertible {
    /// Frames per counted name (see ``countedNames``); a name with no frame is absent.
    public var counts: [String: Int] = [:]
    /// 1-based numbers of the frames counted as malformed.
    public var malformedFrames: [Int] = []
    /// The counted layer names of each frame, in frame order.
    public var frames: [Set<String>] = []

    /// The names counted, in the order ``description`` prints them (the order of `tapctl pcap stats`).
    public static let countedNames = [
        "ethernet", "vlan", "arp", "ipv4", "ipv6", "tcp", "udp", "icmp", "icmpv6", "fragments", "malformed",
    ]

    /// `name=count` for every counted name, zeros included, separated by spaces.
    public var description: String {
        Self.countedNames.map { "\($0)=\(counts[$0] ?? 0)" }.joined(separator: " ")
    }

    /// Runs tshark on `path`. `profile` is a directory prepared by `makeProfile`.
    public static func read(_ path: String, profile: URL, extraOptions: [String] = []) throws -> TsharkProtocolCounts {
        let fields = [
            "frame.number", "frame.protocols", "_ws.malformed", "_ws.expert.severity", "ip.flags.mf", "ip.frag_offset",
            "ip.version", "ipv6.version", "ip.bogus_ip_length", "ipv6.plen_exceeds_framing",
        ]
        let arguments =
            [
                "-n", "-r", path, "-o", "ip.defragment:FALSE", "-o", "ipv6.defragment:FALSE", "-T", "fields",
                "-E", "separator=/t",
            ] + extraOptions + fields.flatMap { ["-e", $0] }
        let result = try ExternalTool.run("tshark", arguments, environment: ["WIRESHARK_CONFIG_DIR": profile.path])
        guard result.status == 0 else {
            throw ToolMissing(description: "tshark failed (\(result.status)): \(result.standardError)")
        }
        var total = TsharkProtocolCounts()
        for line in result.standardOutput.split(separator: "\n") {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count == fields.count, let number = Int(f[0]) else { continue }
            let layers = frameLayers(f)
            total.frames.append(layers)
            for layer in layers { total.counts[layer, default: 0] += 1 }
            if layers.contains("malformed") { total.malformedFrames.append(number) }
        }
        return total
    }

    private static func first(_ field: String) -> String {
        String(field.split(separator: ",", omittingEmptySubsequences: false).first ?? "")
    }

    private static func frameLayers(_ f: [String]) -> Set<String> {
        let tokens = f[1].split(separator: ":").map(String.init)
        let lies = !f[8].isEmpty || !f[9].isEmpty
        var layers: Set<String> = []
        var i = 0
        if i < tokens.count && tokens[i] == "eth" {
            layers.insert("ethernet")
            i += 1
        } else if i < tokens.count && ["sll", "null"].contains(tokens[i]) {
            i += 1
        }
        while i + 1 < tokens.count && tokens[i] == "ethertype" && ["vlan", "ieee8021ad"].contains(tokens[i + 1]) {
            layers.insert("vlan")
            i += 2
        }
        if i < tokens.count && tokens[i] == "ethertype" { i += 1 }
        let network = i < tokens.count ? tokens[i] : ""
        switch network {
        case "arp":
            layers.insert("arp")
        case "ip":
            if first(f[6]) == "4" { layers.insert("ipv4") }
            if first(f[4]) == "1" || !["", "0"].contains(first(f[5])) { layers.insert("fragments") }
        case "ipv6":
            if first(f[7]) == "6" { layers.insert("ipv6") }
        default:
            break
        }
        if (network == "ip" || network == "ipv6") && !lies {
            i += 1
            while i < tokens.count && tokens[i].hasPrefix("ipv6.") {
                if tokens[i] == "ipv6.fraghdr" { layers.insert("fragments") }
                i += 1
            }
            if i < tokens.count && ["tcp", "udp", "icmp", "icmpv6"].contains(tokens[i]) { layers.insert(tokens[i]) }
        }
        let severities = f[3].split(separator: ",")
        if !f[2].isEmpty || severities.contains("8388608") || !f[9].isEmpty { layers.insert("malformed") }
        return layers
    }

    /// A Wireshark configuration directory that disables every dissector
    /// except frame, eth, sll, null, vlan, ieee8021ad, arp, ip, ipv6 (and its extension headers),
    /// tcp, udp, icmp, icmpv6 and data.
    public static func makeProfile(in directory: URL) throws -> URL {
        let result = try ExternalTool.run("tshark", ["-G", "protocols"])
        guard result.status == 0 else { throw ToolMissing(description: "tshark -G protocols failed") }
        let kept: Set<String> = [
            "frame", "eth", "sll", "null", "ethertype", "vlan", "ieee8021ad", "arp", "ip", "ipv6", "tcp", "udp", "icmp",
            "icmpv6", "data",
        ]
        var disabled: [String] = []
        for line in result.standardOutput.split(separator: "\n") {
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard columns.count >= 3 else { continue }
            let name = String(columns[2])
            if kept.contains(name) || name.hasPrefix("_ws") || name.hasPrefix("ipv6.") { continue }
            disabled.append(name)
        }
        let profile = directory.appendingPathComponent("wireshark")
        try FileManager.default.createDirectory(at: profile, withIntermediateDirectories: true)
        try disabled.joined(separator: "\n").write(
            to: profile.appendingPathComponent("disabled_protos"),
            atomically: true,
            encoding: .utf8
        )
        return profile
    }
}

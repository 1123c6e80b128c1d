import NetworkTypes
import Policy
import TapVocabulary

/// The libpcap filter that keeps the agent's own traffic out of its capture: the tunnels to every
/// destination and the flow export to the collector. Applied in the kernel, before any copy.
/// (The policy also refuses own-tunnel packets; this makes sure they never cost a capture.)
///
/// `excludingSource`: for the capture of what a VM receives, its own MAC: the frames it transmits
/// are left in the kernel instead of being copied into that capture's ring and dropped there.
/// (Direction itself is chosen with `pcap_setdirection`: on Linux the `inbound`/`outbound`
/// primitives lose the packets of the ring's first block, which libpcap filters in user space.)
public enum OwnTrafficFilter {
    /// The pcap-filter expression that excludes, for every destination, GRE (or, for the UDP kinds, UDP on the tunnel's
    /// port) to or from its address; UDP on the collector's port to or from `collector`; and, with `excludingSource`,
    /// frames sent by that MAC. An empty string when there is nothing to exclude.
    public static func expression(
        destinations: [TunnelDestination],
        collector: (address: IPAddress, port: UInt16)?,
        excludingSource: MACAddress? = nil
    ) -> String {
        var exclusions: [String] = []
        for destination in destinations {
            let tunnel = TunnelSignature(of: destination)
            let host = hostTerm(tunnel.address)
            if tunnel.usesGRE {
                exclusions.append("(\(ipVersion(tunnel.address)) proto 47 and \(host))")
            } else {
                exclusions.append("(udp and \(host) and port \(tunnel.udpPort))")
            }
        }
        if let collector { exclusions.append("(udp and \(hostTerm(collector.address)) and port \(collector.port))") }
        var terms: [String] = []
        if let excludingSource { terms.append("not ether src \(excludingSource)") }
        if !exclusions.isEmpty { terms.append("not (" + exclusions.joined(separator: " or ") + ")") }
        return terms.joined(separator: " and ")
    }

    private static func hostTerm(_ address: IPAddress) -> String { "host \(address)" }
    private static func ipVersion(_ address: IPAddress) -> String {
        if case .v6 = address { return "ip6" }
        return "ip"
    }
}

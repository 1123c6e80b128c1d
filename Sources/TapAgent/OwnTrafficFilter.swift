import NetworkTypes
import Policy

/// The libpcap filter that keeps the agent's own traffic out of its capture: the tunnels to every
/// destination and the flow export to the collector. Applied in the kernel, before any copy.
/// (The policy also refuses own-tunnel packets; this makes sure they never cost a capture.)
public enum OwnTrafficFilter {
    public static func expression(
        direction: CaptureDirection?, destinations: [Destination], collector: (address: IPAddress, port: UInt16)?
    ) -> String {
        var exclusions: [String] = []
        for destination in destinations {
            let host = hostTerm(destination.address)
            if destination.encapsulation.usesGRE {
                exclusions.append("(\(ipVersion(destination.address)) proto 47 and \(host))")
            } else {
                exclusions.append("(udp and \(host) and port \(destination.udpPort))")
            }
        }
        if let collector { exclusions.append("(udp and \(hostTerm(collector.address)) and port \(collector.port))") }
        var terms: [String] = []
        if let direction { terms.append(direction.filterPrimitive) }
        if !exclusions.isEmpty { terms.append("not (" + exclusions.joined(separator: " or ") + ")") }
        return terms.joined(separator: " and ")
    }

    private static func hostTerm(_ address: IPAddress) -> String { "host \(address)" }
    private static func ipVersion(_ address: IPAddress) -> String {
        if case .v6 = address { return "ip6" }
        return "ip"
    }
}

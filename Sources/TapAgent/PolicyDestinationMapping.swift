import GRE
import NetworkTypes
import Policy
import TunnelTransport

/// Turns a policy's destinations into the sender's tunnel destinations (encapsulation, key, session,
/// VNI, MTU, snap length, TTL/DSCP, rate caps).
public enum PolicyDestinationMapping {
    public static func tunnelDestination(_ destination: Destination, defaultSource: IPAddress? = nil) -> TunnelDestination {
        let encapsulation: TunnelEncapsulation
        switch destination.encapsulation {
        case .gre: encapsulation = .gre(key: destination.greKey, sequence: destination.sequenceNumbers)
        case .erspan2: encapsulation = .erspanType2(sessionID: destination.erspanSession)
        case .erspan3: encapsulation = .erspanType3(sessionID: destination.erspanSession)
        case .vxlan: encapsulation = .vxlan(vni: destination.vni, port: destination.udpPort)
        }
        let ipv6: Bool = if case .v6 = destination.address { true } else { false }
        let unspecified: IPAddress = ipv6 ? .v6(IPv6Address(rawValue: 0)) : .v4(IPv4Address(rawValue: 0))
        var source = destination.source ?? defaultSource ?? unspecified
        if case .v6 = source, !ipv6 { source = unspecified }
        if case .v4 = source, ipv6 { source = unspecified }
        let endpoint = GRE.TunnelEndpoint(
            source: source, destination: destination.address, encapsulation: encapsulation,
            timeToLive: destination.ttl ?? 64, dscp: destination.dscp ?? 0, mtu: destination.pathMTU ?? 1500,
            oversize: .truncate, snapLength: destination.truncateLength)
        return TunnelDestination(
            name: destination.name, endpoint: endpoint, bitsPerSecondCap: destination.maximumBitsPerSecond,
            framesPerSecondCap: destination.maximumPacketsPerSecond)
    }
}

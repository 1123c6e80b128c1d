import GRE
import NetworkTypes
import Policy
import TunnelTransport

/// Turns a policy's destinations into tunnel destinations (same order, so a
/// policy decision's destination indices address the output directly).
public enum TapDestinations {
    /// - Parameters:
    ///   - source: outer source address for destinations whose policy entry has
    ///     none, per IP version (default: the unspecified address).
    ///   - oversize: what to do with frames over a destination's path MTU.
    public static func make(
        from policy: CompiledPolicy, source: IPAddress? = nil, source6: IPAddress? = nil,
        oversize: OversizePolicy = .truncate
    ) -> [TunnelDestination] {
        policy.destinations.map { destination in
            let ipv6: Bool = if case .v6 = destination.address { true } else { false }
            let fallback: IPAddress = ipv6 ? (source6 ?? .v6(IPv6Address(rawValue: 0))) : (source ?? .v4(IPv4Address(rawValue: 0)))
            var outerSource = destination.source ?? fallback
            switch (outerSource, destination.address) {
            case (.v4, .v4), (.v6, .v6): break
            default: outerSource = ipv6 ? .v6(IPv6Address(rawValue: 0)) : .v4(IPv4Address(rawValue: 0))
            }
            let encapsulation: TunnelEncapsulation = switch destination.encapsulation {
            case .gre: .gre(key: destination.greKey, sequence: destination.sequenceNumbers)
            case .erspan2: .erspanType2(sessionID: destination.erspanSession)
            case .erspan3: .erspanType3(sessionID: destination.erspanSession)
            case .vxlan: .vxlan(vni: destination.vni, port: destination.udpPort)
            }
            let endpoint = GRE.TunnelEndpoint(
                source: outerSource, destination: destination.address, encapsulation: encapsulation,
                timeToLive: destination.ttl ?? 64, dscp: destination.dscp ?? 0, mtu: destination.pathMTU ?? 1500,
                oversize: oversize, snapLength: destination.truncateLength)
            return TunnelDestination(name: destination.name, endpoint: endpoint,
                                     bitsPerSecondCap: destination.maximumBitsPerSecond,
                                     framesPerSecondCap: destination.maximumPacketsPerSecond)
        }
    }
}

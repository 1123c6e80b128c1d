import NetworkTypes
import Policy
import TapVocabulary

/// A policy's destinations made ready to send to (same order, so a policy
/// decision's destination indices address the output directly).
public enum TapDestinations {
    /// - Parameters:
    ///   - source: outer source address for IPv4 destinations whose policy entry
    ///     has none (default: the unspecified address); `source6` for IPv6 ones.
    ///   - oversize: what to do with frames over a destination's path MTU.
    public static func make(
        from policy: CompiledPolicy, source: IPAddress? = nil, source6: IPAddress? = nil,
        oversize: OversizePolicy = .truncate
    ) -> [TunnelDestination] {
        policy.destinations.map { destination in
            var ready = destination
            if ready.source == nil { ready.source = ready.isIPv6 ? source6 : source }
            ready.oversize = oversize
            return ready
        }
    }
}

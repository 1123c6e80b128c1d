import NetworkTypes
import Policy
import TapVocabulary

/// A policy's destinations made ready to send to (same order, so a policy
/// decision's destination indices address the output directly).
public enum TapDestinations {
    /// - Parameters:
    ///   - source: outer source address for IPv4 destinations whose policy entry
    ///     has none (default: the unspecified address); `source6` for IPv6 ones.
    ///   - oversize: what to do with frames over a destination's path MTU; nil
    ///     keeps each destination's own (`OversizePolicy.default(for:)` unless set).
    public static func make(
        from policy: CompiledPolicy,
        source: IPAddress? = nil,
        source6: IPAddress? = nil,
        oversize: OversizePolicy? = nil
    ) -> [TunnelDestination] {
        policy.destinations.map { destination in
            var ready = destination
            if ready.source == nil { ready.source = ready.isIPv6 ? source6 : source }
            if let oversize { ready.oversize = oversize }
            return ready
        }
    }
}

import NetworkTypes
import PacketCore

/// Recognises the tap's own tunnel traffic so that it is never tapped again.
///
/// A handful of tunnels is checked linearly, and only for GRE and UDP packets;
/// nothing allocates.
public struct TunnelGuard: Hashable, Sendable {
    /// The tunnels recognised, one per destination (duplicates allowed).
    public let signatures: [TunnelSignature]
    @usableFromInline let hasGRE: Bool
    @usableFromInline let hasUDP: Bool

    /// A guard recognising the packets of `signatures`.
    public init(signatures: [TunnelSignature]) {
        self.signatures = signatures
        hasGRE = signatures.contains { $0.usesGRE }
        hasUDP = signatures.contains { !$0.usesGRE }
    }

    /// True when `packet` travels in one of the tunnels (GRE to or from an endpoint's
    /// address, or UDP to or from its address on its port).
    @inlinable @inline(__always)
    public func covers(_ packet: borrowing DecodedPacket) -> Bool {
        guard packet.ipVersion != 0 else { return false }
        // The fields are read into locals: `&&` / `||` operands are closures, which cannot capture `packet`.
        let source = packet.sourceAddress
        let destination = packet.destinationAddress
        if packet.ipProtocol == IPProtocolNumber.gre {
            guard hasGRE else { return false }
            var index = 0  // an index loop: a for-in iterator allocates in unoptimised builds
            while index < signatures.count {
                let endpoint = signatures[index]
                if endpoint.usesGRE
                    && (endpoint.address == source || endpoint.address == destination)
                {
                    return true
                }
                index += 1
            }
            return false
        }
        guard hasUDP, packet.layers.contains(.udp) else { return false }
        let sourcePort = packet.sourcePort
        let destinationPort = packet.destinationPort
        var index = 0
        while index < signatures.count {
            let endpoint = signatures[index]
            if !endpoint.usesGRE
                && ((endpoint.udpPort == destinationPort && endpoint.address == destination)
                    || (endpoint.udpPort == sourcePort && endpoint.address == source))
            {
                return true
            }
            index += 1
        }
        return false
    }
}

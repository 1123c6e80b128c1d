/// The outcome of `TunnelDecoder.decode` when it does not throw.
public enum TunnelDecodeStatus: Hashable, Sendable {
    /// A whole tunnel packet: the inner frame is at `innerRange`.
    case decapsulated
    /// An outer IP fragment: hand it to a `FragmentReassembler`.
    case fragment
    /// Well-formed traffic that is not one of our tunnels (other protocols or
    /// ports, GRE that is not a mirror tunnel: PPTP, keepalives, NHRP, WCCP, CDP).
    case notTunnel
    /// The capture's snap length cut the frame before its tunnel headers ended:
    /// nothing to deliver, and nothing wrong with the packet.
    case truncated
}

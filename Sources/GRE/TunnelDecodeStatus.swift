/// The outcome of `TunnelDecoder.decode` when it does not throw.
public enum TunnelDecodeStatus: Hashable, Sendable {
    /// A whole tunnel packet: the inner frame is at `innerRange`.
    case decapsulated
    /// An outer IP fragment: hand it to a `FragmentReassembler`.
    case fragment
    /// Well-formed traffic that is not one of our tunnels (other protocols or ports).
    case notTunnel
}

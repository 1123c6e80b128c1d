/// What to do with a frame whose encapsulated packet exceeds the path MTU.
/// Neither choice loses a frame silently: both are counted per destination.
public enum OversizePolicy: String, Hashable, Sendable, CaseIterable, Codable {
    /// Cut the inner frame so the outer packet fits; ERSPAN sets its T bit, and
    /// the encoder's result and the sender's `truncated` counter say so.
    case truncate
    /// Send the whole frame in outer IP fragments, reassembled by the receiver.
    case fragment

    /// The choice that never cuts payload silently: `.truncate` for ERSPAN (its
    /// T bit tells the receiver), `.fragment` for GRE, VXLAN, GRE-in-UDP and
    /// Geneve, which have no way to say a frame was cut (the receivers' kernels
    /// reassemble the outer fragments).
    public static func `default`(for encapsulation: TunnelEncapsulation) -> OversizePolicy {
        encapsulation.canFlagTruncation ? .truncate : .fragment
    }
}

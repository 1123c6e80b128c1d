import CPcap

/// Which packets a live capture sees, relative to the interface (`pcap_setdirection`).
public enum LibpcapDirection: Hashable, Sendable {
    /// Packets received and sent (the default).
    case both
    /// Only packets the interface received.
    case received
    /// Only packets the interface sent.
    case sent

    var raw: pcap_direction_t {
        switch self {
        case .both: PCAP_D_INOUT
        case .received: PCAP_D_IN
        case .sent: PCAP_D_OUT
        }
    }
}

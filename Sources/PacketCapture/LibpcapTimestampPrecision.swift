/// Timestamp resolution of a capture handle.
public enum LibpcapTimestampPrecision: Int32, Hashable, Sendable {
    /// `PCAP_TSTAMP_PRECISION_MICRO`
    case microsecond = 0
    /// `PCAP_TSTAMP_PRECISION_NANO`
    case nanosecond = 1
}

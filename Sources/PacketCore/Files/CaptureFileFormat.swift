/// The container format of a capture file.
public enum CaptureFileFormat: Hashable, Sendable, CustomStringConvertible {
    /// Classic libpcap: timestamps in micro- or nanoseconds, either byte order.
    case pcap(nanosecond: Bool, bigEndian: Bool)
    /// pcapng (sections, interfaces, enhanced/simple packet blocks).
    case pcapng

    /// `pcap`, `pcap (nanosecond)` or `pcapng`.
    public var description: String {
        switch self {
        case .pcap(let ns, _): ns ? "pcap (nanosecond)" : "pcap"
        case .pcapng: "pcapng"
        }
    }
}

import CPcap

/// A non-fatal condition `pcap_activate` reported (the handle works).
public struct LibpcapWarning: Hashable, Sendable, CustomStringConvertible {
    public struct Code: RawRepresentable, Hashable, Sendable {
        public let rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }
        /// `PCAP_WARNING`: see the message.
        public static let generic = Code(rawValue: PCAP_WARNING)
        /// `PCAP_WARNING_PROMISC_NOTSUP`: promiscuous mode was asked for but is not supported.
        public static let promiscuousNotSupported = Code(rawValue: PCAP_WARNING_PROMISC_NOTSUP)
        /// `PCAP_WARNING_TSTAMP_TYPE_NOTSUP`: the timestamp type asked for is not supported.
        public static let timestampTypeNotSupported = Code(rawValue: PCAP_WARNING_TSTAMP_TYPE_NOTSUP)
    }

    public var code: Code
    public var message: String
    public var description: String { message }
}

import CPcap

/// A non-fatal condition `pcap_activate` reported (the handle works).
public struct LibpcapWarning: Hashable, Sendable, CustomStringConvertible {
    /// libpcap's positive `PCAP_WARNING_*` status from `pcap_activate`.
    public struct Code: RawRepresentable, Hashable, Sendable {
        /// The status `pcap_activate` returned (greater than 0).
        public let rawValue: Int32
        /// The code for status `rawValue`; any value is accepted.
        public init(rawValue: Int32) { self.rawValue = rawValue }
        /// `PCAP_WARNING`: see the message.
        public static let generic = Code(rawValue: PCAP_WARNING)
        /// `PCAP_WARNING_PROMISC_NOTSUP`: promiscuous mode was asked for but is not supported.
        public static let promiscuousNotSupported = Code(rawValue: PCAP_WARNING_PROMISC_NOTSUP)
        /// `PCAP_WARNING_TSTAMP_TYPE_NOTSUP`: the timestamp type asked for is not supported.
        public static let timestampTypeNotSupported = Code(rawValue: PCAP_WARNING_TSTAMP_TYPE_NOTSUP)
    }

    /// Which warning it is.
    public var code: Code
    /// `pcap_statustostr`'s text, followed by `pcap_geterr`'s detail when there is one.
    public var message: String
    /// The message.
    public var description: String { message }
}

import CPcap

/// A libpcap call failed: which function, libpcap's status code and message.
public struct LibpcapError: Error, Hashable, Sendable, CustomStringConvertible {
    /// libpcap's `PCAP_ERROR_*` status, when the call returned one.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The status a libpcap call returned (a negative `PCAP_ERROR_*` value).
        public let rawValue: Int32
        /// The code for status `rawValue`; any value is accepted, known or not.
        public init(rawValue: Int32) { self.rawValue = rawValue }

        /// `PCAP_ERROR` (-1): a failure described only by the message.
        public static let generic = Code(rawValue: PCAP_ERROR)
        /// `PCAP_ERROR_BREAK` (-2): the read loop was ended by `pcap_breakloop`, or a capture file has no more packets.
        public static let breakLoop = Code(rawValue: PCAP_ERROR_BREAK)
        /// `PCAP_ERROR_NOT_ACTIVATED`: the handle was used before `pcap_activate`.
        public static let notActivated = Code(rawValue: PCAP_ERROR_NOT_ACTIVATED)
        /// `PCAP_ERROR_ACTIVATED`: a setting that must precede `pcap_activate` was changed after it.
        public static let activated = Code(rawValue: PCAP_ERROR_ACTIVATED)
        /// `PCAP_ERROR_NO_SUCH_DEVICE`: the interface does not exist.
        public static let noSuchDevice = Code(rawValue: PCAP_ERROR_NO_SUCH_DEVICE)
        /// `PCAP_ERROR_PERM_DENIED`: the process may not capture (needs root or `CAP_NET_RAW`).
        public static let permissionDenied = Code(rawValue: PCAP_ERROR_PERM_DENIED)
        /// `PCAP_ERROR_IFACE_NOT_UP`: the interface is down.
        public static let interfaceNotUp = Code(rawValue: PCAP_ERROR_IFACE_NOT_UP)
        /// `PCAP_ERROR_PROMISC_PERM_DENIED`: capturing is allowed but promiscuous mode is not.
        public static let promiscuousPermissionDenied = Code(rawValue: PCAP_ERROR_PROMISC_PERM_DENIED)
        /// `PCAP_ERROR_TSTAMP_PRECISION_NOTSUP`: the timestamp precision asked for is not available.
        public static let timestampPrecisionNotSupported = Code(rawValue: PCAP_ERROR_TSTAMP_PRECISION_NOTSUP)

        /// A few words for the known codes (`no such device`), `status N` for the others.
        public var description: String {
            switch self {
            case .generic: "error"
            case .breakLoop: "loop broken"
            case .notActivated: "not activated"
            case .activated: "already activated"
            case .noSuchDevice: "no such device"
            case .permissionDenied: "permission denied"
            case .interfaceNotUp: "interface not up"
            case .promiscuousPermissionDenied: "promiscuous mode not permitted"
            case .timestampPrecisionNotSupported: "timestamp precision not supported"
            default: "status \(rawValue)"
            }
        }
    }

    /// The libpcap function that failed (`pcap_activate`, `pcap_compile`, ...).
    public var function: String
    /// libpcap's status; `.generic` when the call only failed without a specific status.
    public var code: Code
    /// libpcap's own text (`pcap_geterr`, the error buffer, or `pcap_statustostr`).
    public var message: String

    /// An error from `function` with `message` and, when known, libpcap's status `code`.
    public init(function: String, code: Code = .generic, message: String) {
        self.function = function
        self.code = code
        self.message = message
    }

    /// `function: message`.
    public var description: String { "\(function): \(message)" }
}

extension String {
    /// Text from a NUL-terminated C buffer (`String(cString: [CChar])` is deprecated).
    init(libpcapBuffer buffer: [CChar]) {
        self = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

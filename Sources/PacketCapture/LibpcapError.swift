import CPcap

/// A libpcap call failed: which function, libpcap's status code and message.
public struct LibpcapError: Error, Hashable, Sendable, CustomStringConvertible {
    /// libpcap's `PCAP_ERROR_*` status, when the call returned one.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }

        public static let generic = Code(rawValue: PCAP_ERROR)
        public static let breakLoop = Code(rawValue: PCAP_ERROR_BREAK)
        public static let notActivated = Code(rawValue: PCAP_ERROR_NOT_ACTIVATED)
        public static let activated = Code(rawValue: PCAP_ERROR_ACTIVATED)
        public static let noSuchDevice = Code(rawValue: PCAP_ERROR_NO_SUCH_DEVICE)
        public static let permissionDenied = Code(rawValue: PCAP_ERROR_PERM_DENIED)
        public static let interfaceNotUp = Code(rawValue: PCAP_ERROR_IFACE_NOT_UP)
        public static let promiscuousPermissionDenied = Code(rawValue: PCAP_ERROR_PROMISC_PERM_DENIED)
        public static let timestampPrecisionNotSupported = Code(rawValue: PCAP_ERROR_TSTAMP_PRECISION_NOTSUP)

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
    public var code: Code
    /// libpcap's own text (`pcap_geterr`, the error buffer, or `pcap_statustostr`).
    public var message: String

    public init(function: String, code: Code = .generic, message: String) {
        self.function = function
        self.code = code
        self.message = message
    }

    public var description: String { "\(function): \(message)" }
}

extension String {
    /// Text from a NUL-terminated C buffer (`String(cString: [CChar])` is deprecated).
    init(libpcapBuffer buffer: [CChar]) {
        self = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

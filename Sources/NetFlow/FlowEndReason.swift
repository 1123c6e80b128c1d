/// Why a flow left the cache. The raw values are IPFIX's `flowEndReason`
/// (IANA IE 136, RFC 5102 §5.11.3), so they can be exported as they are.
public enum FlowEndReason: UInt8, Sendable, Hashable, Codable {
    /// No packet for the inactive (idle) timeout.
    case idleTimeout = 1
    /// The flow lived longer than the active timeout; later packets start a new flow.
    case activeTimeout = 2
    /// A TCP FIN or RST ended it.
    case endOfFlowDetected = 3
    /// Export on shutdown (end of the capture file, or the command stopped).
    case forcedEnd = 4
    /// The cache was full: the least recently updated flow was evicted.
    case lackOfResources = 5
}

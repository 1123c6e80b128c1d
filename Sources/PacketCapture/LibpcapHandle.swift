import CPcap
import PacketCore

#if canImport(Glibc)
import Glibc
#endif

/// An activated libpcap handle: a live capture (from `InactiveLibpcapHandle`)
/// or a savefile (`openOffline`). Owns its `pcap_t`; non-copyable so that it
/// is closed exactly once (`pcap_close` in `deinit`).
///
/// Packets are lent to a closure as a `RawSpan` that is valid only inside it:
/// libpcap reuses its buffer for the next packet. Not thread-safe: use a
/// handle from one task or thread at a time.
@safe public struct LibpcapHandle: ~Copyable {
    private let raw: OpaquePointer
    /// True for a live capture, false for a savefile.
    public let isLive: Bool
    /// What `pcap_activate` warned about, if anything (live captures only).
    public let activationWarning: LibpcapWarning?

    init(adopting raw: OpaquePointer, isLive: Bool, activationWarning: LibpcapWarning?) {
        unsafe self.raw = raw
        self.isLive = isLive
        self.activationWarning = activationWarning
    }

    /// Opens a pcap or pcapng savefile through libpcap.
    /// The corresponding C function is `pcap_open_offline_with_tstamp_precision`.
    public static func openOffline(
        path: String,
        precision: LibpcapTimestampPrecision = .nanosecond
    )
        throws(LibpcapError) -> LibpcapHandle
    {
        var errbuf = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE))
        guard let handle = unsafe pcap_open_offline_with_tstamp_precision(path, UInt32(precision.rawValue), &errbuf)
        else {
            throw LibpcapError(function: "pcap_open_offline", message: String(libpcapBuffer: errbuf))
        }
        return unsafe LibpcapHandle(adopting: handle, isLive: false, activationWarning: nil)
    }

    /// The link type of the packets (`pcap_datalink`).
    public var linkType: LinkType { LinkType(rawValue: UInt32(bitPattern: unsafe pcap_datalink(raw))) }

    /// The snap length in effect (`pcap_snapshot`).
    public var snapLength: Int { Int(unsafe pcap_snapshot(raw)) }

    /// The timestamp precision in effect (`pcap_get_tstamp_precision`).
    public var timestampPrecision: LibpcapTimestampPrecision {
        LibpcapTimestampPrecision(rawValue: unsafe pcap_get_tstamp_precision(raw)) ?? .microsecond
    }

    /// Compiles `expression` (tcpdump syntax) for this handle's link type and
    /// installs it. The corresponding C functions are `pcap_compile` and `pcap_setfilter`.
    public func setFilter(_ expression: String, optimize: Bool = true) throws(LibpcapError) {
        var program = unsafe bpf_program()
        let compiled = unsafe pcap_compile(raw, &program, expression, optimize ? 1 : 0, PCAP_NETMASK_UNKNOWN)
        guard compiled == 0 else {
            throw LibpcapError(
                function: "pcap_compile",
                code: LibpcapError.Code(rawValue: compiled),
                message: lastError
            )
        }
        defer { unsafe pcap_freecode(&program) }
        let installed = unsafe pcap_setfilter(raw, &program)
        guard installed == 0 else {
            throw LibpcapError(
                function: "pcap_setfilter",
                code: LibpcapError.Code(rawValue: installed),
                message: lastError
            )
        }
    }

    /// Captures only packets received by, or only packets sent by, the interface. Unlike the
    /// `inbound`/`outbound` filter primitives on Linux, this also holds for the packets that were
    /// already in the capture ring when it was set. The corresponding C function is `pcap_setdirection`.
    public func setDirection(_ direction: LibpcapDirection) throws(LibpcapError) {
        guard unsafe pcap_setdirection(raw, direction.raw) == 0 else {
            throw LibpcapError(function: "pcap_setdirection", message: lastError)
        }
    }
    /// Reads packets and lends each to `body` with its bytes, until
    /// `maximumCount` were delivered, the savefile ends, the live read
    /// timeout passes with nothing to read, or `breakLoop()` was called.
    /// Returns how many packets were delivered and why it stopped.
    /// The corresponding C function is `pcap_next_ex`.
    public func readPackets(
        maximumCount: Int = .max,
        _ body: (LibpcapPacket, RawSpan) -> Void
    )
        throws(LibpcapError) -> (delivered: Int, stop: LibpcapReadStop)
    {
        let nanosecond = timestampPrecision == .nanosecond
        var delivered = 0
        while delivered < maximumCount {
            var header: UnsafeMutablePointer<pcap_pkthdr>?
            var data: UnsafePointer<UInt8>?
            let status = unsafe pcap_next_ex(raw, &header, &data)
            switch status {
            case 1:
                guard let header = unsafe header, let data = unsafe data else { continue }
                let h = unsafe header.pointee
                let fraction = UInt32(truncatingIfNeeded: h.ts.tv_usec)
                let packet = LibpcapPacket(
                    timestamp: CaptureTimestamp(
                        seconds: Int64(h.ts.tv_sec),
                        nanoseconds: nanosecond ? fraction : fraction &* 1000
                    ),
                    capturedLength: Int(h.caplen),
                    originalLength: Int(h.len)
                )
                let bytes = unsafe UnsafeRawBufferPointer(start: data, count: Int(h.caplen))
                body(packet, unsafe bytes.bytes)
                delivered += 1
            case 0:
                return (delivered, .timeout)
            case PCAP_ERROR_BREAK:
                return (delivered, isLive ? .broken : .endOfFile)
            default:
                throw LibpcapError(
                    function: "pcap_next_ex",
                    code: LibpcapError.Code(rawValue: status),
                    message: lastError
                )
            }
        }
        return (delivered, .countReached)
    }

    /// Makes the current or next `readPackets` return `.broken` (callable
    /// from inside its `body`). The corresponding C function is `pcap_breakloop`.
    public func breakLoop() { unsafe pcap_breakloop(raw) }

    /// Live capture counters. The corresponding C function is `pcap_stats`.
    public func statistics() throws(LibpcapError) -> LibpcapStatistics {
        var stats = pcap_stat()
        guard unsafe pcap_stats(raw, &stats) == 0 else {
            throw LibpcapError(function: "pcap_stats", message: lastError)
        }
        return LibpcapStatistics(received: stats.ps_recv, dropped: stats.ps_drop, interfaceDropped: stats.ps_ifdrop)
    }

    /// A file descriptor to wait on with `poll`/`epoll` (with non-blocking
    /// mode, then read until `.timeout`); nil for savefiles or when the
    /// platform has none. The corresponding C function is `pcap_get_selectable_fd`.
    public var selectableFileDescriptor: Int32? {
        let fd = unsafe pcap_get_selectable_fd(raw)
        return fd >= 0 ? fd : nil
    }

    /// Non-blocking mode: reads return `.timeout` at once when nothing is
    /// waiting. The corresponding C function is `pcap_setnonblock`.
    public func setNonblocking(_ on: Bool) throws(LibpcapError) {
        var errbuf = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE))
        guard unsafe pcap_setnonblock(raw, on ? 1 : 0, &errbuf) == 0 else {
            throw LibpcapError(function: "pcap_setnonblock", message: String(libpcapBuffer: errbuf))
        }
    }

    /// Whether the handle is in non-blocking mode (`pcap_getnonblock`).
    public var isNonblocking: Bool {
        var errbuf = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE))
        return unsafe pcap_getnonblock(raw, &errbuf) == 1
    }

    private var lastError: String { unsafe String(cString: pcap_geterr(raw)) }

    deinit { unsafe pcap_close(raw) }
}

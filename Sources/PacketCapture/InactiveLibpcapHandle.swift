import CPcap

/// A live-capture handle being configured (libpcap's "created, not yet
/// activated" state). Set the options, then `activate()` consumes it and
/// returns the `LibpcapHandle` that captures:
///
/// ```swift
/// var inactive = try InactiveLibpcapHandle(interface: "vnet0")
/// try inactive.setSnapLength(65535)
/// try inactive.setImmediateMode(true)
/// try inactive.setBufferSize(8 << 20)
/// let handle = try inactive.activate()
/// try handle.setFilter("not port 4789")
/// ```
///
/// Non-copyable: the `pcap_t` is closed exactly once, by whichever of the
/// two owns it. Options set after a failed setter are not applied; every
/// setter names the libpcap function in its error.
@safe public struct InactiveLibpcapHandle: ~Copyable {
    private let raw: OpaquePointer

    /// Creates a handle for `interface` ("any" captures on every interface).
    /// The corresponding C function is `pcap_create`.
    public init(interface: String) throws(LibpcapError) {
        var errbuf = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE))
        guard let handle = unsafe pcap_create(interface, &errbuf) else {
            throw LibpcapError(function: "pcap_create", message: String(libpcapBuffer: errbuf))
        }
        unsafe self.raw = handle
    }

    /// Bytes kept of each packet. The corresponding C function is `pcap_set_snaplen`.
    public mutating func setSnapLength(_ bytes: Int) throws(LibpcapError) {
        try check("pcap_set_snaplen", unsafe pcap_set_snaplen(raw, Int32(clamping: bytes)))
    }

    /// Promiscuous mode. The corresponding C function is `pcap_set_promisc`.
    public mutating func setPromiscuous(_ on: Bool) throws(LibpcapError) {
        try check("pcap_set_promisc", unsafe pcap_set_promisc(raw, on ? 1 : 0))
    }

    /// Deliver packets as soon as they arrive instead of filling a buffer
    /// first. The corresponding C function is `pcap_set_immediate_mode`.
    public mutating func setImmediateMode(_ on: Bool) throws(LibpcapError) {
        try check("pcap_set_immediate_mode", unsafe pcap_set_immediate_mode(raw, on ? 1 : 0))
    }

    /// Kernel capture buffer size in bytes. The corresponding C function is `pcap_set_buffer_size`.
    public mutating func setBufferSize(_ bytes: Int) throws(LibpcapError) {
        try check("pcap_set_buffer_size", unsafe pcap_set_buffer_size(raw, Int32(clamping: bytes)))
    }

    /// How long a blocking read waits before returning with what it has.
    /// The corresponding C function is `pcap_set_timeout`.
    public mutating func setReadTimeout(milliseconds: Int) throws(LibpcapError) {
        try check("pcap_set_timeout", unsafe pcap_set_timeout(raw, Int32(clamping: milliseconds)))
    }

    /// Micro- or nanosecond timestamps. The corresponding C function is `pcap_set_tstamp_precision`.
    public mutating func setTimestampPrecision(_ precision: LibpcapTimestampPrecision) throws(LibpcapError) {
        try check("pcap_set_tstamp_precision", unsafe pcap_set_tstamp_precision(raw, precision.rawValue))
    }

    /// Starts capturing. Warnings (promiscuous mode not supported, ...) do
    /// not fail: they are in the handle's `activationWarning`.
    /// The corresponding C function is `pcap_activate`.
    public consuming func activate() throws(LibpcapError) -> LibpcapHandle {
        let status = unsafe pcap_activate(raw)
        if status < 0 {
            // A failed activation leaves the pcap_t ours to close.
            let detail = unsafe String(cString: pcap_geterr(raw))
            let text = unsafe String(cString: pcap_statustostr(status))
            let error = LibpcapError(
                function: "pcap_activate",
                code: LibpcapError.Code(rawValue: status),
                message: detail.isEmpty ? text : "\(text): \(detail)"
            )
            unsafe pcap_close(raw)
            discard self
            throw error
        }
        var warning: LibpcapWarning?
        if status > 0 {
            let detail = unsafe String(cString: pcap_geterr(raw))
            let text = unsafe String(cString: pcap_statustostr(status))
            warning = LibpcapWarning(
                code: LibpcapWarning.Code(rawValue: status),
                message: detail.isEmpty ? text : "\(text): \(detail)"
            )
        }
        let handle = unsafe LibpcapHandle(adopting: raw, isLive: true, activationWarning: warning)
        discard self
        return handle
    }

    private func check(_ function: String, _ status: Int32) throws(LibpcapError) {
        guard status != 0 else { return }
        let text = unsafe String(cString: pcap_statustostr(status))
        throw LibpcapError(function: function, code: LibpcapError.Code(rawValue: status), message: text)
    }

    deinit { unsafe pcap_close(raw) }
}

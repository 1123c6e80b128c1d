import NetworkTypes

/// Turns ended flows into NetFlow v5, v9 or IPFIX datagrams and hands each
/// finished datagram to `output`. It is a `FlowSink`, so a `FlowCache` can end
/// flows straight into it.
///
/// Guarantees:
/// - No datagram exceeds `configuration.maximumDatagramSize`.
/// - v9/IPFIX: templates (and the sampling options template and its record)
///   open the first datagram and are repeated when `templateRefreshMilliseconds`
///   of flow time or `templateRefreshDatagrams` datagrams have passed.
/// - Timestamps: IPFIX carries absolute `flowStart/EndMilliseconds`; v5 and v9
///   carry sysUptime-relative times with a header whose `unix_secs` is a whole
///   second and whose `sysUptime` is computed from the same base, so that
///   `unix_secs × 1000 − sysUptime + First` is the flow's exact start in ms.
/// - Sequence numbers: v5 counts flows exported before the datagram, v9 counts
///   datagrams (RFC 3954 §5.1), IPFIX counts data records (RFC 7011 §3.1).
/// - v5 carries IPv4 only: IPv6 flows are counted in `skippedIPv6Flows`.
/// - The flow clock is the packets' time: call `advanceClock(to:)` with each
///   packet's time (the first call sets the sysUptime base), then `flush()`.
public struct FlowExporter<Output: DatagramSink>: FlowSink {
    /// How datagrams are built.
    public let configuration: FlowExportConfiguration
    /// Receives every finished datagram.
    public var output: Output
    /// VM identity for IPFIX records (virtualStationUUID / virtualStationName).
    public var vmResolver: (any FlowVMResolver)?

    /// Datagrams handed to ``output``.
    public internal(set) var datagramsSent: UInt64 = 0
    /// Flow records written into datagrams.
    public internal(set) var flowsExported: UInt64 = 0
    /// IPv6 flows a v5 exporter could not carry.
    public internal(set) var skippedIPv6Flows: UInt64 = 0
    /// Datagrams that carried templates (v9 and IPFIX).
    public internal(set) var templateDatagrams: UInt64 = 0
    /// The flow clock (ms since the epoch) and the sysUptime base.
    public internal(set) var clockMilliseconds: Int64 = .min
    /// The exporter's notional boot time, milliseconds since 1970: the base of v5/v9 sysUptime (moved back when a flow
    /// started before it); `Int64.min` before the clock was first set.
    public internal(set) var systemStartMilliseconds: Int64 = .min

    var buffer: ExportBuffer
    var datagramOpen = false
    /// Records in the open datagram (v5 count / v9 count incl. templates).
    var recordsInDatagram = 0
    /// Data records in the open datagram (IPFIX sequence accounting).
    var dataRecordsInDatagram = 0
    var openSetOffset = -1
    var openSetTemplate: UInt16 = 0
    /// IPFIX: data records sent before the open datagram.
    var dataRecordsSent: UInt64 = 0
    var lastTemplateMilliseconds: Int64 = .min
    var datagramsSinceTemplates = 0

    /// An exporter writing to `output`; with `vmResolver`, IPFIX records carry the VM's UUID and name.
    public init(configuration: FlowExportConfiguration, output: Output, vmResolver: (any FlowVMResolver)? = nil) {
        self.configuration = configuration
        self.output = output
        self.vmResolver = vmResolver
        self.buffer = ExportBuffer(capacity: configuration.maximumDatagramSize)
    }

    /// Moves the flow clock forward (never back). The first call also fixes
    /// the sysUptime base one second before it (so no flow has a 0 uptime,
    /// which collectors such as nfdump read as "no timestamp"); call it with
    /// the first packet's time.
    public mutating func advanceClock(to milliseconds: Int64) {
        if milliseconds > clockMilliseconds {
            if clockMilliseconds == .min { setSystemStart(milliseconds - 1000) }
            clockMilliseconds = milliseconds
        }
    }

    mutating func setSystemStart(_ milliseconds: Int64) {
        if systemStartMilliseconds == .min { systemStartMilliseconds = milliseconds }
    }

    /// Writes `record` into the current datagram, handing full datagrams to ``output``; advances the flow clock to the
    /// record's last packet. A v5 exporter counts an IPv6 record in `skippedIPv6Flows` instead.
    public mutating func flowEnded(_ record: FlowRecord) {
        advanceClock(to: record.lastMilliseconds)
        if systemStartMilliseconds >= record.firstMilliseconds {
            systemStartMilliseconds = record.firstMilliseconds - 1000
        }
        switch configuration.version {
        case .v5: appendV5(record)
        case .v9: appendV9(record)
        case .ipfix: appendIPFIX(record)
        }
    }

    /// Sends the datagram being built, if any.
    public mutating func flush() {
        guard datagramOpen else { return }
        closeSet()
        switch configuration.version {
        case .v5: finishV5Header()
        case .v9: finishV9Header()
        case .ipfix: finishIPFIXHeader()
        }
        buffer.withBytes { output.send($0) }
        datagramsSent &+= 1
        datagramsSinceTemplates += 1
        dataRecordsSent &+= UInt64(dataRecordsInDatagram)
        datagramOpen = false
    }

    // MARK: - Shared datagram plumbing

    /// Header time as whole seconds (rounded up, so no record ends after it).
    var headerSeconds: UInt32 {
        let clock = max(clockMilliseconds, 0)
        return UInt32(truncatingIfNeeded: (clock + 999) / 1000)
    }

    /// sysUptime for the header: header time minus the base, in ms.
    var headerUptime: UInt32 {
        UInt32(truncatingIfNeeded: Int64(headerSeconds) * 1000 - systemStartMilliseconds)
    }

    func uptime(at milliseconds: Int64) -> UInt32 {
        UInt32(truncatingIfNeeded: max(0, milliseconds - systemStartMilliseconds))
    }

    var templatesDue: Bool {
        lastTemplateMilliseconds == .min
            || clockMilliseconds - lastTemplateMilliseconds >= configuration.templateRefreshMilliseconds
            || datagramsSinceTemplates >= configuration.templateRefreshDatagrams
    }

    mutating func startDatagram(headerLength: Int) {
        buffer.reset()
        buffer.appendZeros(headerLength)
        datagramOpen = true
        recordsInDatagram = 0
        dataRecordsInDatagram = 0
        openSetOffset = -1
    }

    mutating func openSet(_ id: UInt16) {
        openSetOffset = buffer.count
        openSetTemplate = id
        buffer.append(id)
        buffer.append(UInt16(0))
    }

    /// Closes the open set: v9 pads to 32 bits (RFC 3954 §5.3), IPFIX does not pad.
    mutating func closeSet() {
        guard openSetOffset >= 0 else { return }
        if configuration.version == .v9 {
            while (buffer.count - openSetOffset) % 4 != 0 { buffer.append(UInt8(0)) }
        }
        buffer.set(UInt16(buffer.count - openSetOffset), at: openSetOffset + 2)
        openSetOffset = -1
    }

    /// Makes room for a record of `length` bytes in a data set for `template`,
    /// flushing and starting a new datagram when needed.
    mutating func reserveRecord(length: Int, template: UInt16, headerLength: Int) {
        let padding = configuration.version == .v9 ? 3 : 0
        if datagramOpen {
            let sameSet = openSetOffset >= 0 && openSetTemplate == template
            let needed = length + (sameSet ? 0 : 4 + padding) + padding
            if buffer.remaining < needed { flush() }
        }
        if !datagramOpen {
            startDatagram(headerLength: headerLength)
            if configuration.version != .v5 && templatesDue { writeTemplates() }
        }
        if openSetOffset < 0 || openSetTemplate != template {
            closeSet()
            openSet(template)
        }
    }

    mutating func writeTemplates() {
        let ipfix = configuration.version == .ipfix
        // Template set (v9 FlowSet ID 0, IPFIX Set ID 2).
        let templates: [ExportTemplate] =
            ipfix
            ? [.ipfixFlow(ipv6: false, vm: false), .ipfixFlow(ipv6: true, vm: false)]
                + (vmResolver == nil ? [] : [.ipfixFlow(ipv6: false, vm: true), .ipfixFlow(ipv6: true, vm: true)])
            : [.v9Flow(ipv6: false), .v9Flow(ipv6: true)]
        openSet(ipfix ? 2 : 0)
        for template in templates {
            buffer.append(template.id)
            buffer.append(UInt16(template.fields.count))
            for field in template.fields {
                buffer.append(field.id)
                buffer.append(field.length)
            }
            recordsInDatagram += 1
        }
        closeSet()
        // Options template set (v9 FlowSet ID 1, IPFIX Set ID 3).
        let options = ipfix ? ExportTemplate.ipfixSamplingOptions : ExportTemplate.v9SamplingOptions
        openSet(ipfix ? 3 : 1)
        buffer.append(options.id)
        if ipfix {
            buffer.append(UInt16(options.fields.count))
            buffer.append(UInt16(options.scopeCount))
        } else {
            buffer.append(UInt16(options.scopeCount * 4))
            buffer.append(UInt16((options.fields.count - options.scopeCount) * 4))
        }
        for field in options.fields {
            buffer.append(field.id)
            buffer.append(field.length)
        }
        recordsInDatagram += 1
        closeSet()
        // The sampling options record.
        let interval = configuration.samplingInterval
        openSet(options.id)
        buffer.append(configuration.observationDomain)
        buffer.append(interval)
        buffer.append(UInt8(interval > 1 ? 1 : 0))  // 1 = deterministic (count-based) sampling
        if ipfix {
            buffer.append(UInt32(1))
            buffer.append(interval - 1)
        }
        recordsInDatagram += 1
        dataRecordsInDatagram += 1
        closeSet()
        lastTemplateMilliseconds = clockMilliseconds
        datagramsSinceTemplates = 0
        templateDatagrams &+= 1
    }
}

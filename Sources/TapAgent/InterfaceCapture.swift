import Glibc
import PacketCapture
import PacketCore

/// One open libpcap handle on one interface and direction: immediate mode, a tuned kernel buffer,
/// non-blocking, with the direction and own-traffic filter installed in the kernel.
final class InterfaceCapture {
    let interfaceName: String
    let direction: CaptureDirection
    /// The interface index when it was opened (a recreated interface gets a new one).
    let interfaceIndex: UInt32
    let handle: LibpcapHandle
    let descriptor: Int32
    let linkType: LinkType
    /// Frames delivered, owned and not owned since this capture was opened (the capture thread's
    /// counters: plain fields, so counting costs no lookup per packet).
    var captured = 0
    var owned = 0
    var notOwned = 0

    init(interface: String, direction: CaptureDirection, filter: String, snapLength: Int, bufferBytes: Int) throws(LibpcapError) {
        var inactive = try InactiveLibpcapHandle(interface: interface)
        try inactive.setSnapLength(snapLength)
        try inactive.setImmediateMode(true)
        try inactive.setBufferSize(bufferBytes)
        try inactive.setTimestampPrecision(.nanosecond)
        try inactive.setReadTimeout(milliseconds: 10)
        let handle = try inactive.activate()
        try handle.setDirection(direction == .transmitted ? .received : .sent)
        if !filter.isEmpty { try handle.setFilter(filter) }
        try handle.setNonblocking(true)
        self.interfaceName = interface
        self.direction = direction
        self.interfaceIndex = if_nametoindex(interface)
        self.descriptor = handle.selectableFileDescriptor ?? -1
        self.linkType = handle.linkType
        self.handle = handle
    }

    /// Kernel drops so far (0 when the handle cannot say).
    var kernelDrops: Int {
        guard let statistics = try? handle.statistics() else { return 0 }
        return Int(statistics.dropped)
    }
}

extension AgentStatistics.Interface {
    /// Adds an open or closing capture's frame counters.
    mutating func add(_ capture: InterfaceCapture) {
        captured += capture.captured
        owned += capture.owned
        notOwned += capture.notOwned
    }
}

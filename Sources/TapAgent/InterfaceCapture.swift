import Foundation
import Glibc
import PacketCapture
import PacketCore

/// One open libpcap handle on one interface and direction: a TPACKET_V3 ring (libpcap uses V3
/// when immediate mode is off; frames are read block by block, a system call only when the ring is
/// empty), non-blocking, with the direction and the kernel filter (`KernelFilter`) installed.
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

    init(
        interface: String,
        direction: CaptureDirection,
        filter: String,
        snapLength: Int,
        bufferBytes: Int
    ) throws(LibpcapError) {
        var inactive = try InactiveLibpcapHandle(interface: interface)
        try inactive.setSnapLength(snapLength)
        try inactive.setImmediateMode(false)
        try inactive.setBufferSize(bufferBytes)
        try inactive.setTimestampPrecision(.nanosecond)
        // The ring's block timeout: a partly filled block is handed over after this long.
        try inactive.setReadTimeout(milliseconds: Self.blockTimeoutMilliseconds)
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

    /// How long a partly filled ring block waits before user space sees it: the most a copy is
    /// delayed when traffic is light.
    static let blockTimeoutMilliseconds = 2

    /// The ring size when none is configured: 2 MiB per Gb/s of the interface's speed, at least
    /// 4 MiB and at most 32 MiB (16 MiB when the speed is unknown; veth says 10 Gb/s: 20 MiB).
    static func defaultBufferBytes(interface: String) -> Int {
        let text = (try? String(contentsOfFile: "/sys/class/net/\(interface)/speed", encoding: .utf8)) ?? ""
        guard let megabits = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)), megabits > 0 else {
            return 16 << 20
        }
        return min(max(megabits / 1000 * 2, 4), 32) << 20
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

import CTunnelSockets
import Glibc

/// The kernel's link notifications (rtnetlink RTM_NEWLINK / RTM_DELLINK) on a non-blocking socket
/// the capture thread polls with its captures: an interface appearing, vanishing or changing is
/// seen the moment the kernel announces it, not at the next periodic check.
final class LinkEvents {
    let descriptor: Int32
    /// Notifications are read into this buffer, made once.
    private var buffer = [UInt8](repeating: 0, count: 16 << 10)

    /// Nil when the socket cannot be opened (the agent then relies on its periodic check).
    init?() {
        let descriptor = vtgr_link_events_open()
        guard descriptor >= 0 else { return nil }
        self.descriptor = descriptor
    }

    /// Reads what is waiting; true when a link changed (or notifications were lost).
    func drain() -> Bool {
        let capacity = UInt32(buffer.count)
        let events = unsafe buffer.withUnsafeMutableBufferPointer { bytes in
            unsafe vtgr_link_events_drain(descriptor, bytes.baseAddress, capacity)
        }
        return events != 0
    }

    deinit { Glibc.close(descriptor) }
}

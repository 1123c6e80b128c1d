import Sockets

/// The kernel's link notifications (rtnetlink RTM_NEWLINK / RTM_DELLINK) on a non-blocking socket
/// the capture thread polls with its captures: an interface appearing, vanishing or changing is
/// seen the moment the kernel announces it, not at the next periodic check.
final class LinkEvents {
    private let socket: LinkEventSocket
    /// The descriptor to poll for input.
    var descriptor: Int32 { socket.descriptor.rawValue }

    /// Nil when the socket cannot be opened (the agent then relies on its periodic check).
    init?() {
        guard let socket = try? LinkEventSocket() else { return nil }
        self.socket = socket
    }

    /// Reads what is waiting; true when a link changed (or notifications were lost or could not be read).
    func drain() -> Bool {
        do throws(Errno) { return try socket.drain() != 0 } catch { return true }
    }
}

import CSockets
import Glibc

/// The kernel's link notifications (rtnetlink RTM_NEWLINK / RTM_DELLINK, every interface of this
/// network namespace) on a non-blocking socket: `drain` never waits.
public final class LinkEventSocket {
    /// The owned descriptor (poll it for input).
    public let descriptor: SocketDescriptor
    /// Notifications are read into this buffer, made once.
    private var buffer = [UInt8](repeating: 0, count: 16 << 10)

    /// Opens and subscribes the socket. The corresponding C functions are `socket` and `bind`.
    public init() throws(Errno) {
        descriptor = try SocketDescriptor.open(
            domain: AF_NETLINK,
            type: CInt(SOCK_RAW.rawValue),
            protocol: CInt(NETLINK_ROUTE),
            nonBlocking: true
        )
        let fd = descriptor.rawValue
        try nothingOrErrno { vts_netlink_bind_link_events(fd) }.get()
    }

    /// Reads every notification waiting and returns how many were link events; an overrun
    /// (ENOBUFS: notifications were lost) counts as one. 0 when none was waiting.
    public func drain() throws(Errno) -> Int {
        var events = 0
        let fd = descriptor.rawValue
        let capacity = buffer.count
        while true {
            let outcome = unsafe buffer.withUnsafeMutableBytes { bytes in
                valueOrErrno { unsafe recv(fd, bytes.baseAddress, capacity, CInt(MSG_DONTWAIT)) }
            }
            switch outcome {
            case .success(0):
                return events
            case .success(let received):
                events += Int(
                    unsafe buffer.withUnsafeBytes {
                        unsafe vts_count_link_events(
                            $0.baseAddress!.assumingMemoryBound(to: UInt8.self),
                            CInt(received)
                        )
                    }
                )
            case .failure(let error) where error == .wouldBlock:
                return events
            case .failure(let error) where error == .noBufferSpace:
                events += 1
            case .failure(let error):
                if events > 0 { return events }
                throw error
            }
        }
    }
}

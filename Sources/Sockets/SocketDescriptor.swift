import Glibc

/// One open socket descriptor, owned: it cannot be copied, and it is closed exactly once, when its
/// owner goes away (or by `close()`, which consumes it).
public struct SocketDescriptor: ~Copyable {
    /// The kernel's descriptor number; valid while this value lives.
    public let rawValue: CInt

    /// Takes ownership of `rawValue` (an open descriptor nothing else will close).
    public init(owning rawValue: CInt) { self.rawValue = rawValue }

    /// Opens a socket of `domain` (AF_INET, AF_INET6, AF_NETLINK), `type` (SOCK_DGRAM, SOCK_RAW) and
    /// `protocol`, close-on-exec (plus `nonBlocking`: SOCK_NONBLOCK). The corresponding C function is `socket`.
    public static func open(
        domain: CInt,
        type: CInt,
        protocol: CInt,
        nonBlocking: Bool = false
    ) throws(Errno) -> SocketDescriptor {
        let flags = CInt(SOCK_CLOEXEC.rawValue) | (nonBlocking ? CInt(SOCK_NONBLOCK.rawValue) : 0)
        let descriptor = try valueOrErrno { Glibc.socket(domain, type | flags, `protocol`) }.get()
        return SocketDescriptor(owning: descriptor)
    }

    /// Closes now. EINTR is not retried: Linux has released the descriptor either way.
    public consuming func close() {
        _ = Glibc.close(rawValue)
        discard self
    }

    deinit { _ = Glibc.close(rawValue) }
}

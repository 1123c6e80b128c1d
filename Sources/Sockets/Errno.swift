import Glibc

/// An error number a system call reported, as a value (the shape of swift-system's `Errno`).
///
/// Small and trivially copyable, so throwing it through `throws(Errno)` does not allocate.
/// The constants name the codes the socket layer acts on; any other code is kept as its raw value.
public struct Errno: Error, RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The C `errno` value.
    public var rawValue: CInt

    /// Wraps a C `errno` value.
    public init(rawValue: CInt) { self.rawValue = rawValue }

    /// The calling thread's current `errno`. Read it immediately after the call that set it.
    static var current: Errno { Errno(rawValue: Glibc.errno) }

    /// EINTR: a signal arrived before the call did anything.
    public static let interrupted = Errno(rawValue: EINTR)
    /// EAGAIN / EWOULDBLOCK: a non-blocking call would have had to wait.
    public static let wouldBlock = Errno(rawValue: EAGAIN)
    /// EPERM: the operation is not permitted (a raw socket without CAP_NET_RAW).
    public static let notPermitted = Errno(rawValue: EPERM)
    /// EACCES: permission denied.
    public static let permissionDenied = Errno(rawValue: EACCES)
    /// ENOBUFS: no buffer space (on rtnetlink: notifications were lost).
    public static let noBufferSpace = Errno(rawValue: ENOBUFS)
    /// EADDRINUSE: the address is already bound.
    public static let addressInUse = Errno(rawValue: EADDRINUSE)
    /// ECONNREFUSED: the peer's port is closed (an ICMP error reported on a connected socket).
    public static let connectionRefused = Errno(rawValue: ECONNREFUSED)

    /// True for a privilege problem (EPERM, EACCES).
    public var isPermissionProblem: Bool { self == .notPermitted || self == .permissionDenied }

    /// The C library's text for the code (`strerror`).
    public var description: String {
        guard let text = unsafe strerror(rawValue) else { return "errno \(rawValue)" }
        return unsafe String(cString: text)
    }
}

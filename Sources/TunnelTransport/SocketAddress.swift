import Glibc
import NetworkTypes

/// An IPv4 or IPv6 socket address in the kernel's layout (sockaddr_in / sockaddr_in6).
public struct SocketAddress: Hashable, Sendable {
    public var address: IPAddress
    public var port: UInt16

    public init(address: IPAddress, port: UInt16 = 0) {
        self.address = address
        self.port = port
    }

    var family: Int32 {
        if case .v6 = address { return AF_INET6 }
        return AF_INET
    }

    /// Calls `body` with a pointer to the sockaddr and its length.
    func withSockaddr<R>(_ body: (UnsafeRawPointer, socklen_t) throws -> R) rethrows -> R {
        switch address {
        case .v4(let v4):
            var storage = sockaddr_in()
            storage.sin_family = sa_family_t(AF_INET)
            storage.sin_port = port.bigEndian
            storage.sin_addr.s_addr = v4.rawValue.bigEndian
            return try unsafe withUnsafeBytes(of: &storage) { raw in
                try unsafe body(raw.baseAddress!, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        case .v6(let v6):
            var storage = sockaddr_in6()
            storage.sin6_family = sa_family_t(AF_INET6)
            storage.sin6_port = port.bigEndian
            var value = v6.rawValue.bigEndian
            unsafe withUnsafeBytes(of: &value) { source in
                unsafe withUnsafeMutableBytes(of: &storage.sin6_addr) { unsafe $0.copyMemory(from: source) }
            }
            return try unsafe withUnsafeBytes(of: &storage) { raw in
                try unsafe body(raw.baseAddress!, socklen_t(MemoryLayout<sockaddr_in6>.size))
            }
        }
    }

    /// Reads a sockaddr_in / sockaddr_in6 from `raw` (a sockaddr_storage).
    init?(storage raw: UnsafeRawBufferPointer) {
        guard raw.count >= MemoryLayout<sockaddr_in6>.size else { return nil }
        let family = unsafe raw.loadUnaligned(fromByteOffset: 0, as: sa_family_t.self)
        switch Int32(family) {
        case AF_INET:
            let value = unsafe raw.loadUnaligned(as: sockaddr_in.self)
            self.init(address: .v4(IPv4Address(rawValue: UInt32(bigEndian: value.sin_addr.s_addr))),
                      port: UInt16(bigEndian: value.sin_port))
        case AF_INET6:
            let value = unsafe raw.loadUnaligned(as: sockaddr_in6.self)
            var address = value.sin6_addr
            let bits = unsafe withUnsafeBytes(of: &address) { unsafe $0.loadUnaligned(as: UInt128.self) }
            self.init(address: .v6(IPv6Address(rawValue: UInt128(bigEndian: bits))), port: UInt16(bigEndian: value.sin6_port))
        default:
            return nil
        }
    }
}

import Glibc
import NetworkTypes

/// An IPv4 or IPv6 address and port, handed to the kernel as a sockaddr_in / sockaddr_in6.
public struct SocketAddress: Hashable, Sendable, CustomStringConvertible {
    /// The IP address.
    public var address: IPAddress
    /// The port (0 for raw sockets, or for "any port" when binding).
    public var port: UInt16

    /// An address and port; port 0 where none applies.
    public init(address: IPAddress, port: UInt16 = 0) {
        self.address = address
        self.port = port
    }

    /// `host` (an IPv4 or IPv6 literal, or a name the resolver knows) and `port`; the first address
    /// the resolver gives for a name. Nil when the name does not resolve.
    public init?(host: String, port: UInt16) {
        if let literal = IPAddress(host) ?? IPAddress(String(host.filter { $0 != "[" && $0 != "]" })) {
            self.init(address: literal, port: port)
            return
        }
        var hints = unsafe addrinfo()
        unsafe hints.ai_socktype = Int32(SOCK_DGRAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard unsafe getaddrinfo(host, nil, &hints, &list) == 0, let first = unsafe list else { return nil }
        defer { unsafe freeaddrinfo(first) }
        var entry: UnsafeMutablePointer<addrinfo>? = unsafe first
        while let current = unsafe entry {
            if let raw = unsafe current.pointee.ai_addr {
                let length = Int(unsafe current.pointee.ai_addrlen)
                var storage = sockaddr_storage()
                unsafe withUnsafeMutableBytes(of: &storage) { target in
                    unsafe target.copyMemory(from: UnsafeRawBufferPointer(start: raw, count: min(length, target.count)))
                }
                let parsed = unsafe withUnsafeBytes(of: &storage) { unsafe SocketAddress(storage: $0) }
                if let parsed {
                    self.init(address: parsed.address, port: port)
                    return
                }
            }
            unsafe entry = unsafe current.pointee.ai_next
        }
        return nil
    }

    /// `address:port`, IPv6 in brackets.
    public var description: String {
        if case .v6 = address { return "[\(address)]:\(port)" }
        return "\(address):\(port)"
    }

    /// AF_INET or AF_INET6.
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
            self.init(
                address: .v4(IPv4Address(rawValue: UInt32(bigEndian: value.sin_addr.s_addr))),
                port: UInt16(bigEndian: value.sin_port)
            )
        case AF_INET6:
            let value = unsafe raw.loadUnaligned(as: sockaddr_in6.self)
            var address = value.sin6_addr
            let bits = unsafe withUnsafeBytes(of: &address) { unsafe $0.loadUnaligned(as: UInt128.self) }
            self.init(
                address: .v6(IPv6Address(rawValue: UInt128(bigEndian: bits))),
                port: UInt16(bigEndian: value.sin6_port)
            )
        default:
            return nil
        }
    }
}

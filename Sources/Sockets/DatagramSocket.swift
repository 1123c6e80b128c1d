import CSockets
import Glibc

/// A UDP or raw IP socket that sends and receives datagrams in batches (sendmmsg / recvmmsg).
///
/// Owns its `SocketDescriptor` (closed once, when the socket goes away). Every call reads errno
/// through `valueOrErrno` and retries EINTR there; a send never blocks with `SendPolicy.drop`
/// (MSG_DONTWAIT: EAGAIN is counted as a drop), and a receive never blocks.
public final class DatagramSocket {
    /// What kind of socket.
    public enum Kind: Hashable, Sendable {
        /// SOCK_DGRAM, IPPROTO_UDP: the kernel builds the IP and UDP headers.
        case udp
        /// SOCK_RAW for IP protocol `protocolNumber` (47 GRE, 17 UDP); needs CAP_NET_RAW.
        case raw(protocolNumber: UInt8)
    }

    /// The owned descriptor.
    public let descriptor: SocketDescriptor
    /// True for an IPv6 socket.
    public let ipv6: Bool

    /// Opens a socket of `kind` for IPv4 or IPv6. The corresponding C function is `socket`.
    public init(_ kind: Kind, ipv6: Bool) throws(Errno) {
        let domain = ipv6 ? AF_INET6 : AF_INET
        switch kind {
        case .udp:
            descriptor = try SocketDescriptor.open(domain: domain, type: CInt(SOCK_DGRAM.rawValue), protocol: 0)
        case .raw(let protocolNumber):
            descriptor = try SocketDescriptor.open(
                domain: domain,
                type: CInt(SOCK_RAW.rawValue),
                protocol: CInt(protocolNumber)
            )
        }
        self.ipv6 = ipv6
    }

    /// Takes over an open datagram socket made elsewhere (a `socketpair`, an inherited descriptor).
    public init(adopting descriptor: consuming SocketDescriptor, ipv6: Bool = false) {
        self.descriptor = descriptor
        self.ipv6 = ipv6
    }

    /// Sets an integer option. The corresponding C function is `setsockopt`.
    public func setOption(_ option: SocketOption, to value: CInt) throws(Errno) {
        var value = value
        let fd = descriptor.rawValue
        try nothingOrErrno {
            unsafe setsockopt(fd, option.level, option.name, &value, socklen_t(MemoryLayout<CInt>.size))
        }.get()
    }

    /// Binds to `local`. The corresponding C function is `bind`.
    public func bind(_ local: SocketAddress) throws(Errno) {
        let fd = descriptor.rawValue
        try unsafe local.withSockaddr { pointer, length in
            nothingOrErrno { unsafe Glibc.bind(fd, pointer.assumingMemoryBound(to: sockaddr.self), length) }
        }.get()
    }

    /// Connects to `remote`: sends without an address go there, and only its datagrams are received.
    /// The corresponding C function is `connect`.
    public func connect(_ remote: SocketAddress) throws(Errno) {
        let fd = descriptor.rawValue
        try unsafe remote.withSockaddr { pointer, length in
            nothingOrErrno { unsafe Glibc.connect(fd, pointer.assumingMemoryBound(to: sockaddr.self), length) }
        }.get()
    }

    /// The bound (or, once connected, the chosen) local address. The corresponding C function is `getsockname`.
    public func localAddress() throws(Errno) -> SocketAddress? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let fd = descriptor.rawValue
        try unsafe withUnsafeMutableBytes(of: &storage) { raw in
            nothingOrErrno { unsafe getsockname(fd, raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), &length) }
        }.get()
        return unsafe withUnsafeBytes(of: &storage) { unsafe SocketAddress(storage: $0) }
    }

    /// Sends every datagram of `batch` (to `address`, or to the connected peer when nil), with as
    /// few sendmmsg calls as the kernel allows. With `.drop` no call waits: when the send buffer is
    /// full the rest of the batch is dropped and counted. A datagram refused with another error is
    /// counted as failed and the send goes on with the next. Leaves `batch` as it was.
    public func send(
        _ batch: borrowing DatagramBatch,
        to address: SocketAddress? = nil,
        whenFull: SendPolicy
    ) -> BatchSendResult {
        var result = BatchSendResult()
        let count = batch.count
        guard count > 0 else { return result }
        let fd = descriptor.rawValue
        let flags = whenFull == .drop ? CInt(MSG_DONTWAIT) : 0
        unsafe batch.withPointers { bases, lengths in
            var done = 0
            while done < count {
                let outcome: Result<CInt, Errno>
                if let address {
                    outcome = unsafe address.withSockaddr { name, nameLength in
                        valueOrErrno {
                            unsafe vts_sendmmsg(
                                fd,
                                bases + done,
                                lengths + done,
                                CInt(count - done),
                                name,
                                nameLength,
                                flags
                            )
                        }
                    }
                } else {
                    outcome = valueOrErrno {
                        unsafe vts_sendmmsg(fd, bases + done, lengths + done, CInt(count - done), nil, 0, flags)
                    }
                }
                switch outcome {
                case .success(let sent):
                    result.sent += Int(sent)
                    result.bytes += batch.bytes(in: done..<(done + Int(sent)))
                    done += max(Int(sent), 1)
                case .failure(let error) where error == .wouldBlock:
                    result.droppedBusy += count - done
                    done = count
                case .failure(let error):
                    // The first datagram of this call was refused (an ICMP error reported on the
                    // socket, a route missing): count it and go on with the rest.
                    result.failed += 1
                    result.lastError = error
                    done += 1
                }
            }
        }
        return result
    }

    /// Receives what is waiting into `batch` without waiting (one recvmmsg call). Returns how many
    /// datagrams arrived, 0 when none was waiting. The corresponding C function is `recvmmsg`.
    public func receive(into batch: ReceiveBatch) throws(Errno) -> Int {
        let fd = descriptor.rawValue
        let capacity = UInt32(batch.datagramCapacity)
        let count = batch.count
        let base = unsafe batch.storage
        let outcome: Result<CInt, Errno> = unsafe withUnsafeTemporaryAllocation(
            of: UnsafeMutablePointer<UInt8>?.self,
            capacity: count
        ) { pointers in
            var slot = 0
            while slot < count {
                unsafe pointers[slot] = unsafe (base + slot * Int(capacity)).assumingMemoryBound(to: UInt8.self)
                slot += 1
            }
            return unsafe batch.lengths.withUnsafeMutableBufferPointer { lengths in
                unsafe batch.addresses.withUnsafeMutableBytes { addresses in
                    valueOrErrno {
                        unsafe vts_recvmmsg(
                            fd,
                            UnsafePointer(pointers.baseAddress!),
                            capacity,
                            lengths.baseAddress!,
                            CInt(count),
                            addresses.baseAddress!,
                            UInt32(ReceiveBatch.addressStride)
                        )
                    }
                }
            }
        }
        switch outcome {
        case .success(let received): return Int(received)
        case .failure(let error) where error == .wouldBlock: return 0
        case .failure(let error): throw error
        }
    }
}

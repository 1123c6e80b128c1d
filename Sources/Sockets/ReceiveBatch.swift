/// Buffers for one recvmmsg(2) call: `count` datagrams of up to `datagramCapacity` bytes each and
/// their senders' addresses, allocated once and freed in deinit.
///
/// `@safe`: its raw buffer never escapes; `withDatagram` lends a slot as a `RawSpan` valid only
/// during the call.
@safe public final class ReceiveBatch {
    /// Datagrams one receive call can return.
    public let count: Int
    /// Bytes each slot holds; a longer datagram is cut to this.
    public let datagramCapacity: Int
    let storage: UnsafeMutableRawPointer
    var lengths: [UInt32]
    var addresses: [UInt8]
    static let addressStride = 128  // sizeof(struct sockaddr_storage)

    /// Room for `count` datagrams (clamped to 1...`DatagramBatch.maximumCount`) of `datagramCapacity` bytes.
    public init(count: Int = 32, datagramCapacity: Int = 65_536 + 64) {
        self.count = min(max(count, 1), DatagramBatch.maximumCount)
        self.datagramCapacity = max(datagramCapacity, 1)
        unsafe self.storage = UnsafeMutableRawPointer.allocate(
            byteCount: self.count * self.datagramCapacity,
            alignment: 16
        )
        self.lengths = [UInt32](repeating: 0, count: self.count)
        self.addresses = [UInt8](repeating: 0, count: self.count * Self.addressStride)
    }

    /// Calls `body` with the datagram in `slot` (below the count the last receive returned) and
    /// its sender (nil when the kernel gave no IP address).
    public func withDatagram<R>(at slot: Int, _ body: (RawSpan, SocketAddress?) -> R) -> R {
        let length = min(Int(lengths[slot]), datagramCapacity)
        let source = unsafe addresses.withUnsafeBytes { raw in
            unsafe SocketAddress(
                storage: UnsafeRawBufferPointer(
                    rebasing: raw[(slot * Self.addressStride)..<((slot + 1) * Self.addressStride)]
                )
            )
        }
        let bytes = unsafe RawSpan(_unsafeStart: storage + slot * datagramCapacity, byteCount: length)
        return body(bytes, source)
    }

    deinit { unsafe storage.deallocate() }
}

import Glibc

/// Waits until one of a fixed set of descriptors is readable (poll(2)); the poll entries are
/// made once, so a wait allocates nothing.
public struct PollSet {
    private var entries: [pollfd]

    /// Watches `descriptors` for input.
    public init(_ descriptors: [CInt]) {
        entries = descriptors.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
    }

    /// Waits up to `timeoutMilliseconds` (-1: without limit) and returns how many descriptors are
    /// readable; 0 on timeout or when a signal interrupted the wait (it is not restarted, so the
    /// caller sees the signal promptly). The corresponding C function is `poll`.
    public mutating func wait(timeoutMilliseconds: Int32) throws(Errno) -> Int {
        let count = nfds_t(entries.count)
        let outcome = unsafe entries.withUnsafeMutableBufferPointer { buffer in
            valueOrErrno(retryOnInterrupt: false) { unsafe poll(buffer.baseAddress, count, timeoutMilliseconds) }
        }
        switch outcome {
        case .success(let ready): return Int(ready)
        case .failure(let error) where error == .interrupted: return 0
        case .failure(let error): throw error
        }
    }

    /// True when the last wait found input on the descriptor at `index`.
    public func isReadable(_ index: Int) -> Bool {
        entries[index].revents & Int16(POLLIN) != 0
    }
}

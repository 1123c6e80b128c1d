import Glibc

/// Runs one system call, reads `errno` right after it when it returns -1, and (by default)
/// calls it again after EINTR. The one place the socket layer reads `errno` and retries
/// interrupted calls (swift-system's `valueOrErrno(retryOnInterrupt:)`).
@inline(__always)
public func valueOrErrno<I: FixedWidthInteger>(retryOnInterrupt: Bool = true, _ call: () -> I) -> Result<I, Errno> {
    while true {
        let value = call()
        if value != -1 { return .success(value) }
        let error = Errno.current
        if retryOnInterrupt && error == .interrupted { continue }
        return .failure(error)
    }
}

/// `valueOrErrno` for calls whose only result is success or failure.
@inline(__always)
public func nothingOrErrno<I: FixedWidthInteger>(retryOnInterrupt: Bool = true, _ call: () -> I) -> Result<Void, Errno>
{
    valueOrErrno(retryOnInterrupt: retryOnInterrupt, call).map { _ in () }
}

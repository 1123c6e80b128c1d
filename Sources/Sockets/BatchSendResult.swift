/// What one `DatagramSocket.send(_:to:whenFull:)` did with a batch; the three counts add up to its size.
public struct BatchSendResult: Hashable, Sendable {
    /// Datagrams the kernel took.
    public var sent = 0
    /// Bytes of the datagrams the kernel took.
    public var bytes = 0
    /// Datagrams dropped because the socket's send buffer was full (EAGAIN with `.drop`).
    public var droppedBusy = 0
    /// Datagrams the kernel refused with another error (`lastError` says which).
    public var failed = 0
    /// The last error other than EAGAIN, if any.
    public var lastError: Errno?

    /// Nothing sent yet.
    public init() {}
}

/// What a send does when the socket's send buffer is full.
public enum SendPolicy: Sendable {
    /// Waits for room (a command replaying a file: nothing is lost, the replay slows down).
    case wait
    /// Never waits: the datagrams that do not fit are dropped and counted (a capture thread).
    case drop
}

/// Why `LibpcapHandle.readPackets` returned.
public enum LibpcapReadStop: Hashable, Sendable {
    /// `maximumCount` packets were delivered.
    case countReached
    /// A savefile ended.
    case endOfFile
    /// Live capture: the read timeout passed (or, non-blocking, nothing was waiting).
    case timeout
    /// `breakLoop()` was called.
    case broken
}

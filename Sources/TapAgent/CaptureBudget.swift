/// A token bucket over packets per second: the agent's CPU budget. Frames over it are dropped
/// before decoding (counted), so a flood on one VM cannot make the tap starve the host.
public struct CaptureBudget: Sendable {
    /// The budget in frames per second over all interfaces; `nil` admits every frame.
    public let packetsPerSecond: UInt64?
    private var tokens: Double
    private var lastNanoseconds: UInt64 = 0

    /// A budget of `packetsPerSecond` frames per second that starts full (one second's worth of frames may come in a
    /// burst); `nil` admits every frame.
    public init(packetsPerSecond: UInt64?) {
        self.packetsPerSecond = packetsPerSecond
        self.tokens = Double(packetsPerSecond ?? 0)
    }

    /// Takes one token; false when the budget for this second is spent.
    @inlinable
    public mutating func admit(now nanoseconds: UInt64) -> Bool {
        guard let rate = packetsPerSecond else { return true }
        return admitLimited(rate: rate, now: nanoseconds)
    }

    @usableFromInline
    mutating func admitLimited(rate: UInt64, now: UInt64) -> Bool {
        if lastNanoseconds != 0, now > lastNanoseconds {
            tokens = min(Double(rate), tokens + Double(now - lastNanoseconds) * Double(rate) / 1e9)
        }
        lastNanoseconds = now
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }
}

import GRE
import PacketCore

/// One destination's encoder, rate cap and counters, shared by every
/// `TunnelOutput`: admits a frame, encapsulates it and counts what happened.
struct DestinationEncoder {
    var encoder: TunnelEncoder
    var limiter: RateLimiter
    var counters = DestinationCounters()

    init(_ destination: TunnelDestination) {
        encoder = TunnelEncoder(endpoint: destination.endpoint)
        limiter = RateLimiter(bitsPerSecond: destination.bitsPerSecondCap, framesPerSecond: destination.framesPerSecondCap)
    }

    /// Encapsulates `frame` unless the rate cap refuses it at time `now()`
    /// (nanoseconds, read only when a cap is set); nil when dropped.
    mutating func encode(
        _ frame: RawSpan, flowHash: UInt32, timestamp: CaptureTimestamp, now: () -> UInt64
    ) -> TunnelEncodeResult? {
        if !limiter.isUnlimited, !limiter.admit(bytes: frame.byteCount, now: now()) {
            counters.droppedByCap += 1
            return nil
        }
        let result = encoder.encode(frame, flowHash: flowHash, timestamp: timestamp)
        counters.frames += 1
        if result.truncated { counters.truncated += 1 }
        if result.fragmented { counters.fragmented += 1 }
        return result
    }
}

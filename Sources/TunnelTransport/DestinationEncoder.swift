import GRE
import PacketCore
import TapVocabulary

/// One destination's encoder, rate cap and counters, shared by every
/// `TunnelOutput`: admits a frame, encapsulates it and counts what happened.
struct DestinationEncoder {
    var encoder: TunnelEncoder
    var limiter: RateLimiter
    var counters = DestinationCounters()

    init(_ destination: TunnelDestination) {
        encoder = TunnelEncoder(destination: destination)
        limiter = RateLimiter(
            bitsPerSecond: destination.rateCaps.bitsPerSecond,
            framesPerSecond: destination.rateCaps.packetsPerSecond
        )
    }

    /// Encapsulates `frame` unless the rate cap refuses it at time `now()`
    /// (nanoseconds, read only when a cap is set); nil when dropped.
    mutating func encode(
        _ frame: RawSpan,
        flowHash: UInt32,
        timestamp: CaptureTimestamp,
        now: () -> UInt64
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

    /// Encapsulates `frame` (as `encode`) and hands `each` what goes to the kernel, with the
    /// encoding's result: every outer packet, or for `udpPayloadOnly` the unfragmented packet
    /// after its outer IP and UDP headers (a UDP socket adds those). Counts frames,
    /// truncation, fragmentation and cap drops, not deliveries: a caller that sends in
    /// batches counts what the kernel took. False when the cap dropped the frame.
    ///
    /// One mutating call does it all, so a caller keeping encoders in an array inside a
    /// class reaches this one in place, once (a non-mutating call there would copy the
    /// whole encoder out first). `each` must not touch that array.
    mutating func encode(
        _ frame: RawSpan,
        flowHash: UInt32,
        timestamp: CaptureTimestamp,
        now: () -> UInt64,
        udpPayloadOnly: Bool,
        each: (_ packet: RawSpan, _ result: TunnelEncodeResult) -> Void
    ) -> Bool {
        guard let result = encode(frame, flowHash: flowHash, timestamp: timestamp, now: now) else { return false }
        if udpPayloadOnly {
            encoder.withUDPPayload { payload in each(payload, result) }
        } else {
            for packet in 0..<result.packetCount { encoder.withPacket(packet) { encoded in each(encoded, result) } }
        }
        return true
    }

    /// Encapsulates `frame` (as `encode`) and hands each resulting packet to
    /// `deliver` with the length the whole packet would have had (a truncated
    /// frame's packet is shorter); counts the packets and bytes `deliver`
    /// accepts, and its refusals as send errors. False when the cap dropped the frame.
    /// In place like `encode(each:)`; `deliver` must not touch the encoders' array.
    mutating func encode(
        _ frame: RawSpan,
        flowHash: UInt32,
        timestamp: CaptureTimestamp,
        now: () -> UInt64,
        deliver: (_ packet: RawSpan, _ originalLength: Int) -> Bool
    ) -> Bool {
        // Counted in locals: the closure must not touch `self` while `encoder` is borrowed (that would copy it).
        var packets = 0
        var bytes = 0
        var failures = 0
        let admitted = encode(frame, flowHash: flowHash, timestamp: timestamp, now: now, udpPayloadOnly: false) {
            encoded,
            result in
            let original = result.fragmented ? encoded.byteCount : max(result.fullLength, encoded.byteCount)
            if deliver(encoded, original) {
                packets += 1
                bytes += encoded.byteCount
            } else {
                failures += 1
            }
        }
        guard admitted else { return false }
        counters.packets += packets
        counters.bytes += bytes
        counters.sendErrors += failures
        return true
    }
}

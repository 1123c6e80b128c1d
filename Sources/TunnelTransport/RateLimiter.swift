/// A token bucket per destination: up to one second of burst, refilled from
/// the monotonic clock. `nil` caps admit everything.
struct RateLimiter {
    let bitsPerSecond: UInt64?
    let framesPerSecond: UInt64?
    private var bitTokens: Double
    private var frameTokens: Double
    private var last: UInt64 = 0

    init(bitsPerSecond: UInt64?, framesPerSecond: UInt64?) {
        self.bitsPerSecond = bitsPerSecond
        self.framesPerSecond = framesPerSecond
        self.bitTokens = Double(bitsPerSecond ?? 0)
        self.frameTokens = Double(framesPerSecond ?? 0)
    }

    var isUnlimited: Bool { bitsPerSecond == nil && framesPerSecond == nil }

    /// True when a frame of `bytes` may go now (and takes its tokens).
    mutating func admit(bytes: Int, now: UInt64) -> Bool {
        if isUnlimited { return true }
        if last != 0, now > last {
            let seconds = Double(now - last) / 1e9
            if let bits = bitsPerSecond { bitTokens = min(Double(bits), bitTokens + seconds * Double(bits)) }
            if let frames = framesPerSecond {
                frameTokens = min(Double(frames), frameTokens + seconds * Double(frames))
            }
        }
        last = now
        let needBits = Double(bytes * 8)
        if bitsPerSecond != nil && bitTokens < needBits { return false }
        if framesPerSecond != nil && frameTokens < 1 { return false }
        if bitsPerSecond != nil { bitTokens -= needBits }
        if framesPerSecond != nil { frameTokens -= 1 }
        return true
    }
}

/// A capture timestamp: seconds since the Unix epoch plus nanoseconds.
public struct CaptureTimestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Whole seconds since 1970 (negative before).
    public var seconds: Int64
    /// 0..<1_000_000_000.
    public var nanoseconds: UInt32

    /// A timestamp; `nanoseconds` of a second or more carry into `seconds`.
    @inlinable
    public init(seconds: Int64, nanoseconds: UInt32) {
        self.seconds = seconds + Int64(nanoseconds / 1_000_000_000)
        self.nanoseconds = nanoseconds % 1_000_000_000
    }

    /// Nanoseconds since the epoch (wraps after year 2262).
    @inlinable public var totalNanoseconds: Int64 { seconds &* 1_000_000_000 &+ Int64(nanoseconds) }
    /// Milliseconds since the epoch.
    @inlinable public var milliseconds: Int64 { seconds &* 1000 &+ Int64(nanoseconds / 1_000_000) }

    /// `SECONDS.NNNNNNNNN`, nanoseconds always with nine digits.
    public var description: String {
        let fraction = String(nanoseconds)
        return "\(seconds).\(String(repeating: "0", count: 9 - fraction.count))\(fraction)"
    }

    /// Earlier first: by seconds, then nanoseconds.
    public static func < (a: CaptureTimestamp, b: CaptureTimestamp) -> Bool {
        (a.seconds, a.nanoseconds) < (b.seconds, b.nanoseconds)
    }
}

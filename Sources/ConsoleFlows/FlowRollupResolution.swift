/// The resolutions flows are rolled up at, each its own table with its own
/// retention: 1 minute (7 days by default), 5 minutes (90 days), 1 hour
/// (2 years).
public enum FlowRollupResolution: Int64, CaseIterable, Sendable, Codable, Comparable {
    /// 1-minute buckets; kept 7 days by default.
    case minute = 60
    /// 5-minute buckets; kept 90 days by default.
    case fiveMinutes = 300
    /// 1-hour buckets; kept 2 years by default.
    case hour = 3600

    /// Bucket length in seconds.
    public var seconds: Int64 { rawValue }

    /// The table that holds this resolution's rows.
    public var tableName: String {
        switch self {
        case .minute: "flow_rollup_1m"
        case .fiveMinutes: "flow_rollup_5m"
        case .hour: "flow_rollup_1h"
        }
    }

    /// Default retention in seconds: 7 days, 90 days, 2 years (730 days).
    public var defaultRetentionSeconds: Int64 {
        switch self {
        case .minute: 7 * 86_400
        case .fiveMinutes: 90 * 86_400
        case .hour: 730 * 86_400
        }
    }

    /// The start (seconds since the epoch) of the bucket holding `milliseconds`.
    public func bucket(ofMilliseconds milliseconds: Int64) -> Int64 {
        let seconds = milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000
        return bucket(ofSeconds: seconds)
    }

    /// The start of the bucket holding `seconds` (floor, also before 1970).
    public func bucket(ofSeconds seconds: Int64) -> Int64 {
        let r = seconds % self.seconds
        return r >= 0 ? seconds - r : seconds - r - self.seconds
    }

    /// Finer before coarser: by bucket length.
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

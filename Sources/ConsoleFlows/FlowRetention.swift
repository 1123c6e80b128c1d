/// How long each rollup table keeps its rows, and which table answers a
/// query's time range.
public struct FlowRetention: Hashable, Sendable, Codable {
    /// Seconds per resolution (missing: the resolution's default).
    public var seconds: [FlowRollupResolution: Int64]

    /// Retention of `seconds` per resolution; a resolution left out keeps its default.
    public init(seconds: [FlowRollupResolution: Int64] = [:]) { self.seconds = seconds }

    /// How many seconds rows of `resolution` are kept: the configured value, or the resolution's default.
    public func retention(of resolution: FlowRollupResolution) -> Int64 {
        seconds[resolution] ?? resolution.defaultRetentionSeconds
    }

    /// The oldest bucket start a table keeps at `now` (seconds): rows of
    /// earlier buckets are removed by the expiry job.
    public func horizon(of resolution: FlowRollupResolution, now: Int64) -> Int64 {
        resolution.bucket(ofSeconds: now - retention(of: resolution))
    }

    /// The table a query over `start..<end` (seconds) reads: the coarsest
    /// whose buckets align with both ends and whose retention still holds
    /// `start`; when no table aligns, the finest that still holds `start`
    /// (its partly covered end buckets are counted whole); when none holds
    /// it, the coarsest (the longest kept) with what is left.
    public func table(for start: Int64, _ end: Int64, now: Int64) -> FlowRollupResolution {
        let kept = FlowRollupResolution.allCases.filter { horizon(of: $0, now: now) <= start }
        if let aligned = kept.reversed().first(where: { start % $0.seconds == 0 && end % $0.seconds == 0 }) {
            return aligned
        }
        return kept.first ?? .hour
    }

    /// The interval of a time series over `start..<end`: the smallest of
    /// 1 min, 5 min, 15 min, 1 h, 6 h, 1 day giving at most 360 points, and
    /// at least the bucket of the table that holds `start`.
    public func seriesInterval(for start: Int64, _ end: Int64, now: Int64) -> Int64 {
        let finest = FlowRollupResolution.allCases.first { horizon(of: $0, now: now) <= start } ?? .hour
        let span = max(end - start, 1)
        for interval: Int64 in [60, 300, 900, 3600, 21_600, 86_400] where interval >= finest.seconds {
            if span / interval <= 360 { return interval }
        }
        return 86_400 * ((span / 86_400 + 359) / 360)
    }
}

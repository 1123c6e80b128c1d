import ArgumentParser
import ConsoleFlows

/// `--flow-retention 1m=7d,5m=90d,1h=730d`: retention per rollup table (units s, m, h, d).
enum FlowRetentionOption {
    static func parse(_ text: String) throws -> FlowRetention {
        var retention = FlowRetention()
        for part in text.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
            let tables: [String: FlowRollupResolution] = ["1m": .minute, "5m": .fiveMinutes, "1h": .hour]
            guard pair.count == 2, let table = tables[pair[0]], let seconds = DurationOption.seconds(pair[1]) else {
                throw ValidationError(
                    "--flow-retention: '\(part)' is not TABLE=DURATION (TABLE 1m, 5m or 1h; DURATION like 7d, 12h)"
                )
            }
            retention.seconds[table] = seconds
        }
        return retention
    }
}

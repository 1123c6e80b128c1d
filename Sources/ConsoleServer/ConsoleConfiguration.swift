import ConsoleFlows

/// How a console behaves (the `tapctl console` options map onto it).
public struct ConsoleConfiguration: Sendable {
    /// How often agents send heartbeats; an agent is pending after two missed ones and
    /// disconnected after three.
    public var heartbeatIntervalSeconds: Double = 10
    /// How long a login session lasts.
    public var sessionLifetimeSeconds: Double = 12 * 3600
    /// bcrypt's cost (2^cost rounds); 12 by default, lower only in tests.
    public var bcryptCost: UInt8 = 12
    /// The flow-export target given to agents (`HOST:PORT`), if any.
    public var flowExport: String?
    /// Seconds between inventory polls (sources with change signals also trigger a poll).
    public var inventoryPollIntervalSeconds: Double = 5

    /// How long each flow rollup table keeps its rows (defaults: 7 days, 90 days, 2 years).
    public var flowRetention = FlowRetention()
    /// Seconds between writes of the collector's rollups to the store.
    public var flowFlushIntervalSeconds: Double = 1
    /// Seconds between runs of the rollup expiry job.
    public var flowExpiryIntervalSeconds: Double = 300

    /// How long the heartbeat samples (tap health, `heartbeat_samples`) are kept: 7 days by default.
    public var healthRetentionSeconds: Int64 = 7 * 86_400
    /// Seconds between runs of the heartbeat-sample expiry job.
    public var healthExpiryIntervalSeconds: Double = 300

    /// The defaults: heartbeats every 10 s, 12-hour sessions, bcrypt cost 12, no flow export, inventory polled every 5
    /// s, default retention, flows flushed every second and expired every 5 minutes, heartbeat samples kept 7 days.
    public init() {}
}

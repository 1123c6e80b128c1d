import ConsoleStore
import Logging
import ServiceLifecycle

/// Removes the heartbeat samples older than `healthRetentionSeconds`: when the console starts and
/// then every `healthExpiryIntervalSeconds`, until a graceful shutdown. Several consoles on one
/// database may each run it (a delete of rows already gone removes nothing).
public struct HeartbeatSampleExpiryService: Service {
    /// The console whose store and configuration the job uses.
    public let core: ConsoleCore
    let logger: Logger

    /// The job for `core`, logging failures to `logger`.
    public init(core: ConsoleCore, logger: Logger = Logger(label: "virtualtap.console.health")) {
        self.core = core
        self.logger = logger
    }

    /// Expires now and then every interval until the service group shuts down gracefully.
    public func run() async throws {
        let interval = core.configuration.healthExpiryIntervalSeconds
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await expire()
                try await Task.sleep(for: .milliseconds(Int(interval * 1000)))
            }
        }
    }

    /// Removes the samples older than the retention at `now` (milliseconds); returns how many (0 after
    /// a failure, which is logged unless the job was cancelled).
    @discardableResult
    public func expire(now: Int64 = ConsoleClock.nowMilliseconds()) async -> Int {
        do {
            let removed = try await core.store.expireHeartbeatSamples(
                before: now - core.configuration.healthRetentionSeconds * 1000
            )
            core.metrics.countHeartbeatSamplesExpired(removed)
            return removed
        } catch {
            // A shutdown cancels the job's query; that is no failure to report.
            if !Task.isCancelled { logger.error("heartbeat sample expiry: \(String(reflecting: error))") }
            return 0
        }
    }
}

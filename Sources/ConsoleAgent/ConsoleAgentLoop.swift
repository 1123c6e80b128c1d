import Foundation
import Logging

/// The agent's side of the console: start from the console's bundle (or the cached one when the
/// console cannot be reached), then every heartbeat interval send a report and fetch the bundle
/// with `If-None-Match`; a new bundle is written to the state directory and `apply` is called
/// (the tap reloads its policy and inventory from those files, without a restart).
public struct ConsoleAgentLoop: Sendable {
    /// The client, holding the agent's credential.
    public let client: ConsoleClient
    /// Where the credential and the last good bundle are kept.
    public let state: AgentStateDirectory
    let logger: Logger

    /// A loop for an agent already enrolled (`client` holds the credential);
    /// ``connect(console:state:enrollmentToken:name:)`` enrolls first when needed.
    public init(
        client: ConsoleClient,
        state: AgentStateDirectory,
        logger: Logger = Logger(label: "virtualtap.agent.console")
    ) {
        self.client = client
        self.state = state
        self.logger = logger
    }

    /// Enrolls when the state directory has no credential (needs `enrollmentToken`), else loads it.
    public static func connect(
        console: URL,
        state: AgentStateDirectory,
        enrollmentToken: String?,
        name: String
    ) async throws -> ConsoleAgentLoop {
        if let credential = try state.loadCredential() {
            return ConsoleAgentLoop(client: ConsoleClient(baseURL: console, credential: credential), state: state)
        }
        guard let enrollmentToken else {
            throw ConsoleClientError("no credential in \(state.credentialPath): enroll once with --enroll-token TOKEN")
        }
        let credential = try await ConsoleClient(baseURL: console).enroll(token: enrollmentToken, name: name)
        try state.save(credential)
        return ConsoleAgentLoop(client: ConsoleClient(baseURL: console, credential: credential), state: state)
    }

    /// The bundle to start with: fresh from the console, else the cached one (logged), else an error.
    public func initialBundle() async throws -> ConfigBundle {
        do {
            if let bundle = try await client.bundle(ifNoneMatch: nil) {
                try state.save(bundle)
                return bundle
            }
        } catch let error as ConsoleClientError where error.status == 401 || error.status == 403 {
            throw error  // a refused credential is not an outage
        } catch {
            if let cached = try state.loadBundle() {
                logger.warning(
                    "console unreachable, starting on the cached bundle",
                    metadata: ["revision": "\(cached.revision)", "error": "\(error)"]
                )
                return cached
            }
            throw ConsoleClientError("the console is unreachable and no bundle is cached in \(state.path): \(error)")
        }
        guard let cached = try state.loadBundle() else { throw ConsoleClientError("the console sent no bundle") }
        return cached
    }

    /// Runs until cancelled. `report` gives the counters for each heartbeat; `apply` is called
    /// after a new bundle has been written (on the loop's task), and the next heartbeat follows
    /// half a second later (or one interval, if shorter), so the console sees the new revision
    /// applied without waiting a whole interval.
    public func run(
        from bundle: ConfigBundle,
        report: @escaping @Sendable (_ appliedRevision: String) async -> AgentHeartbeat,
        apply: @escaping @Sendable (ConfigBundle) async -> Void
    ) async {
        var current = bundle
        var reachable = true
        // Rounds start on a fixed cadence (the time a round takes does not stretch the interval
        // the console measures); a round that overruns starts the next one at once, no burst.
        let clock = ContinuousClock()
        var next = clock.now
        // A new bundle is reported this soon after it is applied (the reload it asks for takes
        // effect at the capture thread's next turn), then the cadence goes on from there.
        let settle = Duration.milliseconds(500)
        while !Task.isCancelled {
            next = next.advanced(by: Self.interval(of: current))
            if next < clock.now { next = clock.now }
            try? await Task.sleep(until: next, clock: clock)
            if Task.isCancelled { break }
            do {
                try await client.heartbeat(await report(current.revision))
                if let fresh = try await client.bundle(ifNoneMatch: current.revision),
                    fresh.revision != current.revision
                {
                    try state.save(fresh)
                    logger.info("new configuration from the console", metadata: ["revision": "\(fresh.revision)"])
                    current = fresh
                    await apply(fresh)
                    let interval = Self.interval(of: current)
                    next = clock.now.advanced(by: min(settle, interval) - interval)
                }
                if !reachable { logger.info("console reachable again") }
                reachable = true
            } catch {
                if reachable {
                    logger.warning("console unreachable, tapping on the last bundle", metadata: ["error": "\(error)"])
                }
                reachable = false
            }
        }
    }

    /// The bundle's heartbeat interval (at least 0.1 s).
    static func interval(of bundle: ConfigBundle) -> Duration {
        .milliseconds(Int(max(bundle.heartbeatIntervalSeconds, 0.1) * 1000))
    }
}

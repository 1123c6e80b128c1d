import ArgumentParser
import ConsoleAgent
import Foundation
import TapAgent

/// The options of `tapctl tap` that make it a console's agent.
public struct ConsoleTapOptions: ParsableArguments {
    /// `--console URL`: the console (`http(s)://HOST:PORT`) to take policy and inventory from and report to.
    @Option(
        name: .customLong("console"),
        help: "Take policy and inventory from this console (http(s)://HOST:PORT) and report to it."
    )
    public var url: String?

    /// `--enroll-token TOKEN`: the enrollment token, needed only when the state folder has no credential yet.
    @Option(name: .customLong("enroll-token"), help: "Enrollment token for the first start with --console.")
    public var enrollToken: String?

    /// `--console-state DIR`: the folder for the credential (mode 0600) and the cached bundle
    /// (`/var/lib/virtualtap/agent` by default).
    @Option(
        name: .customLong("console-state"),
        help:
            "Folder for the agent's credential (mode 0600) and its cached bundle (default /var/lib/virtualtap/agent).",
        completion: .directory
    )
    public var statePath = "/var/lib/virtualtap/agent"

    /// The options at their defaults: no console.
    public init() {}
}

extension TapCommand {
    /// `--console`: enroll (first start) or load the credential, start from the console's bundle
    /// (or the cached one), run the live agent on the bundle's policy and inventory files, and
    /// beside it send heartbeats and apply new bundles through the agent's reload (SIGHUP) path.
    func runWithConsole(_ url: String) async throws {
        guard let consoleURL = URL(string: url), let scheme = consoleURL.scheme, ["http", "https"].contains(scheme)
        else {
            throw CommandFailure("--console \(url) must be an http(s) URL")
        }
        guard read == nil, policy.isEmpty, live.inventory.isEmpty else {
            throw CommandFailure("--console supplies the policy and inventory: drop --read, --policy and --inventory")
        }
        let name = live.hostName ?? ProcessInfo.processInfo.hostName
        let connection: ConsoleAgentLoop
        let bundle: ConfigBundle
        do {
            let state = try AgentStateDirectory(path: console.statePath)
            connection = try await ConsoleAgentLoop.connect(
                console: consoleURL,
                state: state,
                enrollmentToken: console.enrollToken,
                name: name
            )
            bundle = try await connection.initialBundle()
        } catch let error as ConsoleClientError { throw CommandFailure(error.description) }
        var command = self
        command.policy = connection.state.policyPath
        command.live.inventory = ["file:" + connection.state.inventoryPath]
        command.live.hostName = name
        if command.vm.isEmpty && command.interface.isEmpty { command.vm = ["*"] }  // every VM of this host
        if command.live.netflow == nil { command.live.netflow = bundle.flowExport }
        try await command.runLive { agent in
            await connection.run(
                from: bundle,
                report: { revision in Self.heartbeat(revision: revision, statistics: await agent.statisticsSnapshot())
                },
                apply: { _ in AgentSignals.raise(.reload) }
            )  // the agent re-reads the policy and inventory files
        }
    }

    /// The heartbeat for the agent's counters since it started.
    static func heartbeat(revision: String, statistics: AgentStatistics) -> AgentHeartbeat {
        AgentHeartbeat(
            appliedRevision: revision,
            destinations: statistics.destinations.map {
                HeartbeatDestination(
                    name: $0.name,
                    packets: UInt64($0.sender.packets),
                    bytes: UInt64($0.sender.bytes),
                    drops: UInt64($0.sender.droppedByCap + $0.sampledOut),
                    errors: UInt64($0.sender.sendErrors)
                )
            },
            captureDrops: UInt64(statistics.interfaces.reduce(0) { $0 + $1.kernelDrops }),
            interfaces: statistics.interfaces.filter(\.isOpen).map(\.name),
            flowsExported: statistics.flowsExported
        )
    }
}

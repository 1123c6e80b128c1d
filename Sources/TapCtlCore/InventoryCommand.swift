import ArgumentParser
import Foundation
import Inventory

/// `tapctl inventory`: show (and follow) the hosts, VMs, NICs and networks that
/// one or more sources report.
struct InventoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inventory",
        abstract:
            "Show hosts, VMs (with NICs: MAC, IP, interface, network) and networks; --watch follows changes and migrations.",
        discussion: """
            Sources: file:PATH (YAML or JSON), libvirt:URI (qemu:///system, test:///PATH/node.xml), \
            vsphere:URL (http(s)://[user:pass@]vcenter/sdk). Several --source options are merged; \
            conflicts between them are listed, not hidden.

            vSphere credentials come from the URL, --username/--password, or the environment \
            variables VIRTUALTAP_VSPHERE_USERNAME and VIRTUALTAP_VSPHERE_PASSWORD.

            Examples:
              tapctl inventory --source file:estate.yaml
              tapctl inventory --source libvirt:qemu:///system --json
              tapctl inventory --source vsphere:https://vc.example/sdk --watch
            """
    )

    @Option(name: .customLong("source"), help: "file:PATH | libvirt:URI | vsphere:URL (repeat to merge).")
    var sources: [String] = []

    @Flag(help: "Print JSON (with --watch: one JSON object per event line).")
    var json = false

    @Flag(help: "Keep running and print changes (added, removed, moved, state, nics) as they happen.")
    var watch = false

    @Option(help: "Seconds between polls with --watch (libvirt events also trigger a poll).")
    var interval: Double = 2

    @Option(help: "Stop watching this many seconds after the first read (default: until interrupted).")
    var duration: Double?

    @Option(help: "Seconds a VM that vanished is held back in case it reappears on another source (a migration).")
    var migrationGrace: Double = 0

    @Option(help: "vSphere user name (else VIRTUALTAP_VSPHERE_USERNAME or the URL).")
    var username: String?

    @Option(help: "vSphere password (else VIRTUALTAP_VSPHERE_PASSWORD or the URL).")
    var password: String?

    func validate() throws {
        if sources.isEmpty { throw ValidationError("give at least one --source") }
        if interval <= 0 { throw ValidationError("--interval must be positive") }
        if duration != nil && !watch { throw ValidationError("--duration only applies with --watch") }
    }

    func run() async throws {
        let credentials = InventorySourceOption.Credentials(
            username: username,
            password: password,
            environment: ProcessInfo.processInfo.environment
        )
        let tracker = InventoryTracker(
            sources: try sources.map { try InventorySourceOption.makeSource($0, credentials: credentials) },
            migrationGrace: .milliseconds(Int(migrationGrace * 1000))
        )
        let initial = await tracker.refresh()
        let view = await tracker.view
        let failures = initial.compactMap { event -> String? in
            guard case .sourceFailed(let source, let reason) = event.change else { return nil }
            return source.hasPrefix("file:") ? reason : source + ": " + reason  // file errors name the path
        }
        if !watch {
            if let failure = failures.first { throw CommandFailure(failure) }
            print(json ? try InventoryReport(view).json() : InventoryReport(view).table(), terminator: "")
            return
        }
        if json {
            for failure in initial where failure.kind == "source-failed" { try printJSONLine(failure) }
        } else {
            print(InventoryReport(view).table(), terminator: "")
            for failure in failures { print("warning: " + failure) }
        }
        // Status goes to stderr so that stdout holds only the table and the events.
        FileHandle.standardError.write(Data("watching for changes (interval \(interval) s)...\n".utf8))
        try await follow(tracker)
    }

    private func follow(_ tracker: InventoryTracker) async throws {
        let feed = tracker.changes(pollInterval: .milliseconds(Int(interval * 1000)))
        let deadline = duration.map { ContinuousClock.now.advanced(by: .milliseconds(Int($0 * 1000))) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for await event in feed {
                    if json { try printJSONLine(event) } else { print(event.description) }
                    fflush(nil)
                }
            }
            if let deadline {
                group.addTask { try await Task.sleep(until: deadline) }
                try await group.next()
                group.cancelAll()
            } else {
                try await group.waitForAll()
            }
        }
    }

    private func printJSONLine(_ event: InventoryEvent) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        print(String(decoding: try encoder.encode(InventoryEventRecord(event)), as: UTF8.self))
    }
}

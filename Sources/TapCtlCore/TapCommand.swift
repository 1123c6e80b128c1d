import ArgumentParser
import Foundation
import GRE
import NetworkTypes
import PacketCore
import Policy
import TapPipeline
import TapVocabulary
import TunnelTransport

/// `tapctl tap --read FILE --policy POLICY [--write-encap OUT.pcap] [--stats-json FILE]`.
public struct TapCommand: AsyncParsableCommand {
    /// The subcommand's name (`tap`), abstract and discussion with examples, as `tapctl tap --help` prints them.
    public static let configuration = CommandConfiguration(
        commandName: "tap",
        abstract: "Select frames by policy and ship them encapsulated to the policy's destinations.",
        discussion: """
            Decodes every frame, asks the policy which destinations get it, and encapsulates it for each
            (GRE, ERSPAN II/III, VXLAN). With --write-encap the packets that would go on the wire (outer
            IPv4/IPv6 + tunnel + frame) are written to a pcap instead of being sent. Prints per-destination
            packets, bytes, truncated and dropped, and per-rule hits.

            Examples:
              tapctl tap --read dc.pcapng --policy policy.yaml --write-encap out.pcap
              sudo tapctl tap --read dc.pcap --policy policy.yaml --source 192.0.2.1
              sudo tapctl tap --vm 'web-*' --inventory file:vms.yaml --policy p.yaml
              sudo tapctl tap --interface vnet0 --policy policy.yaml --duration 60

            Live (--interface / --vm): the agent (Docs/Agent.md). A frame between tapped VMs is copied once, by one \
            host; migrations and interfaces that come and go are followed; SIGHUP reloads policy and inventory, \
            SIGUSR1 prints the counters, SIGINT/SIGTERM flush flows and exit. Its own traffic is never captured.
            """
    )

    /// `--read FILE`: tap the frames of a capture (pcap, pcapng, `.gz`) instead of capturing live.
    @Option(name: .long, help: "Read frames from a capture (pcap, pcapng, .gz).", completion: .file())
    public var read: String?

    /// `--interface IF` (repeatable): capture live on these interfaces.
    @Option(name: .long, help: "Live capture on this interface (repeatable).")
    public var interface: [String] = []

    /// `--vm GLOB` or `--vm tag:NAME` (repeatable, needs `--inventory`): capture live on the interfaces of these VMs.
    @Option(
        name: .long,
        help:
            "Live capture on the interfaces of the VMs matching this name glob or tag:NAME (repeatable; needs --inventory)."
    )
    public var vm: [String] = []

    /// The live agent's options (TapCommand+Live.swift).
    @OptionGroup(title: "Live capture (the agent)")
    public var live: LiveTapOptions

    /// `--policy FILE`: the policy (YAML); empty with `--console`, which supplies it.
    @Option(name: .long, help: "The policy file (YAML); with --console the console supplies it.", completion: .file())
    public var policy: String = ""

    /// `--write-encap OUT.pcap`: write the encapsulated packets to this pcap instead of sending them.
    @Option(
        name: .customLong("write-encap"),
        help: "Write the encapsulated packets to this pcap instead of sending.",
        completion: .file()
    )
    public var writeEncap: String?

    /// `--source ADDR`: the outer IPv4 source for destinations that name none (0.0.0.0 by default).
    @Option(name: .long, help: "Outer IPv4 source for destinations without one (default 0.0.0.0).")
    public var source: String?

    /// `--source6 ADDR`: the outer IPv6 source for destinations that name none (needed for IPv6 GRE and ERSPAN).
    @Option(
        name: .long,
        help: "Outer IPv6 source for destinations without one (needed for IPv6 GRE/ERSPAN destinations)."
    )
    public var source6: String?

    /// `--oversize truncate|fragment`: what every destination does with frames over its path MTU (by default each
    /// destination's own choice: truncate for ERSPAN, fragment for the others).
    @Option(
        help:
            "Frames over a destination's path MTU: truncate or fragment (default: truncate for ERSPAN, which flags the cut; fragment for the others)."
    )
    public var oversize: OversizePolicy?

    /// `--stats-json FILE`: also write the statistics as JSON to this file.
    @Option(
        name: .customLong("stats-json"),
        help: "Also write the statistics as JSON to this file.",
        completion: .file()
    )
    public var statsJSON: String?

    /// The options that make the tap a console's agent.
    @OptionGroup(title: "Console agent")
    public var console: ConsoleTapOptions

    /// A command with every option at its default; ArgumentParser fills them from the arguments.
    public init() {}

    /// Checks the options before `run()`: without `--console`, an input (`--read`, `--interface` or `--vm`),
    /// `--policy`, and a `.pcap` name (or a device) for `--write-encap`.
    ///
    /// - Throws: `ValidationError` naming the option.
    public func validate() throws {
        if console.url != nil { return }  // the console supplies policy and inventory (checked in runWithConsole)
        guard read != nil || !interface.isEmpty || !vm.isEmpty else {
            throw ValidationError("give --read FILE (or --interface / --vm)")
        }
        guard !policy.isEmpty else { throw ValidationError("give --policy FILE (or --console URL)") }
        if let writeEncap { try CaptureOutputPath.check(writeEncap, option: "--write-encap", pcapng: false) }
    }

    /// Runs the console agent with `--console`, the live agent with `--interface` / `--vm`, or the offline tap over
    /// `--read`, then prints the per-destination and per-rule counters.
    ///
    /// - Throws: `CommandFailure` for an invalid policy, an unreadable inventory or capture, a bad source address, or
    ///   an output that cannot be opened.
    public func run() async throws {
        if let url = console.url { return try await runWithConsole(url) }
        guard let read else { return try await runLive() }
        let virtualMachines = try await PolicyVMResolution.virtualMachines(inventory: live.inventory)
        let compiled: CompiledPolicy
        do {
            compiled = try CompiledPolicy(contentsOf: policy, virtualMachines: virtualMachines)
        } catch { throw CommandFailure(error.locatedMessage) }
        let destinations = TapDestinations.make(
            from: compiled,
            source: try address(source, "--source"),
            source6: try address(source6, "--source6"),
            oversize: oversize
        )
        try OuterSourceCheck.require(destinations, writingFile: writeEncap != nil, option: "--source6")
        // One concrete output type per branch, so the pipeline is specialized for it.
        let output: any TunnelOutput
        let statistics: TapStatistics
        let readError: CaptureFileError?
        do {
            if let writeEncap {
                let pcap = try TunnelPcapOutput(path: writeEncap, destinations: destinations)
                (statistics, readError) = try Self.tap(read, policy: compiled, output: pcap)
                output = pcap
            } else {
                let sender = try TunnelSender(destinations: destinations)
                (statistics, readError) = try Self.tap(read, policy: compiled, output: sender)
                output = sender
            }
        } catch let error as CaptureFileError { throw CommandFailure(error.description) } catch let error
            as TransportError
        { throw CommandFailure(error.description) }
        print(DestinationTable.render(output.destinations, output.counters))
        print("")
        print(
            "frames \(statistics.frames), tapped \(statistics.tapped), default \(statistics.defaultHits), "
                + "own tunnel \(statistics.ownTunnel), decode errors \(statistics.decodeErrors)"
        )
        print("rule                             hits")
        for rule in statistics.rules {
            print(rule.name.padding(toLength: 30, withPad: " ", startingAt: 0) + String(rule.hits).rightJustified(8))
        }
        if let statsJSON {
            let report = TapReport(
                statistics: statistics,
                destinations: zip(output.destinations, output.counters).map {
                    TapReport.DestinationReport(name: $0.name, encapsulation: $0.encapsulation.name, counters: $1)
                }
            )
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            do { try encoder.encode(report).write(to: URL(fileURLWithPath: statsJSON)) } catch {
                throw CommandFailure("cannot write \(statsJSON): \(error.localizedDescription)")
            }
        }
        if let readError { throw CommandFailure("\(readError.description) (frames before it were tapped)") }
    }

    /// Runs every frame of `path` through the pipeline (generic, so the per-frame
    /// calls into `output` are direct) and closes a pcap output.
    private static func tap<Output: TunnelOutput>(
        _ path: String,
        policy: CompiledPolicy,
        output: Output
    ) throws
        -> (TapStatistics, CaptureFileError?)
    {
        var pipeline = TapPipeline(policy: policy, output: output)
        let reader: CaptureFileReader
        do { reader = try CaptureFileReader(path: path) } catch { throw CommandFailure(error.description) }
        var readError: CaptureFileError?
        do {
            try reader.forEachFrame { record, frame in
                pipeline.process(
                    frame,
                    linkType: record.linkType,
                    wireLength: record.originalLength,
                    timestamp: record.timestamp
                )
                return true
            }
        } catch { readError = error }
        let statistics: TapStatistics
        do { statistics = try pipeline.finish() } catch { throw CommandFailure(error.description) }
        if let pcap = output as? TunnelPcapOutput {
            do { try pcap.close() } catch { throw CommandFailure(error.description) }
        }
        return (statistics, readError)
    }

    private func address(_ text: String?, _ option: String) throws -> IPAddress? {
        guard let text else { return nil }
        guard let parsed = IPAddress(text) else { throw CommandFailure("\(option) \(text) is not an IP address") }
        return parsed
    }
}

/// The JSON shape of `tapctl tap --stats-json`.
struct TapReport: Encodable {
    struct DestinationReport: Encodable {
        var name: String
        var encapsulation: String
        var counters: DestinationCounters
    }

    var statistics: TapStatistics
    var destinations: [DestinationReport]
}

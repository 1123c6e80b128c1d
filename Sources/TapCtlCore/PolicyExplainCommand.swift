import ArgumentParser
import Foundation
import NetworkTypes
import PacketCore
import Policy

/// `tapctl policy explain POLICY --read FILE [--frame N] [--summary] [--json] [--inventory SOURCE]`.
public struct PolicyExplainCommand: AsyncParsableCommand {
    /// The subcommand's name (`explain`), abstract and discussion with examples, as `tapctl policy explain --help`
    /// prints them.
    public static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show, for each frame of a capture, the rule that matched and the destinations chosen.",
        discussion: """
            Frames are numbered from 1. A frame that does not decode completely is matched on
            what was decoded (its error is shown); keys on missing layers do not match.
            --summary decodes and matches every frame and prints only the hits per rule
            (the fast path, no per-frame output).

            Examples:
              tapctl policy explain policy.yaml --read capture.pcapng
              tapctl policy explain policy.yaml --read capture.pcap.gz --frame 12 --json
              tapctl policy explain policy.yaml --read capture.pcap --summary
            """
    )

    @OptionGroup var input: PolicyInputOptions
    @Option(
        name: .customLong("read"),
        help: ArgumentHelp("The capture (.pcap, .pcapng, optionally .gz).", valueName: "FILE"),
        completion: .file()
    )
    var capture: String
    @Option(help: "Explain only this frame (1-based).")
    var frame: Int?
    @Flag(help: "Print only per-rule hit counts.")
    var summary = false
    @Flag(help: "Print JSON.")
    var json = false

    /// A command with every option at its default; ArgumentParser fills them from the arguments.
    public init() {}

    /// Checks that `--frame` counts from 1 and is not combined with `--summary`.
    ///
    /// - Throws: `ValidationError`.
    public func validate() throws {
        if let frame, frame < 1 { throw ValidationError("--frame counts from 1") }
        if summary && frame != nil { throw ValidationError("--summary and --frame cannot be combined") }
    }

    /// Prints the rule and destinations chosen for each frame (or one), or with `--summary` the hits per rule.
    ///
    /// - Throws: `CommandFailure` for an invalid policy, an unreadable inventory or capture.
    public func run() async throws {
        let clock = ContinuousClock()
        let start = clock.now
        let (policy, virtualMachines) = try await input.load()
        let compiled = CompiledPolicy(policy, virtualMachines: virtualMachines)
        let loadTime = clock.now - start
        let reader: CaptureFileReader
        do { reader = try CaptureFileReader(path: capture) } catch { throw CommandFailure(error.description) }
        if summary {
            try runSummary(compiled, reader, loadTime: loadTime)
        } else {
            try runFrames(compiled, reader)
        }
    }

    /// Decodes and matches every frame; counts only.
    private func runSummary(_ compiled: CompiledPolicy, _ reader: CaptureFileReader, loadTime: Duration) throws {
        let clock = ContinuousClock()
        let loopStart = clock.now
        let ruleCount = compiled.policy.rules.count
        // Per rule, then default, then own-tunnel: packets and bytes side by side (one array,
        // one uniqueness check per frame).
        var tallies = [(packets: Int, bytes: Int)](repeating: (0, 0), count: ruleCount + 2)
        var frames = 0
        var malformed = 0
        var copies = 0
        var packet = DecodedPacket()
        let decoder = PacketDecoder()
        var readError: CaptureFileError?
        do {
            try reader.forEachFrame { record, frame in
                do throws(WireError) {
                    try decoder.decode(
                        frame,
                        linkType: record.linkType,
                        wireLength: record.originalLength,
                        into: &packet
                    )
                } catch { malformed += 1 }
                let decision = compiled.decide(packet)
                let slot =
                    switch decision.outcome {
                    case .rule(let index): index
                    case .defaultAction: ruleCount
                    case .ownTunnel: ruleCount + 1
                    }
                tallies[slot].packets += 1
                tallies[slot].bytes += record.originalLength
                copies += decision.destinations.count
                frames += 1
                return true
            }
        } catch { readError = error }
        let loopTime = clock.now - loopStart
        let rows = (0..<(ruleCount + 2)).map { slot in
            PolicySummaryReport.Row(
                rule: slot < ruleCount
                    ? compiled.policy.rules[slot].name : slot == ruleCount ? "default" : "own-tunnel",
                packets: tallies[slot].packets,
                bytes: tallies[slot].bytes
            )
        }
        func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
        let report = PolicySummaryReport(
            file: capture,
            frames: frames,
            malformed: malformed,
            copies: copies,
            policyLoadSeconds: seconds(loadTime),
            matchSeconds: seconds(loopTime),
            rules: rows
        )
        if json {
            printJSON(report)
        } else {
            print("frames: \(frames) (\(malformed) malformed), copies to send: \(copies)")
            print(
                String(
                    format: "policy loaded in %.3f s, frames read, decoded and matched in %.3f s",
                    report.policyLoadSeconds,
                    report.matchSeconds
                )
            )
            // Rule names are ASCII (the parser allows letters, digits, '-', '_', '.'), so the
            // UTF-8 count is the column width; one buffer for every row (10,000 rules: 10,000 lines).
            let width = max(10, rows.map(\.rule.utf8.count).max() ?? 0)
            var text = ""
            text.reserveCapacity(rows.count * (width + 40))
            for row in rows where row.packets > 0 || row.rule != "own-tunnel" {
                text += "  "
                text += row.rule
                for _ in 0..<(width - row.rule.utf8.count) { text += " " }
                text += "  "
                text += String(row.packets)
                text += " packets  "
                text += String(row.bytes)
                text += " bytes\n"
            }
            print(text, terminator: "")
        }
        if let readError { throw CommandFailure("\(readError.description) (after \(frames) frames)") }
    }

    /// One line (or JSON object) per frame, or just the frame asked for.
    private func runFrames(_ compiled: CompiledPolicy, _ reader: CaptureFileReader) throws {
        var packet = DecodedPacket()
        let decoder = PacketDecoder()
        var rows: [PolicyFrameExplanation] = []
        var found = false
        while true {
            let record: CaptureRecord?
            do { record = try reader.next() } catch { throw CommandFailure(error.description) }
            guard let record else { break }
            if let frame, record.number != frame { continue }
            var wireError: WireError?
            reader.withCurrentFrame { bytes in
                do throws(WireError) {
                    try decoder.decode(
                        bytes,
                        linkType: record.linkType,
                        wireLength: record.originalLength,
                        into: &packet
                    )
                } catch { wireError = error }
            }
            let decision = compiled.decide(packet)
            let row = PolicyFrameExplanation(
                frame: record.number,
                packet: PolicyFrameExplanation.describe(packet),
                error: wireError?.description,
                rule: compiled.ruleName(decision),
                ruleIndex: decision.ruleIndex,
                line: decision.ruleIndex.flatMap { compiled.policy.rules[$0].location?.line },
                destinations: compiled.policy.destinationNames(decision.destinations)
            )
            if json { rows.append(row) } else { print(row.text) }
            if frame != nil {
                found = true
                break
            }
        }
        if let frame, !found { throw CommandFailure("\(capture) has no frame \(frame)") }
        if json {
            if frame != nil, let only = rows.first { printJSON(only) } else { printJSON(rows) }
        }
    }
}

/// One frame's verdict, as `tapctl policy explain` prints it.
struct PolicyFrameExplanation: Encodable {
    var frame: Int
    var packet: String
    var error: String?
    var rule: String
    var ruleIndex: Int?
    var line: Int?
    var destinations: [String]

    var text: String {
        let target = destinations.isEmpty ? "not tapped" : "send " + destinations.joined(separator: ", ")
        let place = line.map { " (line \($0))" } ?? ""
        let problem = error.map { " [\($0)]" } ?? ""
        return "frame \(frame): \(packet)\(problem) -> \(rule)\(place): \(target)"
    }

    /// `10.1.2.3.40000 > 10.1.0.10.80 tcp vlan 10`, or the MACs for non-IP frames.
    static func describe(_ p: DecodedPacket) -> String {
        var text: String
        if p.ipVersion != 0 {
            let ports = p.layers.contains(.tcp) || p.layers.contains(.udp)
            func end(_ a: IPAddress, _ port: UInt16) -> String { ports ? "\(a).\(port)" : "\(a)" }
            text =
                "\(end(p.sourceAddress, p.sourcePort)) > \(end(p.destinationAddress, p.destinationPort)) "
                + IPProtocolNumber.name(of: p.ipProtocol)
        } else {
            text =
                "\(p.sourceMAC) > \(p.destinationMAC) "
                + (p.layers.contains(.arp) ? "arp" : String(format: "ethertype 0x%04x", p.etherType))
        }
        if let vlanID = p.vlanID { text += " vlan \(vlanID)" }
        return text
    }
}

/// The JSON shape of `tapctl policy explain --summary --json`.
struct PolicySummaryReport: Encodable {
    struct Row: Encodable {
        var rule: String
        var packets: Int
        var bytes: Int
    }
    var file: String
    var frames: Int
    var malformed: Int
    var copies: Int
    /// Parsing and compiling the policy.
    var policyLoadSeconds: Double
    /// Reading, decoding and matching every frame.
    var matchSeconds: Double
    var rules: [Row]
}

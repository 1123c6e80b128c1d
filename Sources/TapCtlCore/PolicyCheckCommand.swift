import ArgumentParser
import Foundation
import Policy
import TapVocabulary

/// `tapctl policy check POLICY [--json] [--inventory SOURCE] [--strict]`.
public struct PolicyCheckCommand: AsyncParsableCommand {
    /// The subcommand's name (`check`), abstract and discussion with examples, as `tapctl policy check --help` prints
    /// them.
    public static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate a policy file: errors and warnings with file, line and column.",
        discussion: """
            Exits 0 when the policy is valid (warnings are printed but do not fail unless
            --strict), 1 with one `FILE:LINE:COLUMN: error: ...` line on stderr for every error
            found when it is not (every destination, rule and default error once the YAML is read).
            A destination without an mtu gets a warning: its path MTU is assumed.

            Examples:
              tapctl policy check policy.yaml
              tapctl policy check policy.yaml --inventory file:vms.yaml --json
            """
    )

    @OptionGroup var input: PolicyInputOptions
    @Flag(help: "Print the result as JSON (also for an invalid policy).")
    var json = false
    @Flag(help: "Treat warnings as errors.")
    var strict = false

    /// A command with every option at its default; ArgumentParser fills them from the arguments.
    public init() {}

    /// Validates the policy (resolving `vm`/`tag` keys through the inventory when given) and prints its summary and
    /// warnings, or every error as `FILE:LINE:COLUMN: error: ...`.
    ///
    /// - Throws: `CommandFailure` for an invalid policy, an unreadable inventory, or warnings with `--strict`.
    public func run() async throws {
        let policy: TapPolicy
        let virtualMachines: [VirtualMachine]?
        do {
            (policy, virtualMachines) = try await input.load()
        } catch let failure as CommandFailure {
            // Every error the parser can find, like a compiler (the inventory's failure is one line).
            let errors = PolicyParser.errors(path: input.policy)
            if json {
                var report = PolicyCheckReport(file: input.policy, valid: false, error: failure.description)
                report.errors = errors.map(\.description)
                printJSON(report)
            }
            guard errors.count > 1 else { throw failure }
            for error in errors { FileHandle.standardError.write(Data("\(error.description)\n".utf8)) }
            throw CommandFailure("\(errors.count) errors in \(input.policy)")
        }
        let warnings = PolicyWarnings.find(in: policy, virtualMachines: virtualMachines)
        let compiled = CompiledPolicy(policy, virtualMachines: virtualMachines)
        if json {
            printJSON(PolicyCheckReport(policy, warnings: warnings, index: compiled.indexStatistics))
        } else {
            for warning in warnings { print(warning.description) }
            let sends = policy.rules.filter { if case .send = $0.action { true } else { false } }.count
            print(
                "\(input.policy): valid: \(policy.destinations.count) destinations, \(policy.rules.count) rules "
                    + "(\(sends) send, \(policy.rules.count - sends) ignore), default \(PolicyCheckReport.describe(policy.defaultAction, policy)), "
                    + "\(warnings.count) warning\(warnings.count == 1 ? "" : "s")"
            )
            for destination in policy.destinations {
                print("  destination \(destination.name): \(PolicyCheckReport.describe(destination))")
            }
        }
        if strict && !warnings.isEmpty {
            throw CommandFailure("\(warnings.count) warning\(warnings.count == 1 ? "" : "s") and --strict was given")
        }
    }
}

func printJSON(_ value: some Encodable) {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    print(String(decoding: (try? encoder.encode(value)) ?? Data("{}".utf8), as: UTF8.self))
}

/// The JSON shape of `tapctl policy check --json`.
struct PolicyCheckReport: Encodable {
    struct DestinationRow: Encodable {
        var name: String, address: String, encap: String
        var key: UInt32?, session: UInt16?, vni: UInt32?, port: UInt16?
        var sequence: Bool, truncate: Int?, sample: Int, maxPPS: UInt64?, maxBPS: UInt64?, mtu: Int?, dscp: UInt8?,
            ttl: UInt8?
        var line: Int?
    }
    struct RuleRow: Encodable {
        var index: Int, name: String, action: String, send: [String], line: Int?
    }
    var file: String
    var valid: Bool
    var error: String?
    /// Every error found (`FILE:LINE:COLUMN: error: ...`), for an invalid policy.
    var errors: [String]?
    var destinations: [DestinationRow] = []
    var rules: [RuleRow] = []
    var defaultAction: String?
    var warnings: [PolicyDiagnostic] = []
    var tunnelEndpoints: [String] = []
    var index: [String: Int]?

    init(file: String, valid: Bool, error: String) {
        self.file = file
        self.valid = valid
        self.error = error
    }

    init(_ policy: TapPolicy, warnings: [PolicyDiagnostic], index: [String: Int]) {
        file = policy.file
        valid = true
        destinations = policy.destinations.map { d in
            DestinationRow(
                name: d.name,
                address: d.address.description,
                encap: d.encapsulation.name,
                key: d.encapsulation.greKey,
                session: d.encapsulation.sessionID,
                vni: d.encapsulation.vni,
                port: d.encapsulation.udpPort,
                sequence: d.encapsulation.isSequenced,
                truncate: d.snapLength,
                sample: d.sampling,
                maxPPS: d.rateCaps.packetsPerSecond,
                maxBPS: d.rateCaps.bitsPerSecond,
                mtu: d.mtu,
                dscp: d.dscp,
                ttl: d.timeToLive,
                line: d.location?.line
            )
        }
        rules = policy.rules.enumerated().map { i, r in
            RuleRow(
                index: i,
                name: r.name,
                action: r.action == .ignore ? "ignore" : "send",
                send: policy.destinationNames(r.action.destinations),
                line: r.location?.line
            )
        }
        defaultAction = PolicyCheckReport.describe(policy.defaultAction, policy)
        self.warnings = warnings
        tunnelEndpoints = policy.tunnelSignatures.map(\.description)
        self.index = index
    }

    /// `erspan3 to 192.0.2.10, session 7, sequence, mtu 9000, fragment`: the destination's
    /// kind, address and every identifier and limit it sets.
    static func describe(_ d: TunnelDestination) -> String {
        let e = d.encapsulation
        var parts = ["\(e.name) to \(d.address)"]
        if let source = d.source { parts.append("from \(source)") }
        if let key = e.greKey { parts.append("key \(key)") }
        if let session = e.sessionID { parts.append("session \(session)") }
        if let vni = e.vni { parts.append("vni \(vni)") }
        if let port = e.udpPort { parts.append("port \(port)") }
        if e.isSequenced { parts.append("sequence") }
        parts.append(d.mtu.map { "mtu \($0)" } ?? "mtu \(TunnelDestination.defaultMTU) (assumed)")
        parts.append(d.oversize.rawValue)
        if let snap = d.snapLength { parts.append("truncate \(snap)") }
        if d.sampling > 1 { parts.append("sample 1:\(d.sampling)") }
        if let pps = d.rateCaps.packetsPerSecond { parts.append("max-pps \(pps)") }
        if let bps = d.rateCaps.bitsPerSecond { parts.append("max-bps \(bps)") }
        if let dscp = d.dscp { parts.append("dscp \(dscp)") }
        if let ttl = d.timeToLive { parts.append("ttl \(ttl)") }
        return parts.joined(separator: ", ")
    }

    static func describe(_ action: RuleAction, _ policy: TapPolicy) -> String {
        switch action {
        case .ignore: "ignore"
        case .send(let set): "send " + policy.destinationNames(set).joined(separator: ", ")
        }
    }
}

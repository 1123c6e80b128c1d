import NetworkTypes
import TapVocabulary
import Yams

/// Parses an inventory file (YAML, or JSON, which is read as YAML) into a snapshot.
///
/// The format (every key optional except `name` and `mac`; unknown keys are errors,
/// so typos do not go unnoticed):
///
/// ```yaml
/// hosts:
///   - { name: host-a, cluster: rack1 }
/// networks:
///   - { name: prod, kind: bridge, bridge: br-prod, vlan: 10, host: host-a }
/// vms:
///   - name: vm-web
///     uuid: aaaaaaaa-0000-4000-8000-000000000001
///     host: host-a
///     state: running          # running | paused | shutoff | suspended | crashed | unknown
///     tags: [web, pci]
///     nics:
///       - { mac: "52:54:00:00:01:01", ips: [198.18.0.10], interface: vnet0, network: prod, vlan: 10 }
/// ```
///
/// Guarantees: never traps on any input; every error names the file and, where the
/// YAML parser or the value gives one, the line and column. Inputs larger than
/// ``maximumSize`` bytes, nested deeper than ``maximumFlowDepth`` brackets or indented
/// beyond ``maximumIndentation`` columns are refused before parsing (they cannot be
/// inventories, and deep nesting would exhaust the stack of the recursive composer).
public struct InventoryFileParser: Sendable {
    /// The largest file accepted: 16 MiB.
    public static let maximumSize = 16 << 20
    /// The deepest nesting of flow brackets (`[` `{`) accepted.
    public static let maximumFlowDepth = 64
    /// The deepest indentation accepted, in columns.
    public static let maximumIndentation = 512

    /// The name used in error messages.
    public var path: String

    /// A parser naming `path` in its errors.
    public init(path: String) {
        self.path = path
    }

    /// Parses an inventory file's bytes (YAML, or JSON as a subset of it) into a snapshot.
    ///
    /// - Throws: ``InventoryFileError`` when the bytes exceed the limits, are not YAML, or hold a value that does not
    ///   fit the model (with the line and column where known).
    public func parse(_ bytes: [UInt8]) throws(InventoryFileError) -> InventorySnapshot {
        guard bytes.count <= Self.maximumSize else {
            throw InventoryFileError(path: path, reason: "file larger than \(Self.maximumSize) bytes")
        }
        try checkNesting(bytes)
        guard var text = String(validating: bytes, as: UTF8.self) else {
            throw InventoryFileError(path: path, reason: "not UTF-8 text")
        }
        if text.contains("\0") {
            throw InventoryFileError(path: path, reason: "contains a NUL byte")
        }
        // JSON allows tabs as whitespace where YAML does not; raw tabs cannot occur
        // inside JSON strings, so turning them into spaces keeps the meaning.
        if let first = text.first(where: { !$0.isWhitespace }), first == "{" || first == "[" {
            text = text.replacingOccurrences(of: "\t", with: " ")
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw yamlError(error)
        } catch {
            throw InventoryFileError(path: path, reason: "\(error)")
        }
        guard let root else { return .empty }
        return try snapshot(from: root)
    }

    // MARK: - Structure

    private func snapshot(from root: Node) throws(InventoryFileError) -> InventorySnapshot {
        let top = try mapping(root, "the top level", allowed: ["hosts", "networks", "vms"])
        var snapshot = InventorySnapshot()
        if let hosts = top["hosts"] {
            for item in try sequence(hosts, "hosts") {
                let fields = try mapping(item, "a host", allowed: ["name", "cluster"])
                snapshot.hosts.append(
                    HypervisorHost(
                        name: try requiredString(fields, "name", in: item),
                        cluster: try string(fields["cluster"])
                    )
                )
            }
        }
        if let networks = top["networks"] {
            for item in try sequence(networks, "networks") {
                let fields = try mapping(item, "a network", allowed: ["name", "kind", "bridge", "vlan", "host"])
                var kind = VirtualNetwork.Kind.other
                if let node = fields["kind"], let text = try string(node) {
                    guard let parsed = VirtualNetwork.Kind(rawValue: text) else {
                        throw error(
                            at: node,
                            "unknown network kind '\(text)' (network, bridge, portgroup, dvportgroup, other)"
                        )
                    }
                    kind = parsed
                }
                snapshot.networks.append(
                    VirtualNetwork(
                        name: try requiredString(fields, "name", in: item),
                        kind: kind,
                        bridge: try string(fields["bridge"]),
                        vlan: try vlan(fields["vlan"]),
                        host: try string(fields["host"])
                    )
                )
            }
        }
        if let vms = top["vms"] {
            for item in try sequence(vms, "vms") {
                snapshot.virtualMachines.append(try virtualMachine(item))
            }
        }
        return snapshot
    }

    private func virtualMachine(_ node: Node) throws(InventoryFileError) -> VirtualMachine {
        let fields = try mapping(node, "a VM", allowed: ["name", "uuid", "host", "state", "tags", "nics"])
        var state = VMPowerState.unknown
        if let stateNode = fields["state"], let text = try string(stateNode) {
            guard let parsed = VMPowerState(rawValue: text) else {
                throw error(
                    at: stateNode,
                    "unknown VM state '\(text)' (running, paused, shutoff, suspended, crashed, unknown)"
                )
            }
            state = parsed
        }
        var tags: [String] = []
        if let tagsNode = fields["tags"] {
            for tag in try sequence(tagsNode, "tags") {
                guard let text = try string(tag) else { throw error(at: tag, "a tag must be text") }
                tags.append(text)
            }
        }
        var nics: [VirtualNIC] = []
        if let nicsNode = fields["nics"] {
            for nic in try sequence(nicsNode, "nics") { nics.append(try virtualNIC(nic)) }
        }
        return VirtualMachine(
            name: try requiredString(fields, "name", in: node),
            uuid: try string(fields["uuid"]),
            state: state,
            host: try string(fields["host"]),
            tags: tags,
            nics: nics
        )
    }

    private func virtualNIC(_ node: Node) throws(InventoryFileError) -> VirtualNIC {
        let fields = try mapping(node, "a NIC", allowed: ["mac", "ips", "interface", "network", "vlan"])
        let macText = try requiredString(fields, "mac", in: node)
        guard let mac = MACAddress(macText) else {
            throw error(at: fields["mac"] ?? node, "invalid MAC address '\(macText)' (expected aa:bb:cc:dd:ee:ff)")
        }
        var ips: [IPAddress] = []
        if let ipsNode = fields["ips"] {
            for ipNode in try sequence(ipsNode, "ips") {
                guard let text = try string(ipNode), let ip = IPAddress(text) else {
                    throw error(at: ipNode, "invalid IP address '\(ipNode.scalar?.string ?? "")'")
                }
                ips.append(ip)
            }
        }
        return VirtualNIC(
            mac: mac,
            ips: ips,
            interfaceName: try string(fields["interface"]),
            network: try string(fields["network"]),
            vlan: try vlan(fields["vlan"])
        )
    }

    // MARK: - Typed access with places

    private func mapping(
        _ node: Node,
        _ what: String,
        allowed: Set<String>
    ) throws(InventoryFileError) -> [String: Node] {
        guard case .mapping(let mapping) = node else {
            throw error(at: node, "\(what) must be a mapping of keys to values")
        }
        var fields: [String: Node] = [:]
        for (keyNode, value) in mapping {
            guard case .scalar(let key) = keyNode else { throw error(at: keyNode, "keys must be text") }
            guard allowed.contains(key.string) else {
                throw error(
                    at: keyNode,
                    "unknown key '\(key.string)' in \(what) (allowed: \(allowed.sorted().joined(separator: ", ")))"
                )
            }
            guard fields[key.string] == nil else { throw error(at: keyNode, "duplicate key '\(key.string)'") }
            if case .alias = value { throw error(at: value, "aliases are not supported") }
            fields[key.string] = value
        }
        return fields
    }

    private func sequence(_ node: Node, _ what: String) throws(InventoryFileError) -> [Node] {
        guard case .sequence(let sequence) = node else { throw error(at: node, "'\(what)' must be a list") }
        return Array(sequence)
    }

    /// The text of a scalar; `nil` for an absent key or an explicit null.
    private func string(_ node: Node?) throws(InventoryFileError) -> String? {
        guard let node else { return nil }
        guard case .scalar(let scalar) = node else { throw error(at: node, "expected a single value") }
        if scalar.style == .plain, ["", "~", "null", "Null", "NULL"].contains(scalar.string) { return nil }
        return scalar.string
    }

    private func requiredString(
        _ fields: [String: Node],
        _ key: String,
        in node: Node
    ) throws(InventoryFileError) -> String {
        guard let value = try string(fields[key]), !value.isEmpty else {
            throw error(at: fields[key] ?? node, "missing '\(key)'")
        }
        return value
    }

    private func vlan(_ node: Node?) throws(InventoryFileError) -> UInt16? {
        guard let node, let text = try string(node) else { return nil }
        guard let value = UInt16(text), value <= 4094 else {
            throw error(at: node, "invalid VLAN '\(text)' (0...4094)")
        }
        return value
    }

    private func error(at node: Node, _ reason: String) -> InventoryFileError {
        InventoryFileError(path: path, line: node.mark?.line, column: node.mark?.column, reason: reason)
    }

    private func yamlError(_ error: YamlError) -> InventoryFileError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let reason = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
            return InventoryFileError(
                path: path,
                line: mark.line,
                column: mark.column,
                reason: "not valid YAML/JSON: " + reason
            )
        case .reader(let problem, _, _, _):
            return InventoryFileError(path: path, reason: "not readable as text: " + problem)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return InventoryFileError(
                path: path,
                line: context.mark.line,
                column: context.mark.column,
                reason: "duplicate keys: " + duplicates.joined(separator: ", ")
            )
        default:
            return InventoryFileError(path: path, reason: "not valid YAML/JSON: \(error)")
        }
    }

    /// Refuses bracket nesting deeper than ``maximumFlowDepth`` and indentation deeper
    /// than ``maximumIndentation`` (an over-estimate: brackets in strings count too).
    private func checkNesting(_ bytes: [UInt8]) throws(InventoryFileError) {
        var depth = 0
        var line = 1
        var indentation = 0
        var atLineStart = true
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\n"):
                line += 1
                indentation = 0
                atLineStart = true
                continue
            case UInt8(ascii: " ") where atLineStart, UInt8(ascii: "-") where atLineStart:
                indentation += 1
                if indentation > Self.maximumIndentation {
                    throw InventoryFileError(
                        path: path,
                        line: line,
                        reason: "indented deeper than \(Self.maximumIndentation) columns"
                    )
                }
                continue
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > Self.maximumFlowDepth {
                    throw InventoryFileError(
                        path: path,
                        line: line,
                        reason: "nested deeper than \(Self.maximumFlowDepth) levels"
                    )
                }
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                depth = max(0, depth - 1)
            default:
                break
            }
            atLineStart = false
        }
    }
}

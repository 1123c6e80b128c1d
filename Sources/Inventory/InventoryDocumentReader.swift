import FlatYAML
import NetworkTypes
import TapVocabulary

/// Reads an `InventorySnapshot` out of a `YAMLDocument`'s nodes (the format is described
/// on ``InventoryFileParser``). Every problem is an ``InventoryFileError`` at the line and
/// column where the offending key or value starts. Used by ``InventoryFileParser``.
struct InventoryDocumentReader {
    /// A node of `document`.
    typealias Node = YAMLNode.ID

    /// The name used in error messages.
    let path: String
    let document: YAMLDocument

    // MARK: - Structure

    func snapshot(from root: Node) throws(InventoryFileError) -> InventorySnapshot {
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
                snapshot.networks.append(try virtualNetwork(item))
            }
        }
        if let vms = top["vms"] {
            for item in try sequence(vms, "vms") {
                snapshot.virtualMachines.append(try virtualMachine(item))
            }
        }
        return snapshot
    }

    private func virtualNetwork(_ node: Node) throws(InventoryFileError) -> VirtualNetwork {
        let fields = try mapping(node, "a network", allowed: ["name", "kind", "bridge", "vlan", "host"])
        var kind = VirtualNetwork.Kind.other
        if let kindNode = fields["kind"], let text = try string(kindNode) {
            guard let parsed = VirtualNetwork.Kind(rawValue: text) else {
                throw error(
                    at: kindNode,
                    "unknown network kind '\(text)' (network, bridge, portgroup, dvportgroup, other)"
                )
            }
            kind = parsed
        }
        return VirtualNetwork(
            name: try requiredString(fields, "name", in: node),
            kind: kind,
            bridge: try string(fields["bridge"]),
            vlan: try vlan(fields["vlan"]),
            host: try string(fields["host"])
        )
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
                    throw error(at: ipNode, "invalid IP address '\(document[ipNode].text)'")
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

    /// The values of a mapping by key. Every key must be text and one of `allowed` (a
    /// typo is an error, not an ignored key); `YAMLDocument` already refuses a key twice.
    private func mapping(
        _ node: Node,
        _ what: String,
        allowed: Set<String>
    ) throws(InventoryFileError) -> [String: Node] {
        guard document[node].kind == .mapping else {
            throw error(at: node, "\(what) must be a mapping of keys to values")
        }
        var fields: [String: Node] = [:]
        for (key, value) in document.pairs(of: node) {
            guard let name = document[key].scalar else { throw error(at: key, "keys must be text") }
            guard allowed.contains(name) else {
                throw error(
                    at: key,
                    "unknown key '\(name)' in \(what) (allowed: \(allowed.sorted().joined(separator: ", ")))"
                )
            }
            fields[name] = value
        }
        return fields
    }

    private func sequence(_ node: Node, _ what: String) throws(InventoryFileError) -> YAMLDocument.Elements {
        guard document[node].kind == .sequence else { throw error(at: node, "'\(what)' must be a list") }
        return document.elements(of: node)
    }

    /// The text of a scalar; `nil` for an absent key or a plain null (empty, `~`, `null`).
    private func string(_ node: Node?) throws(InventoryFileError) -> String? {
        guard let node else { return nil }
        guard let text = document[node].scalar else { throw error(at: node, "expected a single value") }
        return document[node].isNull ? nil : text
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
        InventoryFileError(
            path: path,
            line: Int(document[node].line),
            column: Int(document[node].column),
            reason: reason
        )
    }
}

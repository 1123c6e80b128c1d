import FlatYAML
import NetworkTypes
import TapVocabulary

/// The policy's sections: destinations, rules with their `match`, the default.
extension PolicyNodeReader {
    static let destinationKeys = [
        "address", "encap", "key", "session", "vni", "port", "sequence", "truncate", "sample", "max-pps", "max-bps",
        "mtu", "dscp", "ttl", "source",
    ]
    /// The encapsulations a policy's `encap:` may name.
    static let policyKinds: [TunnelKind] = [.gre, .erspanType2, .erspanType3, .vxlan, .geneve]
    static let ruleKeys = ["name", "match", "send", "action"]
    static let matchKeys = [
        "net", "src-net", "dst-net", "host", "port", "src-port", "dst-port", "proto", "vlan", "mac", "vm", "tag",
        "direction",
    ]

    func destination(named name: String, _ node: Node, at key: Node) throws(PolicyFileError) -> TunnelDestination {
        let fields = try mapping(node, what: "destination '\(name)'")
        try rejectUnknownKeys(fields, allowed: Self.destinationKeys, in: "destination '\(name)'")
        guard let addressNode = value(fields, "address") else {
            throw error("destination '\(name)' needs an 'address'", node)
        }
        let address = try self.address(addressNode, what: "address")
        if address == .v4(IPv4Address(rawValue: 0)) || address == .v6(IPv6Address(rawValue: 0)) {
            throw error("destination address \(address) is unspecified", addressNode)
        }
        guard let encapNode = value(fields, "encap") else {
            throw error("destination '\(name)' needs an 'encap' (gre, erspan2, erspan3, vxlan or geneve)", node)
        }
        let encapText = try scalar(encapNode, what: "encap")
        guard let encap = TunnelKind(name: encapText), Self.policyKinds.contains(encap) else {
            throw error("unknown encap '\(encapText)' (use gre, erspan2, erspan3, vxlan or geneve)", encapNode)
        }

        func only(_ key: String, for allowed: [TunnelKind]) throws(PolicyFileError) -> Node? {
            guard let node = value(fields, key) else { return nil }
            guard allowed.contains(encap) else {
                let list = allowed.map(\.description).joined(separator: " or ")
                throw error("'\(key)' applies to \(list) destinations, not \(encap)", node)
            }
            return node
        }
        var greKey: UInt32?
        var session: UInt16 = 0
        var vni: UInt32 = 0
        var port = encap == .geneve ? TunnelEncapsulation.genevePort : TunnelEncapsulation.vxlanPort
        var sequence = false
        if let node = try only("key", for: [.gre]) {
            greKey = UInt32(try integer(node, what: "key", in: 0...Int(UInt32.max)))
        }
        if let node = try only("session", for: [.erspanType2, .erspanType3]) {
            session = UInt16(try integer(node, what: "session", in: 0...1023))
        }
        if let node = try only("vni", for: [.vxlan, .geneve]) {
            vni = UInt32(try integer(node, what: "vni", in: 0...0xFF_FFFF))
        }
        if let node = try only("port", for: [.vxlan, .geneve]) {
            port = UInt16(try integer(node, what: "port", in: 1...65535))
        }
        if let node = value(fields, "sequence") {
            let on = try boolean(node, what: "sequence")
            switch encap {
            case .gre: sequence = on
            case .erspanType2, .erspanType3:
                if !on {
                    throw error("ERSPAN always carries sequence numbers; 'sequence: false' is not possible", node)
                }
            case .vxlan, .greInUDP, .geneve:
                if on {
                    throw error(
                        "\(encap == .geneve ? "Geneve" : "VXLAN") has no sequence numbers; use gre or erspan for loss accounting",
                        node
                    )
                }
            }
        }
        let encapsulation: TunnelEncapsulation =
            switch encap {
            case .gre, .greInUDP: .gre(key: greKey, sequence: sequence)
            case .erspanType2: .erspanType2(sessionID: session)
            case .erspanType3: .erspanType3(sessionID: session)
            case .vxlan: .vxlan(vni: vni, port: port)
            case .geneve: .geneve(vni: vni, port: port)
            }
        var destination = TunnelDestination(
            name: name,
            address: address,
            encapsulation: encapsulation,
            location: location(key)
        )
        if let node = value(fields, "truncate") {
            destination.snapLength = try integer(node, what: "truncate", in: 14...65535)
        }
        if let node = value(fields, "sample") {
            destination.sampling = try sampling(node)
        }
        if let node = value(fields, "max-pps") {
            destination.rateCaps.packetsPerSecond = try scaledInteger(node, what: "max-pps")
        }
        if let node = value(fields, "max-bps") {
            destination.rateCaps.bitsPerSecond = try scaledInteger(node, what: "max-bps")
        }
        if let node = value(fields, "mtu") {
            let minimum = if case .v6 = address { 1280 } else { 576 }
            destination.mtu = try integer(node, what: "mtu", in: minimum...65535)
        }
        if let node = value(fields, "dscp") { destination.dscp = UInt8(try integer(node, what: "dscp", in: 0...63)) }
        if let node = value(fields, "ttl") {
            destination.timeToLive = UInt8(try integer(node, what: "ttl", in: 1...255))
        }
        if let node = value(fields, "source") {
            let source = try self.address(node, what: "source")
            switch (source, address) {
            case (.v4, .v4), (.v6, .v6): destination.source = source
            default: throw error("source \(source) and address \(address) are of different IP versions", node)
            }
        }
        return destination
    }

    /// `sample: N` or `sample: "1:N"` — one packet in N.
    private func sampling(_ node: Node) throws(PolicyFileError) -> Int {
        let text = try scalar(node, what: "sample")
        let digits = text.hasPrefix("1:") ? String(text.dropFirst(2)) : text
        guard let n = Int(digits), (1...1_000_000_000).contains(n) else {
            throw error("sample must be N or \"1:N\" with N from 1 to 1000000000, not '\(text)'", node)
        }
        return n
    }

    func rule(_ node: Node, number: Int, destinations: [String]) throws(PolicyFileError) -> PolicyRule {
        let fields = try mapping(node, what: "a rule")
        var nameNode: Node?
        var matchNode: Node?
        var send: Node?
        var actionNode: Node?
        for (key, value) in fields {
            switch text(key) {
            case "name": nameNode = value
            case "match": matchNode = value
            case "send": send = value
            case "action": actionNode = value
            default: try rejectUnknownKeys(fields, allowed: Self.ruleKeys, in: "rule \(number)")
            }
        }
        let name =
            try nameNode.map { (n: Node) throws(PolicyFileError) in try self.name(n, what: "rule name") }
            ?? "rule-\(number)"
        let match = if let matchNode, !isNull(matchNode) { try self.match(matchNode, rule: name) } else { RuleMatch() }

        let action: RuleAction
        if let actionNode {
            let text = try scalar(actionNode, what: "action")
            guard text == "ignore" else {
                throw error("action must be 'ignore'; to copy packets write send: [destination, ...]", actionNode)
            }
            if let send { throw error("a rule cannot both send and ignore; remove 'send' or 'action'", send) }
            action = .ignore
        } else if let send {
            action = .send(try destinationSet(send, destinations: destinations))
        } else {
            throw error("rule '\(name)' needs 'send: [destination, ...]' or 'action: ignore'", node)
        }
        return PolicyRule(name: name, match: match, action: action, location: location(node))
    }

    func destinationSet(_ node: Node, destinations: [String]) throws(PolicyFileError) -> DestinationSet {
        var set = DestinationSet()
        for element in try elements(node, what: "send") {
            let name = try scalar(element, what: "a destination name")
            // At most `DestinationSet.capacity` names: a scan beats hashing the name.
            guard let index = destinations.firstIndex(of: name) else {
                let hint = Self.closest(to: name, in: destinations).map { " (did you mean '\($0)'?)" } ?? ""
                let known =
                    destinations.isEmpty
                    ? "none are defined" : "defined: " + destinations.sorted().joined(separator: ", ")
                throw error("unknown destination '\(name)'\(hint); \(known)", element)
            }
            if set.contains(index) { throw error("destination '\(name)' is listed twice", element) }
            set.insert(index)
        }
        return set
    }

    func defaultAction(_ node: Node, destinations: [String]) throws(PolicyFileError) -> RuleAction {
        if let text = text(node), text == "ignore" { return .ignore }
        if document[node].kind == .mapping {
            let fields = document.pairs(of: node)
            try rejectUnknownKeys(fields, allowed: ["send"], in: "default")
            guard let send = value(fields, "send") else {
                throw error("default needs 'send: [destination, ...]'", node)
            }
            return .send(try destinationSet(send, destinations: destinations))
        }
        throw error("default must be 'ignore' or { send: [destination, ...] }", node)
    }

    func match(_ node: Node, rule: String) throws(PolicyFileError) -> RuleMatch {
        let fields = try mapping(node, what: "match of rule '\(rule)'")
        var match = RuleMatch()
        var directionNode: Node?
        for (key, value) in fields {
            switch text(key) {
            case "net": match.nets = try list(value, "net") { n throws(PolicyFileError) in try prefix(n, what: "net") }
            case "src-net":
                match.sourceNets = try list(value, "src-net") { n throws(PolicyFileError) in
                    try prefix(n, what: "src-net")
                }
            case "dst-net":
                match.destinationNets = try list(value, "dst-net") { n throws(PolicyFileError) in
                    try prefix(n, what: "dst-net")
                }
            case "host":
                match.hosts = try list(value, "host") { n throws(PolicyFileError) in
                    if let text = self.text(n), text.utf8.contains(UInt8(ascii: "/")) {
                        throw error("host takes an address, not a prefix ('\(text)'); use net for prefixes", n)
                    }
                    return try address(n, what: "host")
                }
            case "port":
                match.ports = try list(value, "port") { n throws(PolicyFileError) in try portRange(n, what: "port") }
            case "src-port":
                match.sourcePorts = try list(value, "src-port") { n throws(PolicyFileError) in
                    try portRange(n, what: "src-port")
                }
            case "dst-port":
                match.destinationPorts = try list(value, "dst-port") { n throws(PolicyFileError) in
                    try portRange(n, what: "dst-port")
                }
            case "proto":
                match.protocols = try list(value, "proto") { n throws(PolicyFileError) in try protocolNumber(n) }
            case "vlan":
                match.vlans = try list(value, "vlan") { n throws(PolicyFileError) in try vlanIDs(n) }.flatMap { $0 }
            case "mac": match.macs = try list(value, "mac") { n throws(PolicyFileError) in try mac(n) }
            case "vm":
                match.vmPatterns = try list(value, "vm") { n throws(PolicyFileError) in
                    let text = try scalar(n, what: "vm")
                    guard !text.isEmpty else { throw error("vm pattern must not be empty", n) }
                    return text
                }
            case "tag":
                match.tags = try list(value, "tag") { n throws(PolicyFileError) in
                    let text = try scalar(n, what: "tag")
                    guard !text.isEmpty else { throw error("tag must not be empty", n) }
                    return text
                }
            case "direction":
                let text = try scalar(value, what: "direction")
                guard let direction = TrafficDirection(rawValue: text) else {
                    throw error("direction must be in, out or both, not '\(text)'", value)
                }
                match.direction = direction
                directionNode = value
            default: try rejectUnknownKeys(fields, allowed: Self.matchKeys, in: "match of rule '\(rule)'")
            }
        }
        if match.direction != .both && !match.hasEndpointKey, let directionNode {
            throw error("direction needs an endpoint key to apply to (net, host, port, mac, vm or tag)", directionNode)
        }
        return match
    }

    /// Reads one value or a list of values with `read`, keeping list order and dropping repeats.
    private func list<T: Hashable>(
        _ node: Node,
        _ what: String,
        _ read: (Node) throws(PolicyFileError) -> T
    )
        throws(PolicyFileError) -> [T]
    {
        var out: [T] = []
        var seen: Set<T>?  // only for long lists; short ones are searched
        for element in try elements(node, what: what) {
            let item = try read(element)
            if out.count < 16 {
                if !out.contains(item) { out.append(item) }
            } else {
                if seen == nil { seen = Set(out) }
                if seen!.insert(item).inserted { out.append(item) }
            }
        }
        return out
    }
}

import ConsoleFlows
import ConsoleStore
import Hummingbird
import Inventory
import NetworkTypes
import TapVocabulary

/// A flow query's parameters (`/api/v1/flows/...`): the range `start..<end` in seconds since the
/// epoch (default: the last hour), what to rank by and group by, how many, the filters (VM name
/// glob, tag, host, protocol, port, address or CIDR) and the output format.
public struct FlowQuery: Sendable {
    /// What the groups are ranked by (`by=`).
    public enum Measure: String, Sendable, CaseIterable {
        /// Bytes, IP headers included.
        case bytes
        /// Packets.
        case packets
        /// Flow records.
        case flows
    }
    /// What the rows are grouped by (`group=`).
    public enum Group: String, Sendable, CaseIterable {
        /// Source and destination endpoint, IP protocol and service port: one conversation.
        case pair
        /// Each VM of the inventory, counting flows of either side.
        case vm
        /// Each host a VM ran on, counting flows of either side.
        case host
        /// Each network a VM's NIC was on, counting flows of either side.
        case network
        /// IP protocol and service port.
        case service
        /// Each endpoint: a VM, or an address outside the inventory.
        case endpoint
    }

    /// The range's start, seconds since 1970 (inclusive).
    public var start: Int64
    /// The range's end, seconds since 1970 (exclusive).
    public var end: Int64
    /// What the groups are ranked by.
    public var measure: Measure = .bytes
    /// What the rows are grouped by.
    public var group: Group = .pair
    /// How many groups a top answer lists (1 to 1000).
    public var limit = 10
    /// Keep flows with an endpoint VM whose name matches.
    public var vm: GlobPattern?
    /// Keep flows with an endpoint VM carrying this tag.
    public var tag: String?
    /// Keep flows with an endpoint VM on this host.
    public var host: String?
    /// Keep flows of this IP protocol number.
    public var ipProtocol: Int64?
    /// Keep flows of this service port.
    public var port: Int64?
    /// Keep flows with an endpoint address in this prefix (a single address is a /32 or /128).
    public var address: IPPrefix?
    /// Answer in CSV instead of JSON (`format=csv`).
    public var csv = false

    /// A query over `start..<end` (seconds) with the defaults: rank by bytes, group by pair, top 10, no filters.
    public init(start: Int64, end: Int64, measure: Measure = .bytes, group: Group = .pair, limit: Int = 10) {
        self.start = start
        self.end = end
        self.measure = measure
        self.group = group
        self.limit = limit
    }

    /// Reads the query string; a bad value is a 400 naming the parameter.
    public init(_ request: Request, now: Int64) throws {
        let parameters = request.uri.queryParameters
        func integer(_ name: String) throws -> Int64? {
            guard let text = parameters[Substring(name)].map(String.init) else { return nil }
            guard let value = Int64(text) else { throw ConsoleAPIError(.badRequest, "\(name) must be an integer") }
            return value
        }
        // Times outside 1970 to 3000 are refused before any arithmetic, so nothing overflows.
        for name in ["start", "end"] {
            if let value = try integer(name), !(0...HealthQuery.latest).contains(value) {
                throw ConsoleAPIError(.badRequest, "\(name) must be seconds since 1970, 0 to \(HealthQuery.latest)")
            }
        }
        end = try integer("end") ?? now
        start = try integer("start") ?? (end - 3600)
        guard start < end, end - start <= 3 * 366 * 86_400 else {
            throw ConsoleAPIError(.badRequest, "start must be before end, at most 3 years apart (seconds since 1970)")
        }
        if let text = parameters["by"].map(String.init) {
            guard let value = Measure(rawValue: text) else {
                throw ConsoleAPIError(.badRequest, "by must be bytes, packets or flows")
            }
            measure = value
        }
        if let text = parameters["group"].map(String.init) {
            guard let value = Group(rawValue: text) else {
                throw ConsoleAPIError(.badRequest, "group must be pair, vm, host, network, service or endpoint")
            }
            group = value
        }
        if let value = try integer("limit") {
            guard (1...1000).contains(value) else { throw ConsoleAPIError(.badRequest, "limit must be 1 to 1000") }
            limit = Int(value)
        }
        if let text = parameters["vm"].map(String.init), !text.isEmpty { vm = GlobPattern(text) }
        if let text = parameters["tag"].map(String.init), !text.isEmpty { tag = text }
        if let text = parameters["host"].map(String.init), !text.isEmpty { host = text }
        if let text = parameters["protocol"].map(String.init) {
            switch text.lowercased() {
            case "tcp": ipProtocol = 6
            case "udp": ipProtocol = 17
            case "icmp": ipProtocol = 1
            case "icmpv6", "ipv6-icmp": ipProtocol = 58
            case "sctp": ipProtocol = 132
            default:
                guard let value = Int64(text), (0...255).contains(value) else {
                    throw ConsoleAPIError(.badRequest, "protocol must be tcp, udp, icmp, icmpv6, sctp or 0 to 255")
                }
                ipProtocol = value
            }
        }
        if let value = try integer("port") {
            guard (0...65_535).contains(value) else { throw ConsoleAPIError(.badRequest, "port must be 0 to 65535") }
            port = value
        }
        if let text = parameters["address"].map(String.init), !text.isEmpty {
            if let single = IPAddress(text) {
                let length: Int
                switch single {
                case .v4: length = 32
                case .v6: length = 128
                }
                address = IPPrefix(address: single, length: length)
            } else {
                do { address = try IPPrefix.parse(text, strict: false) } catch {
                    throw ConsoleAPIError(.badRequest, "address must be an IP address or CIDR prefix: \(error)")
                }
            }
        }
        if let text = parameters["format"].map(String.init) {
            guard text == "json" || text == "csv" else {
                throw ConsoleAPIError(.badRequest, "format must be json or csv")
            }
            csv = text == "csv"
        }
    }

    /// The filters the store applies in SQL.
    public var rowFilter: FlowRowFilter { FlowRowFilter(ipProtocol: ipProtocol, servicePort: port, host: host) }

    /// True when a filter names endpoints (VM glob, tag, host, address): grouping by VM, host
    /// or network then counts only the endpoints that match.
    var filtersEndpoints: Bool { vm != nil || tag != nil || host != nil || address != nil }
}

/// The part of the estate a flow query's endpoint filters need: each VM's tags and addresses.
struct FlowEstateIndex: Sendable {
    var tags: [String: Set<String>] = [:]
    var addresses: [String: [IPAddress]] = [:]

    init(_ snapshot: InventorySnapshot) {
        for vm in snapshot.virtualMachines {
            tags[vm.name, default: []].formUnion(vm.tags)
            addresses[vm.name, default: []].append(contentsOf: vm.nics.flatMap(\.ips))
        }
    }

    /// Whether one endpoint (its stored key, VM name and host) passes the query's endpoint filters.
    func matches(key: String, vm: String, host: String, _ query: FlowQuery) -> Bool {
        if let pattern = query.vm, vm.isEmpty || !pattern.matches(vm) { return false }
        if let tag = query.tag, vm.isEmpty || tags[vm]?.contains(tag) != true { return false }
        if let wanted = query.host, host != wanted { return false }
        if let prefix = query.address {
            if vm.isEmpty {
                guard let address = IPAddress(key), prefix.contains(address) else { return false }
            } else if !(addresses[vm] ?? []).contains(where: prefix.contains) {
                return false
            }
        }
        return true
    }
}

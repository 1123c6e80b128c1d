import Foundation
import Synchronization

/// Network namespaces, veth pairs, bridges and kernel tunnel devices for tests that need the Linux
/// kernel as a peer (root; the `.namespaceLab` tier). Every lab of the suite is built with it.
///
/// Guarantees:
/// - Every namespace is named `vtlab-<pid>-<lab>-<node>`: unique per process and per lab, so labs
///   of one run and of concurrent runs never collide. Interfaces are made inside the lab's
///   namespaces, where their names need only be unique per namespace.
/// - `close()` stops every background process the lab started, deletes its namespaces (which
///   deletes their interfaces, veth peers in the test's own namespace included) and its scratch
///   directory. Tests call it in a `defer`, so it also runs when a check fails or an error is
///   thrown; it runs once, and the lab's `deinit` calls it too.
/// - The first lab of a process deletes the `vtlab-` namespaces of processes that no longer run:
///   what a killed earlier run left behind.
/// - A command that fails throws `LabFailure` with its exit status and standard error.
///
/// ```swift
/// let lab = try NamespaceLab()
/// defer { lab.close() }
/// try lab.addNamespaces(["a", "b"])
/// try lab.addVeth("a0", in: "a", peer: "b0", in: "b")
/// try lab.addAddress("198.18.0.1/24", to: "a0", in: "a")
/// let receiver = try lab.start("b", ["tapctl", "decap", ...])
/// ```
public final class NamespaceLab: @unchecked Sendable {
    /// The first characters of every namespace a lab makes.
    public static let prefix = "vtlab-"

    /// `<pid>-<n>`: this process and the lab's number in it.
    public let id: String
    private let number: Int
    /// A scratch directory for the lab's files (logs, captures), deleted by `close()` unless
    /// `VTAP_KEEP_LAB=1` is set.
    public let directory: URL

    private let state = Mutex(State())

    private struct State {
        var namespaces: [String] = []
        var background: [Process] = []
        var closed = false
    }

    private static let labCount = Atomic<Int>(0)
    private static let leftoversRemoved: Void = removeLeftovers()

    /// A new, empty lab with its own scratch folder; the first lab of a process also removes the
    /// namespaces of labs whose process is gone. Throws when the folder cannot be made.
    public init() throws {
        _ = Self.leftoversRemoved
        number = Self.labCount.wrappingAdd(1, ordering: .relaxed).newValue
        id = "\(getpid())-\(number)"
        directory = try ExternalTool.temporaryDirectory("vtlab-\(id)")
    }

    deinit { close() }

    /// The full name of the lab's namespace `node`.
    public func namespace(_ node: String) -> String { "\(Self.prefix)\(id)-\(node)" }

    /// A file in the lab's scratch directory.
    public func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// A name for an interface in the test's own namespace, unique per process and lab: `vl`, the
    /// process and lab numbers in base 36, `-`, then `suffix` (at most 15 characters in all for
    /// the kernel: keep `suffix` short).
    public func rootLinkName(_ suffix: String) -> String {
        "vl\(String(getpid(), radix: 36))\(String(number, radix: 36))-\(suffix)"
    }

    // MARK: Building

    /// Adds namespace `node` with its loopback up. IPv6 is switched off unless `ipv6` is true, so
    /// no router solicitation or MLD report crosses the lab's links uninvited.
    public func addNamespace(_ node: String, ipv6: Bool = false) throws {
        let name = namespace(node)
        try ip(["netns", "add", name])
        state.withLock { $0.namespaces.append(name) }
        if !ipv6 {
            try run(
                node,
                ["sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1"]
            )
        }
        try ip(["-n", name, "link", "set", "lo", "up"])
    }

    /// Adds each of `nodes` (see `addNamespace(_:ipv6:)`).
    public func addNamespaces(_ nodes: [String], ipv6: Bool = false) throws {
        for node in nodes { try addNamespace(node, ipv6: ipv6) }
    }

    /// Adds the veth pair `name` (in namespace `node`) – `peer` (in `peerNode`), both up. A nil
    /// namespace is the test's own (name the end with `rootLinkName(_:)`). `address` and
    /// `peerAddress` set the ends' MAC addresses.
    public func addVeth(
        _ name: String,
        in node: String?,
        peer: String,
        in peerNode: String?,
        address: String? = nil,
        peerAddress: String? = nil
    ) throws {
        var arguments = ["link", "add", name]
        if let node { arguments += ["netns", namespace(node)] }
        if let address { arguments += ["address", address] }
        arguments += ["type", "veth", "peer", "name", peer]
        if let peerNode { arguments += ["netns", namespace(peerNode)] }
        if let peerAddress { arguments += ["address", peerAddress] }
        try ip(arguments)
        try setUp(name, in: node)
        try setUp(peer, in: peerNode)
    }

    /// Adds the Linux bridge `name` in `node`, up.
    public func addBridge(_ name: String, in node: String) throws {
        try ip(in: node, ["link", "add", name, "type", "bridge"])
        try setUp(name, in: node)
    }

    /// Makes `link` a port of `bridge` (both in `node`), up.
    public func attach(_ link: String, to bridge: String, in node: String) throws {
        try ip(in: node, ["link", "set", link, "master", bridge, "up"])
    }

    /// Adds `address` ("198.18.0.1/24") to `link` in `node`.
    public func addAddress(_ address: String, to link: String, in node: String?) throws {
        try ip(in: node, ["addr", "add", address, "dev", link])
    }

    /// Sets `link` in `node` up.
    public func setUp(_ link: String, in node: String?) throws {
        try ip(in: node, ["link", "set", link, "up"])
    }

    /// A permanent neighbour entry: `address` is at `mac` on `link` (no ARP for it).
    public func addNeighbour(_ address: String, mac: String, on link: String, in node: String?) throws {
        try ip(in: node, ["neigh", "replace", address, "lladdr", mac, "dev", link, "nud", "permanent"])
    }

    /// Adds the kernel's VXLAN device `name` in `node` (VNI `vni`, UDP `port`, source `local`,
    /// optional fixed `remote` and underlay `device`; `learning` false adds `nolearning`), up.
    public func addVXLAN(
        _ name: String,
        in node: String,
        vni: Int,
        local: String,
        remote: String? = nil,
        device: String? = nil,
        port: Int = 4789,
        learning: Bool = true
    ) throws {
        var arguments = ["link", "add", name, "type", "vxlan", "id", "\(vni)", "dstport", "\(port)", "local", local]
        if let remote { arguments += ["remote", remote] }
        if let device { arguments += ["dev", device] }
        if !learning { arguments.append("nolearning") }
        try ip(in: node, arguments)
        try setUp(name, in: node)
    }

    /// Mirrors every frame arriving on `link` to `device` (both in `node`) with tc: an ingress
    /// qdisc and a u32 filter matching everything (cls_matchall is not built on every kernel)
    /// whose action is `mirred egress mirror`.
    public func mirrorIngress(of link: String, to device: String, in node: String) throws {
        try run(node, ["tc", "qdisc", "add", "dev", link, "ingress"])
        try run(
            node,
            [
                "tc", "filter", "add", "dev", link, "parent", "ffff:", "protocol", "all", "u32", "match", "u32", "0",
                "0", "action", "mirred", "egress", "mirror", "dev", device,
            ]
        )
    }

    // MARK: Running

    /// Runs `ip arguments` in the test's own namespace and fails unless it exits 0.
    @discardableResult
    public func ip(_ arguments: [String]) throws -> ExternalTool.Result {
        try check(ExternalTool.run("/usr/sbin/ip", arguments), "ip " + arguments.joined(separator: " "))
    }

    /// Runs `ip arguments` in namespace `node` (nil: the test's own) and fails unless it exits 0.
    @discardableResult
    public func ip(in node: String?, _ arguments: [String]) throws -> ExternalTool.Result {
        try ip((node.map { ["-n", namespace($0)] } ?? []) + arguments)
    }

    /// Runs `command` inside namespace `node` to its end and fails unless it exits 0.
    @discardableResult
    public func run(
        _ node: String,
        _ command: [String],
        environment: [String: String] = [:]
    ) throws
        -> ExternalTool.Result
    {
        try check(
            ExternalTool.run("/usr/sbin/ip", ["netns", "exec", namespace(node)] + command, environment: environment),
            "in \(node): " + command.joined(separator: " ")
        )
    }

    /// Starts `command` inside namespace `node` in the background, both output streams to `log`
    /// (default: `<node>-<program>.log` in the lab's directory), with no signal blocked. `close()`
    /// kills it if it still runs.
    public func start(
        _ node: String,
        _ command: [String],
        log: String? = nil,
        environment: [String: String] = [:]
    ) throws -> Process {
        let program = URL(fileURLWithPath: command.first ?? "command").lastPathComponent
        let process = try ExternalTool.startInNamespace(
            namespace(node),
            command,
            log: log ?? path("\(node)-\(program).log"),
            environment: environment
        )
        state.withLock { $0.background.append(process) }
        return process
    }

    /// Waits until a socket of `kind` is bound to `local` ("198.18.0.2:4789") in `node`.
    public func waitUntilBound(_ kind: SocketTable.Kind, _ local: String, in node: String, timeout: Double = 20) throws
    {
        try SocketTable.waitUntilBound(kind, local: local, namespace: namespace(node), timeout: timeout)
    }

    /// Waits until every socket of `kind` bound to `local` in `node` has been read empty.
    public func waitUntilDrained(
        _ kind: SocketTable.Kind,
        _ local: String,
        in node: String,
        timeout: Double = 20
    )
        throws
    {
        try SocketTable.waitUntilDrained(kind, local: local, namespace: namespace(node), timeout: timeout)
    }

    /// Waits until tcpdump, started with its output to `log`, says it is capturing.
    public func waitUntilCapturing(log: String, timeout: Double = 20) throws {
        try Poll.untilFile(log, contains: "listening on", timeout: timeout)
    }

    // MARK: Tearing down

    /// Kills the lab's background processes, deletes its namespaces and its directory (kept when
    /// `VTAP_KEEP_LAB=1`). Runs once; later calls do nothing.
    public func close() {
        let (namespaces, background) = state.withLock { state -> ([String], [Process]) in
            if state.closed { return ([], []) }
            state.closed = true
            return (state.namespaces, state.background)
        }
        for process in background where process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        for name in namespaces.reversed() { _ = try? ExternalTool.run("/usr/sbin/ip", ["netns", "del", name]) }
        if ProcessInfo.processInfo.environment["VTAP_KEEP_LAB"] != "1" {
            try? FileManager.default.removeItem(at: directory)
        }
    }

    /// Deletes every `vtlab-<pid>-` namespace whose process is gone.
    private static func removeLeftovers() {
        guard let list = try? ExternalTool.run("/usr/sbin/ip", ["netns", "list"]) else { return }
        for line in list.standardOutput.split(separator: "\n") {
            let name = String(line.split(separator: " ").first ?? "")
            guard name.hasPrefix(prefix), let pid = Int32(name.dropFirst(prefix.count).prefix { $0.isNumber }) else {
                continue
            }
            if kill(pid, 0) != 0 && errno == ESRCH {
                _ = try? ExternalTool.run("/usr/sbin/ip", ["netns", "del", name])
            }
        }
    }

    private func check(_ result: ExternalTool.Result, _ what: String) throws -> ExternalTool.Result {
        guard result.status == 0 else { throw LabFailure("\(what): exit \(result.status): \(result.standardError)") }
        return result
    }
}

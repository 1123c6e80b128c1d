import Foundation
import TestSupport

/// Two "hypervisor hosts" (network namespaces with a Linux bridge each, the bridges joined by a
/// veth link as a physical switch would), three "VMs" (namespaces on veth pairs whose host ends are
/// bridge ports: vm1 and vm2 on h1, vm3 on h2), and receiver namespaces on an underlay bridge
/// (198.18.100.0/24) that the hosts send their tunnels over. Built with `NamespaceLab`, which
/// names the namespaces and deletes everything in `close()` (tests call it in a `defer`).
final class HypervisorLab {
    struct VM {
        var name: String
        var number: Int
        var host: String
        var mac: String { String(format: "02:00:00:00:00:%02x", number) }
        var ip: String { "198.18.0.\(number)" }
    }

    let namespaces: NamespaceLab
    private(set) var vms: [VM] = []
    var hosts: [String] { ["h1", "h2"] }
    var directory: URL { namespaces.directory }

    /// The bridge in each host namespace.
    static let bridge = "br0"
    /// The interface of h1, h2 and rx2 on the underlay (their tunnels leave through it).
    static let uplink = "uplink"
    /// The interface inside each VM namespace.
    static let vmInterface = "eth0"

    func namespace(_ name: String) -> String { namespaces.namespace(name) }
    /// The host-side interface of a VM (what the inventory calls its `interface`), libvirt's naming.
    func hostInterface(_ vm: VM) -> String { "vnet\(vm.number)" }
    func hostAddress(_ host: String) -> String { host == "h1" ? "198.18.100.11" : "198.18.100.12" }
    let receiverAddress = "198.18.100.1"
    let secondReceiverAddress = "198.18.100.2"

    init() throws {
        namespaces = try NamespaceLab()
        do { try build() } catch {
            namespaces.close()
            throw error
        }
    }

    private func build() throws {
        try namespaces.addNamespaces(["h1", "h2", "rx", "rx2", "vm1", "vm2", "vm3"])
        // Host bridges, joined by a veth "cable".
        for host in hosts { try namespaces.addBridge(Self.bridge, in: host) }
        try namespaces.addVeth("cable", in: "h1", peer: "cable", in: "h2")
        for host in hosts { try namespaces.attach("cable", to: Self.bridge, in: host) }
        // Underlay: a bridge in the receiver namespace carrying 198.18.100.1; hosts .11/.12, rx2 .2.
        try namespaces.addBridge("underlay", in: "rx")
        try namespaces.addAddress("\(receiverAddress)/24", to: "underlay", in: "rx")
        for (name, address) in [("h1", hostAddress("h1")), ("h2", hostAddress("h2")), ("rx2", secondReceiverAddress)] {
            try namespaces.addVeth(Self.uplink, in: name, peer: "port-\(name)", in: "rx")
            try namespaces.attach("port-\(name)", to: "underlay", in: "rx")
            try namespaces.addAddress("\(address)/24", to: Self.uplink, in: name)
        }
        vms = [
            VM(name: "vm1", number: 1, host: "h1"), VM(name: "vm2", number: 2, host: "h1"),
            VM(name: "vm3", number: 3, host: "h2"),
        ]
        for vm in vms { try plugIn(vm) }
    }

    /// The VM's veth pair: its inside end (MAC, address, static neighbours, so no ARP in the
    /// traffic under test) and its host end on the host's bridge.
    private func plugIn(_ vm: VM) throws {
        try namespaces.addVeth(Self.vmInterface, in: vm.name, peer: hostInterface(vm), in: vm.host, address: vm.mac)
        try namespaces.attach(hostInterface(vm), to: Self.bridge, in: vm.host)
        try namespaces.addAddress("\(vm.ip)/24", to: Self.vmInterface, in: vm.name)
        for peer in vms where peer.name != vm.name {
            try namespaces.addNeighbour(peer.ip, mac: peer.mac, on: Self.vmInterface, in: vm.name)
        }
    }

    func close() { namespaces.close() }

    func path(_ name: String) -> String { namespaces.path(name) }

    /// Runs `command` inside the namespace `name` and fails unless it exits 0.
    @discardableResult
    func exec(_ name: String, _ command: [String]) throws -> ExternalTool.Result { try namespaces.run(name, command) }

    /// Starts `command` inside namespace `name` in the background, output to `log`.
    func start(_ name: String, _ command: [String], log: String) throws -> Process {
        try namespaces.start(name, command, log: log)
    }

    /// Sends `signal` (SIGINT) and waits (at most `timeout` seconds, then SIGKILL).
    func interrupt(_ process: Process, signal: Int32 = SIGINT, timeout: Double = 10) {
        process.stop(signal: signal, timeout: timeout)
    }

    /// Waits until `file` contains `text` at least `count` times.
    func waitFor(_ text: String, count: Int = 1, in file: String, timeout: Double = 20) throws {
        try Poll.untilFile(file, contains: text, count: count, timeout: timeout)
    }

    /// Starts `tapctl decap --listen gre:ADDRESS` in namespace `name` and waits until its raw GRE socket is bound.
    func startDecap(in name: String, address: String, output: String, log: String) throws -> Process {
        let process = try start(
            name,
            [try ExternalTool.tapctl, "decap", "--listen", "gre:\(address)", "--write", output, "--json"],
            log: log
        )
        try namespaces.waitUntilBound(.raw, "\(address):47", in: name)
        return process
    }

    /// Waits until every GRE packet that reached `address` in namespace `name` has been read by its receiver.
    func waitUntilReceived(in name: String, address: String) throws {
        try namespaces.waitUntilDrained(.raw, "\(address):47", in: name)
    }

    /// Asks each agent for its counters (SIGUSR1 writes `--stats-json`) until together they have
    /// sent at least `count` copies to `destination`.
    func waitForCopies(
        _ agents: [(process: Process, log: String, stats: String)],
        to destination: String,
        count: Int,
        timeout: Double = 20
    ) throws {
        var last: [Int] = []
        try Poll.until(
            "\(count) copies sent to \(destination)",
            timeout: timeout,
            poll: 0.1,
            report: "copies per agent: \(last)"
        ) {
            for agent in agents { kill(agent.process.processIdentifier, SIGUSR1) }
            last = agents.map { agent in
                let statistics = try? AgentStatisticsFile.read(agent.stats)
                return statistics?.destinations.first { $0.name == destination }?.sender.packets ?? 0
            }
            return last.reduce(0, +) >= count
        }
    }

    /// Writes the inventory (every VM where it is) and the traffic generator; returns their paths.
    func prepare() throws -> (inventory: String, script: String) {
        let inventory = path("inventory.yaml")
        try writeInventory(to: inventory)
        return (inventory, try TrafficGenerator.write(to: directory))
    }

    /// Writes the inventory file: each VM with its host, MAC, IP and host interface.
    func writeInventory(to path: String, hostOf: [String: String] = [:]) throws {
        var text = "hosts:\n  - { name: h1 }\n  - { name: h2 }\nvms:\n"
        for vm in vms {
            text += """
                  - name: \(vm.name)
                    uuid: 00000000-0000-4000-8000-00000000000\(vm.number)
                    host: \(hostOf[vm.name] ?? vm.host)
                    state: running
                    nics:
                      - { mac: "\(vm.mac)", ips: [\(vm.ip)], interface: \(hostInterface(vm)), network: lab }

                """
        }
        let temporary = path + ".new"
        try text.write(toFile: temporary, atomically: false, encoding: .utf8)
        _ = rename(temporary, path)
    }

    /// Moves a VM's host-side interface to another host's bridge (a migration's network part).
    func moveInterface(of vmName: String, to host: String) throws {
        guard let index = vms.firstIndex(where: { $0.name == vmName }) else { throw LabFailure("no VM \(vmName)") }
        let vm = vms[index]
        try namespaces.ip(in: vm.host, ["link", "set", hostInterface(vm), "netns", namespace(host)])
        try namespaces.attach(hostInterface(vm), to: Self.bridge, in: host)
        vms[index].host = host
    }

    /// Deletes a VM's veth pair and makes it again with the same names (a VM rebooting).
    func recreateInterface(of vmName: String) throws {
        guard let vm = vms.first(where: { $0.name == vmName }) else { throw LabFailure("no VM \(vmName)") }
        try namespaces.ip(in: vm.host, ["link", "del", hostInterface(vm)])
        // A reboot's down time, part of the scenario: the agent sees the interface vanish before a
        // new one with the same name appears (not only a changed interface index).
        usleep(300_000)
        try plugIn(vm)
    }

    /// Starts `tapctl tap` on `host` for the given VMs; returns the process once its interfaces are open.
    func startAgent(
        on host: String,
        vms selected: [String],
        inventory: String,
        policy: String,
        extra: [String] = [],
        expectedInterfaces: Int
    ) throws -> (process: Process, log: String, stats: String) {
        let log = path("agent-\(host).log")
        let stats = path("agent-\(host).json")
        var arguments = [
            try ExternalTool.tapctl, "tap", "--inventory", "file:" + inventory, "--host-name", host,
            "--policy", policy, "--stats-json", stats, "--inventory-interval", "0.1",
            "--source", hostAddress(host),
        ]
        for vm in selected { arguments += ["--vm", vm] }
        let process = try start(host, arguments + extra, log: log)
        try waitFor("interface opened", count: 2 * expectedInterfaces, in: log)
        return (process, log, stats)
    }
}

import Foundation
import TestSupport

/// Two "hypervisor hosts" (network namespaces with a Linux bridge each, the bridges joined by a
/// veth link as a physical switch would), three "VMs" (namespaces on veth pairs whose host ends are
/// bridge ports: vm1 and vm2 on h1, vm3 on h2), and receiver namespaces on an underlay bridge
/// (198.18.100.0/24) that the hosts send their tunnels over. Names start with `vtag<id>`; everything
/// is deleted by `close()` (tests call it in a `defer`).
final class HypervisorLab {
    struct VM {
        var name: String
        var number: Int
        var host: String
        var mac: String { String(format: "02:00:00:00:00:%02x", number) }
        var ip: String { "198.18.0.\(number)" }
    }

    let id: String
    let directory: URL
    private(set) var vms: [VM] = []
    var hosts: [String] { ["h1", "h2"] }
    private var background: [Process] = []

    func namespace(_ name: String) -> String { "vtag\(id)-\(name)" }
    /// The host-side interface of a VM (what the inventory calls its `interface`).
    func hostInterface(_ vm: VM) -> String { "vtag\(id)v\(vm.number)h" }
    func hostAddress(_ host: String) -> String { host == "h1" ? "198.18.100.11" : "198.18.100.12" }
    let receiverAddress = "198.18.100.1"
    let secondReceiverAddress = "198.18.100.2"

    init(id: String) throws {
        self.id = id
        directory = try ExternalTool.temporaryDirectory("vtag-lab-\(id)")
        deleteNamespaces()
        for name in ["h1", "h2", "rx", "rx2", "vm1", "vm2", "vm3"] {
            try ip(["netns", "add", namespace(name)])
            try exec(
                name,
                ["sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1"]
            )
            try exec(name, ["ip", "link", "set", "lo", "up"])
        }
        // Host bridges, joined by a veth "cable".
        for (host, number) in [("h1", 1), ("h2", 2)] {
            try exec(host, ["ip", "link", "add", "vtag\(id)br\(number)", "type", "bridge"])
            try exec(host, ["ip", "link", "set", "vtag\(id)br\(number)", "up"])
        }
        try ip([
            "link", "add", "vtag\(id)l1", "netns", namespace("h1"), "type", "veth", "peer", "name", "vtag\(id)l2",
            "netns", namespace("h2"),
        ])
        try exec("h1", ["ip", "link", "set", "vtag\(id)l1", "master", "vtag\(id)br1", "up"])
        try exec("h2", ["ip", "link", "set", "vtag\(id)l2", "master", "vtag\(id)br2", "up"])
        // Underlay: a bridge in the receiver namespace carrying 198.18.100.1; hosts .11/.12, rx2 .2.
        try exec("rx", ["ip", "link", "add", "vtag\(id)bu", "type", "bridge"])
        try exec("rx", ["ip", "addr", "add", "\(receiverAddress)/24", "dev", "vtag\(id)bu"])
        try exec("rx", ["ip", "link", "set", "vtag\(id)bu", "up"])
        for (name, address) in [("h1", hostAddress("h1")), ("h2", hostAddress("h2")), ("rx2", secondReceiverAddress)] {
            let inside = "vtag\(id)u\(name)"
            let port = "vtag\(id)p\(name)"
            try ip([
                "link", "add", inside, "netns", namespace(name), "type", "veth", "peer", "name", port, "netns",
                namespace("rx"),
            ])
            try exec("rx", ["ip", "link", "set", port, "master", "vtag\(id)bu", "up"])
            try exec(name, ["ip", "addr", "add", "\(address)/24", "dev", inside])
            try exec(name, ["ip", "link", "set", inside, "up"])
        }
        // VMs.
        vms = [
            VM(name: "vm1", number: 1, host: "h1"), VM(name: "vm2", number: 2, host: "h1"),
            VM(name: "vm3", number: 3, host: "h2"),
        ]
        for vm in vms {
            let inside = "vtag\(id)v\(vm.number)"
            try ip([
                "link", "add", inside, "netns", namespace(vm.name), "address", vm.mac, "type", "veth",
                "peer", "name", hostInterface(vm), "netns", namespace(vm.host),
            ])
            try exec(
                vm.host,
                ["ip", "link", "set", hostInterface(vm), "master", "vtag\(id)br\(vm.host == "h1" ? 1 : 2)", "up"]
            )
            try exec(vm.name, ["ip", "addr", "add", "\(vm.ip)/24", "dev", inside])
            try exec(vm.name, ["ip", "link", "set", inside, "up"])
        }
        // Static neighbours: no ARP in the traffic under test.
        for vm in vms {
            for peer in vms where peer.name != vm.name {
                try exec(
                    vm.name,
                    [
                        "ip", "neigh", "replace", peer.ip, "lladdr", peer.mac, "dev", "vtag\(id)v\(vm.number)", "nud",
                        "permanent",
                    ]
                )
            }
        }
    }

    func close() {
        for process in background where process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        deleteNamespaces()
        if ProcessInfo.processInfo.environment["VTAG_KEEP"] == nil {
            try? FileManager.default.removeItem(at: directory)
        }
    }

    private func deleteNamespaces() {
        for name in ["h1", "h2", "rx", "rx2", "vm1", "vm2", "vm3"] {
            _ = try? ExternalTool.run("/usr/sbin/ip", ["netns", "del", namespace(name)])
        }
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    @discardableResult
    func ip(_ arguments: [String]) throws -> ExternalTool.Result {
        try check(ExternalTool.run("/usr/sbin/ip", arguments), "ip " + arguments.joined(separator: " "))
    }

    /// Runs `command` inside the namespace `name` and fails unless it exits 0.
    @discardableResult
    func exec(_ name: String, _ command: [String]) throws -> ExternalTool.Result {
        try check(
            ExternalTool.run("/usr/sbin/ip", ["netns", "exec", namespace(name)] + command),
            command.joined(separator: " ")
        )
    }

    private func check(_ result: ExternalTool.Result, _ what: String) throws -> ExternalTool.Result {
        guard result.status == 0 else { throw LabFailure("\(what): exit \(result.status): \(result.standardError)") }
        return result
    }

    /// Starts `command` inside namespace `name` in the background, output to `log`.
    func start(_ name: String, _ command: [String], log: String) throws -> Process {
        let process = try ExternalTool.startInNamespace(namespace(name), command, log: log)
        background.append(process)
        return process
    }

    /// Sends `signal` (SIGINT) and waits (at most `timeout` seconds, then SIGKILL).
    func interrupt(_ process: Process, signal: Int32 = SIGINT, timeout: Double = 10) {
        guard process.isRunning else { return }
        kill(process.processIdentifier, signal)
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// Waits until `file` contains `text` at least `count` times.
    func waitFor(_ text: String, count: Int = 1, in file: String, timeout: Double = 20) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let contents = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
            if contents.components(separatedBy: text).count - 1 >= count { return }
            usleep(50_000)
        }
        let contents = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
        throw LabFailure("timed out waiting for \(count)× '\(text)' in \(file):\n\(contents.suffix(3000))")
    }

    /// Starts `tapctl decap --listen gre:ADDRESS` in namespace `name` and waits until its raw GRE socket is bound.
    func startDecap(in name: String, address: String, output: String, log: String) throws -> Process {
        let process = try start(
            name,
            [try ExternalTool.tapctl, "decap", "--listen", "gre:\(address)", "--write", output, "--json"],
            log: log
        )
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if let sockets = try? exec(name, ["ss", "-wan"]), sockets.standardOutput.contains("\(address):47 ") {
                return process
            }
            usleep(50_000)
        }
        throw LabFailure("tapctl decap did not bind gre:\(address) in time")
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
        try exec(vm.host, ["ip", "link", "set", hostInterface(vm), "netns", namespace(host)])
        try exec(host, ["ip", "link", "set", hostInterface(vm), "master", "vtag\(id)br\(host == "h1" ? 1 : 2)", "up"])
        vms[index].host = host
    }

    /// Deletes a VM's veth pair and makes it again with the same names (a VM rebooting).
    func recreateInterface(of vmName: String) throws {
        guard let vm = vms.first(where: { $0.name == vmName }) else { throw LabFailure("no VM \(vmName)") }
        try exec(vm.host, ["ip", "link", "del", hostInterface(vm)])
        usleep(300_000)
        let inside = "vtag\(id)v\(vm.number)"
        try ip([
            "link", "add", inside, "netns", namespace(vm.name), "address", vm.mac, "type", "veth",
            "peer", "name", hostInterface(vm), "netns", namespace(vm.host),
        ])
        try exec(
            vm.host,
            ["ip", "link", "set", hostInterface(vm), "master", "vtag\(id)br\(vm.host == "h1" ? 1 : 2)", "up"]
        )
        try exec(vm.name, ["ip", "addr", "add", "\(vm.ip)/24", "dev", inside])
        try exec(vm.name, ["ip", "link", "set", inside, "up"])
        for peer in vms where peer.name != vm.name {
            try exec(
                vm.name,
                ["ip", "neigh", "replace", peer.ip, "lladdr", peer.mac, "dev", inside, "nud", "permanent"]
            )
        }
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

struct LabFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

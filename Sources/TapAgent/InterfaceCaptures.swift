import Foundation
import Glibc
import Logging
import PacketCapture

/// The open captures (one per tapped interface and direction) and their counters, kept in step
/// with the interfaces this host should capture and the ones that exist.
///
/// Guarantees: `reconcile` opens a capture on every wanted interface that exists, and closes those
/// no longer wanted, vanished or recreated (new interface index), logging each with its reason;
/// a closed capture's frame counters and kernel drops are kept in its interface's totals, so
/// `statistics(localInterfaces:)` never goes backwards. Used by the capture thread only.
final class InterfaceCaptures {
    /// The open captures, in the order they are polled and read.
    private(set) var all: [InterfaceCapture] = []
    /// Interfaces of VMs the inventory moved to another host, kept open until they vanish here
    /// (a migrating VM's old interface still carries its frames until it is torn down).
    private var lingering: [String: TappedInterface] = [:]
    private var totals: [String: AgentStatistics.Interface] = [:]
    /// Kernel drops of closed captures, per interface and direction.
    private var closedDrops: [String: (transmitted: Int, received: Int)] = [:]
    /// When the last rtnetlink link event was read (for the open delay in the log).
    var lastLinkEvent: ContinuousClock.Instant?
    private let configuration: TapAgentConfiguration
    private let logger: Logger

    init(configuration: TapAgentConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// The tapped interface a capture named `name` belongs to: a local one of `ownership`, a
    /// lingering one, or a bare one.
    func tappedInterface(named name: String, ownership: OwnershipState) -> TappedInterface {
        ownership.localInterface(named: name) ?? lingering[name] ?? TappedInterface(name: name)
    }

    /// Keeps `interface` (no longer local: its VM moved to another host) open until it vanishes here.
    /// Returns false when no capture is open on it (nothing to keep).
    func linger(_ interface: TappedInterface) -> Bool {
        guard all.contains(where: { $0.interfaceName == interface.name }) else { return false }
        lingering[interface.name] = interface
        return true
    }

    /// Opens captures on wanted interfaces that exist and are not open; closes captures on
    /// interfaces no longer wanted, gone, or recreated (new index). `filter` gives the kernel
    /// filter of a new capture.
    func reconcile(ownership: OwnershipState, filter: (TappedInterface, CaptureDirection) -> String) {
        let local = ownership.localInterfaces
        for name in lingering.keys where if_nametoindex(name) == 0 || local.contains(where: { $0.name == name }) {
            lingering[name] = nil
            logger.info("handed over", metadata: ["interface": "\(name)"])
        }
        let wanted = Set(local.map(\.name)).union(lingering.keys)
        var index = all.count - 1
        while index >= 0 {
            let capture = all[index]
            let currentIndex = if_nametoindex(capture.interfaceName)
            if !wanted.contains(capture.interfaceName) || currentIndex == 0 || currentIndex != capture.interfaceIndex {
                logger.info(
                    "interface closed",
                    metadata: [
                        "interface": "\(capture.interfaceName)", "direction": "\(capture.direction.rawValue)",
                        "reason":
                            "\(wanted.contains(capture.interfaceName) ? (currentIndex == 0 ? "vanished" : "recreated") : "not tapped any more")",
                    ]
                )
                close(at: index)
            }
            index -= 1
        }
        for tapped in local {
            guard if_nametoindex(tapped.name) != 0 else { continue }
            for direction in CaptureDirection.allCases
            where !all.contains(where: { $0.interfaceName == tapped.name && $0.direction == direction }) {
                open(tapped, direction: direction, filter: filter(tapped, direction))
            }
        }
    }

    private func open(_ tapped: TappedInterface, direction: CaptureDirection, filter: String) {
        do {
            let capture = try InterfaceCapture(
                interface: tapped.name,
                direction: direction,
                filter: filter,
                snapLength: configuration.snapLength,
                bufferBytes: configuration.bufferBytes ?? InterfaceCapture.defaultBufferBytes(interface: tapped.name)
            )
            all.append(capture)
            totals[tapped.name, default: .init(name: tapped.name, virtualMachine: tapped.virtualMachine)].opens +=
                direction == .transmitted ? 1 : 0
            var metadata: Logger.Metadata = [
                "interface": "\(tapped.name)", "direction": "\(direction.rawValue)",
                "vm": "\(tapped.virtualMachine ?? "-")",
                "at": "\(String(format: "%.6f", Date().timeIntervalSince1970))",
            ]
            if let lastLinkEvent, ContinuousClock.now - lastLinkEvent < .seconds(1) {
                let delay = ContinuousClock.now - lastLinkEvent
                metadata["after-link-event-ms"] =
                    "\(String(format: "%.3f", Double(delay.components.attoseconds) / 1e15 + Double(delay.components.seconds) * 1000))"
            }
            logger.info("interface opened", metadata: metadata)
        } catch {
            logger.debug("interface not ready", metadata: ["interface": "\(tapped.name)", "error": "\(error)"])
        }
    }

    /// Installs `filter`'s kernel filter on every open capture; a capture whose filter does not
    /// compile is closed (and reopened, with its error logged, by the next reconcile).
    func refilter(ownership: OwnershipState, filter: (TappedInterface, CaptureDirection) -> String) {
        var index = all.count - 1
        while index >= 0 {
            let capture = all[index]
            let tapped = tappedInterface(named: capture.interfaceName, ownership: ownership)
            do { try capture.handle.setFilter(filter(tapped, capture.direction)) } catch {
                logger.warning(
                    "capture filter failed, will reopen",
                    metadata: ["interface": "\(capture.interfaceName)", "error": "\(error)"]
                )
                close(at: index)
            }
            index -= 1
        }
    }

    /// Closes the capture at `index`, keeping its counters and kernel drops in its interface's totals.
    func close(at index: Int) {
        let capture = all.remove(at: index)
        if capture.captured > 0 {
            let virtualMachine = totals[capture.interfaceName]?.virtualMachine
            totals[capture.interfaceName, default: .init(name: capture.interfaceName, virtualMachine: virtualMachine)]
                .add(capture)
        }
        if capture.direction == .transmitted {
            closedDrops[capture.interfaceName, default: (0, 0)].transmitted += capture.kernelDrops
        } else {
            closedDrops[capture.interfaceName, default: (0, 0)].received += capture.kernelDrops
        }
    }

    /// Closes every capture.
    func closeAll() {
        while !all.isEmpty { close(at: all.count - 1) }
    }

    /// Every interface's counters now: the local ones (open or not) in order, then the others that
    /// were ever captured, by name. Changes nothing.
    func statistics(localInterfaces: [TappedInterface]) -> [AgentStatistics.Interface] {
        localInterfaces.map { tapped in
            var entry =
                totals[tapped.name]
                ?? AgentStatistics.Interface(name: tapped.name, virtualMachine: tapped.virtualMachine)
            var drops = closedDrops[tapped.name] ?? (0, 0)
            for capture in all where capture.interfaceName == tapped.name {
                entry.add(capture)
                if capture.direction == .transmitted {
                    drops.transmitted += capture.kernelDrops
                } else {
                    drops.received += capture.kernelDrops
                }
            }
            entry.transmittedDrops = drops.transmitted
            entry.receivedDrops = drops.received
            entry.kernelDrops = drops.transmitted + drops.received
            entry.isOpen = all.contains { $0.interfaceName == tapped.name }
            return entry
        }
            + totals.values.filter { total in !localInterfaces.contains { $0.name == total.name } }.map { total in
                var entry = total
                for capture in all where capture.interfaceName == total.name { entry.add(capture) }
                return entry
            }.sorted { $0.name < $1.name }
    }
}

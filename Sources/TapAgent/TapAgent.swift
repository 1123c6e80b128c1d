import Foundation
import GRE
import Glibc
import Inventory
import Logging
import NetFlow
import NetFlowNIO
import NetworkTypes
import PacketCapture
import PacketCore
import Policy
import Synchronization
import TunnelTransport

/// The live tap agent: captures the tapped VMs' interfaces (libpcap, immediate mode), decodes each
/// frame, keeps only the frames this host owns (`OwnershipRule`: no duplicates across VMs and hosts),
/// meters them into the flow cache (NetFlow v5/v9/IPFIX export), matches them against the policy and
/// sends the selected ones, encapsulated, to the policy's destinations.
///
/// Follows the inventory (VMs appearing, moving between hosts, going away), interfaces appearing,
/// vanishing and being recreated, and reacts to signals (see `AgentSignals`) when they are installed.
/// One capture thread does the per-packet work; it allocates nothing per packet.
public final class TapAgent: @unchecked Sendable {
    public let configuration: TapAgentConfiguration
    private let logger: Logger
    private let stopRequested = Atomic<Bool>(false)
    private let pendingView = Mutex<InventoryView?>(nil)
    private let refreshRequested = Atomic<Bool>(false)

    // Capture-thread state.
    private var view: InventoryView = .empty
    private var ownership: OwnershipRule
    private var policy: CompiledPolicy
    private var output: any TunnelOutput
    private var destinationTotals: [String: AgentStatistics.DestinationTotals] = [:]
    private var sampleCountdown: [Int] = []
    private var ruleHits: [AgentStatistics.Rule] = []
    private var captures: [InterfaceCapture] = []
    private var interfaceTotals: [String: AgentStatistics.Interface] = [:]
    private var closedDrops: [String: Int] = [:]
    private var learnedMACs = Set<MACAddress>()
    /// Interfaces of VMs the inventory moved to another host, kept open until they vanish here
    /// (a migrating VM's old interface still carries its frames until it is torn down).
    private var lingering: [String: TappedInterface] = [:]
    private var statistics = AgentStatistics()
    private var packet = DecodedPacket()
    private let decoder = PacketDecoder()
    private var budget: CaptureBudget
    private var flowCache: FlowCache?
    private var flowExporter: FlowExporter<UDPDatagramSender>?
    private var collectorAddress: (address: IPAddress, port: UInt16)?
    private let started = Date()

    /// Reads the inventory once, compiles the policy and opens the destinations' sockets and the
    /// flow exporter. Throws `TapAgentError` with a one-line reason.
    public init(configuration: TapAgentConfiguration, logger: Logger = Logger(label: "virtualtap.tap")) async throws {
        self.configuration = configuration
        self.logger = logger
        self.budget = CaptureBudget(packetsPerSecond: configuration.maximumCapturePacketsPerSecond)
        var view = InventoryView.empty
        var tracker: InventoryTracker?
        if !configuration.inventorySources.isEmpty {
            let made = InventoryTracker(sources: configuration.inventorySources)
            _ = await made.refresh()
            view = await made.view
            if let failure = view.failingSources.first {
                throw TapAgentError("inventory source \(failure.key): \(failure.value)")
            }
            tracker = made
        } else if !configuration.virtualMachines.isEmpty {
            throw TapAgentError("--vm needs an inventory (--inventory file:PATH | libvirt:URI | vsphere:URL)")
        }
        self.view = view
        self.ownership = Self.ownership(view: view, configuration: configuration)
        do {
            self.policy = try CompiledPolicy(contentsOf: configuration.policyPath, resolver: InventoryVMResolver(view.index))
        } catch { throw TapAgentError(error.description) }
        self.output = try Self.makeOutput(policy.destinations, configuration: configuration)
        if let collector = configuration.netflowCollector {
            let sender: UDPDatagramSender
            do { sender = try await UDPDatagramSender.open(host: collector.host, port: collector.port) } catch {
                throw TapAgentError("cannot open the flow export socket to \(collector.host):\(collector.port): \(error)")
            }
            if let address = IPAddress(collector.host) { collectorAddress = (address, UInt16(clamping: collector.port)) }
            flowCache = FlowCache(configuration: FlowCacheConfiguration(
                activeTimeoutSeconds: configuration.flowActiveTimeoutSeconds,
                inactiveTimeoutSeconds: configuration.flowInactiveTimeoutSeconds))
            flowExporter = FlowExporter(configuration: FlowExportConfiguration(version: configuration.netflowVersion), output: sender)
        }
        resetPolicyCounters()
        if let tracker { startInventoryPoller(tracker) }
    }

    /// Asks the running agent to flush flows and stop (what SIGINT/SIGTERM do).
    public func stop() { stopRequested.store(true, ordering: .relaxed) }

    /// Captures until `stop()`, SIGINT/SIGTERM (when `AgentSignals.install()` was called) or the
    /// configured duration; then flushes flows and senders and returns the counters.
    public func run() async throws -> AgentStatistics {
        if let path = configuration.capturePath { return try readCaptureFile(path) }
        return await withCheckedContinuation { (continuation: CheckedContinuation<AgentStatistics, Never>) in
            let thread = Thread { [self] in continuation.resume(returning: captureLoop()) }
            thread.name = "virtualtap-capture"
            thread.start()
        }
    }

    /// The counters so far (call from the capture thread, or after `run` returned).
    public var currentStatistics: AgentStatistics {
        var result = statistics
        result.seconds = Date().timeIntervalSince(started)
        result.interfaces = ownership.localInterfaces.map { tapped in
            var entry = interfaceTotals[tapped.name] ?? AgentStatistics.Interface(name: tapped.name, virtualMachine: tapped.virtualMachine)
            entry.kernelDrops = (closedDrops[tapped.name] ?? 0) + captures.filter { $0.interfaceName == tapped.name }.reduce(0) { $0 + $1.kernelDrops }
            entry.isOpen = captures.contains { $0.interfaceName == tapped.name }
            return entry
        } + interfaceTotals.values.filter { total in !ownership.localInterfaces.contains { $0.name == total.name } }.sorted { $0.name < $1.name }
        var destinations = destinationTotals
        for (index, destination) in output.destinations.enumerated() {
            var totals = destinations[destination.name] ?? AgentStatistics.DestinationTotals(name: destination.name)
            totals.sender.add(output.counters[index])
            destinations[destination.name] = totals
        }
        result.destinations = policy.destinations.compactMap { destinations[$0.name] }
        result.rules = ruleHits
        if let flowExporter {
            result.flowsExported = flowExporter.flowsExported
            result.flowDatagrams = flowExporter.datagramsSent
        }
        return result
    }

    /// The sender for `destinations`, or a pcap of what would be sent (`encapsulatedCapturePath`).
    private static func makeOutput(_ destinations: [Destination], configuration: TapAgentConfiguration) throws -> any TunnelOutput {
        let mapped = destinations.map { PolicyDestinationMapping.tunnelDestination($0, defaultSource: configuration.tunnelSource) }
        do {
            if let path = configuration.encapsulatedCapturePath { return try TunnelPcapOutput(path: path, destinations: mapped) }
            return try TunnelSender(destinations: mapped)
        } catch let error as CaptureFileError { throw TapAgentError(error.description) }
        catch let error as TransportError { throw TapAgentError(error.description) }
    }

    // MARK: - Capture file (offline)

    /// Reads `path` (pcap/pcapng/.gz) through the same flow/policy/encapsulation path as live capture.
    /// Every frame counts as owned (a file has no direction); the interface row is the file.
    private func readCaptureFile(_ path: String) throws -> AgentStatistics {
        let reader: CaptureFileReader
        do { reader = try CaptureFileReader(path: path) } catch { throw TapAgentError(error.description) }
        var totals = AgentStatistics.Interface(name: path)
        while true {
            let next: CaptureRecord?
            do { next = try reader.next() } catch { throw TapAgentError(error.description) }
            guard let record = next else { break }
            totals.captured += 1
            reader.withCurrentFrame { frame in
                do throws(WireError) {
                    try decoder.decode(frame, linkType: record.linkType, wireLength: record.originalLength, into: &packet)
                } catch {
                    statistics.undecodable += 1
                    return
                }
                totals.owned += 1
                process(frame, timestamp: record.timestamp, originalLength: record.originalLength,
                        interfaceIndex: UInt32(truncatingIfNeeded: record.interfaceIndex))
            }
        }
        interfaceTotals[path] = totals
        return finish()
    }

    // MARK: - Capture loop

    private func captureLoop() -> AgentStatistics {
        let deadline = configuration.duration.map { Date().addingTimeInterval($0) }
        var nextInterfaceCheck = ContinuousClock.now
        var pollDescriptors: [pollfd] = []
        logger.info("tap agent started", metadata: [
            "host": "\(configuration.hostName)", "interfaces": "\(ownership.localInterfaces.map(\.name))",
            "destinations": "\(policy.destinations.map(\.name))",
        ])
        while true {
            let signals = AgentSignals.take()
            if signals.contains(.stop) || stopRequested.load(ordering: .relaxed) { break }
            if let deadline, Date() >= deadline { break }
            if signals.contains(.reload) { reload() }
            if signals.contains(.report) { report() }
            if let newView = pendingView.withLock({ pending -> InventoryView? in defer { pending = nil }; return pending }) {
                apply(newView)
            }
            if ContinuousClock.now >= nextInterfaceCheck {
                reconcileInterfaces()
                nextInterfaceCheck = ContinuousClock.now + configuration.interfaceCheckInterval
            }
            pollDescriptors.removeAll(keepingCapacity: true)
            for capture in captures { pollDescriptors.append(pollfd(fd: capture.descriptor, events: Int16(POLLIN), revents: 0)) }
            if pollDescriptors.isEmpty {
                usleep(20_000)
            } else {
                _ = unsafe poll(&pollDescriptors, nfds_t(pollDescriptors.count), 20)
            }
            var failed: [Int] = []
            for (index, capture) in captures.enumerated() {
                do { try readBatch(capture) } catch {
                    logger.warning("capture failed, will reopen", metadata: ["interface": "\(capture.interfaceName)", "error": "\(error)"])
                    failed.append(index)
                }
            }
            for index in failed.reversed() { close(at: index) }
            try? output.flush()
            if flowCache != nil { expireFlows() }
        }
        return finish()
    }

    private func readBatch(_ capture: InterfaceCapture) throws(LibpcapError) {
        let interface = ownership.localInterfaces.first { $0.name == capture.interfaceName } ?? lingering[capture.interfaceName]
            ?? TappedInterface(name: capture.interfaceName)
        let isFirst = ownership.localInterfaces.first?.name == capture.interfaceName
        var captured = 0
        var owned = 0
        var notOwned = 0
        _ = try capture.handle.readPackets(maximumCount: 512) { meta, frame in
            captured += 1
            if !budget.admit(now: Self.monotonicNanoseconds()) {
                statistics.droppedByBudget += 1
                return
            }
            do throws(WireError) {
                try decoder.decode(frame, linkType: capture.linkType, wireLength: meta.originalLength, into: &packet)
            } catch {
                statistics.undecodable += 1
                return
            }
            if capture.direction == .transmitted, !ownership.knowsMACs || interface.mac == nil {
                if !learnedMACs.contains(packet.sourceMAC) { learnedMACs.insert(packet.sourceMAC) }
            }
            guard ownership.owns(direction: capture.direction, source: packet.sourceMAC, destination: packet.destinationMAC,
                                 interface: interface, isFirstInterface: isFirst, learned: learnedMACs) else {
                notOwned += 1
                return
            }
            owned += 1
            process(frame, timestamp: meta.timestamp, originalLength: meta.originalLength, interfaceIndex: capture.interfaceIndex)
        }
        if captured > 0 {
            interfaceTotals[capture.interfaceName, default: .init(name: capture.interfaceName, virtualMachine: interface.virtualMachine)]
                .captured += captured
            interfaceTotals[capture.interfaceName]?.owned += owned
            interfaceTotals[capture.interfaceName]?.notOwned += notOwned
        }
    }

    /// The per-frame work after ownership: flows, policy, destinations.
    private func process(_ frame: RawSpan, timestamp: CaptureTimestamp, originalLength: Int, interfaceIndex: UInt32) {
        if flowCache != nil {
            let now = timestamp.milliseconds
            flowExporter!.advanceClock(to: now)
            flowCache!.observe(packet, timestampMilliseconds: now, interfaceIndex: interfaceIndex, into: &flowExporter!)
        }
        let decision = policy.decide(packet)
        let ruleSlot: Int
        switch decision.outcome {
        case .ownTunnel:
            statistics.ownTunnel += 1
            return
        case .defaultAction: ruleSlot = ruleHits.count - 1
        case .rule(let index): ruleSlot = index
        }
        ruleHits[ruleSlot].packets += 1
        ruleHits[ruleSlot].bytes += originalLength
        guard !decision.destinations.isEmpty else { return }
        let flowHash = FlowEntropy.hash(packet)
        for index in decision.destinations {
            let sampling = policy.destinations[index].sampling
            if sampling > 1 {
                sampleCountdown[index] -= 1
                if sampleCountdown[index] > 0 {
                    destinationTotals[policy.destinations[index].name]?.sampledOut += 1
                    continue
                }
                sampleCountdown[index] = sampling
            }
            output.send(frame, to: index, flowHash: flowHash, timestamp: timestamp)
        }
    }

    private func expireFlows() {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        flowExporter!.advanceClock(to: now)
        flowCache!.expire(now: now, into: &flowExporter!)
    }

    // MARK: - Interfaces

    /// Opens captures on wanted interfaces that exist and are not open; closes captures on interfaces
    /// no longer wanted, gone, or recreated (new index).
    private func reconcileInterfaces() {
        for name in lingering.keys where if_nametoindex(name) == 0 || ownership.localInterfaces.contains(where: { $0.name == name }) {
            lingering[name] = nil
            logger.info("handed over", metadata: ["interface": "\(name)"])
        }
        let wanted = Set(ownership.localInterfaces.map(\.name)).union(lingering.keys)
        var index = captures.count - 1
        while index >= 0 {
            let capture = captures[index]
            let currentIndex = if_nametoindex(capture.interfaceName)
            if !wanted.contains(capture.interfaceName) || currentIndex == 0 || currentIndex != capture.interfaceIndex {
                logger.info("interface closed", metadata: [
                    "interface": "\(capture.interfaceName)", "direction": "\(capture.direction.rawValue)",
                    "reason": "\(wanted.contains(capture.interfaceName) ? (currentIndex == 0 ? "vanished" : "recreated") : "not tapped any more")",
                ])
                close(at: index)
            }
            index -= 1
        }
        for tapped in ownership.localInterfaces {
            guard if_nametoindex(tapped.name) != 0 else { continue }
            for direction in CaptureDirection.allCases where !captures.contains(where: { $0.interfaceName == tapped.name && $0.direction == direction }) {
                let filter = OwnTrafficFilter.expression(destinations: policy.destinations, collector: collectorAddress,
                                                         excludingSource: direction == .received ? tapped.mac : nil)
                do {
                    let capture = try InterfaceCapture(interface: tapped.name, direction: direction, filter: filter,
                                                       snapLength: configuration.snapLength, bufferBytes: configuration.bufferBytes)
                    captures.append(capture)
                    interfaceTotals[tapped.name, default: .init(name: tapped.name, virtualMachine: tapped.virtualMachine)].opens += direction == .transmitted ? 1 : 0
                    logger.info("interface opened", metadata: ["interface": "\(tapped.name)", "direction": "\(direction.rawValue)",
                                                               "vm": "\(tapped.virtualMachine ?? "-")"])
                } catch {
                    logger.debug("interface not ready", metadata: ["interface": "\(tapped.name)", "error": "\(error)"])
                }
            }
        }
    }

    private func close(at index: Int) {
        let capture = captures.remove(at: index)
        closedDrops[capture.interfaceName, default: 0] += capture.kernelDrops
    }

    // MARK: - Inventory and policy

    private static func ownership(view: InventoryView, configuration: TapAgentConfiguration) -> OwnershipRule {
        if configuration.inventorySources.isEmpty { return OwnershipRule(interfaces: configuration.interfaces) }
        return OwnershipRule(inventory: view.index, selectors: configuration.virtualMachines.map(VMSelector.init),
                             localHost: configuration.hostName, interfaces: configuration.interfaces)
    }

    private func startInventoryPoller(_ tracker: InventoryTracker) {
        let interval = configuration.inventoryPollInterval
        Task.detached { [self] in
            var last = ContinuousClock.now
            while !stopRequested.load(ordering: .relaxed) {
                try? await Task.sleep(for: .milliseconds(20))
                let forced = refreshRequested.exchange(false, ordering: .relaxed)
                guard forced || ContinuousClock.now - last >= interval else { continue }
                last = ContinuousClock.now
                let events = await tracker.refresh()
                if !events.isEmpty || forced {
                    let view = await tracker.view
                    pendingView.withLock { $0 = view }
                }
            }
        }
    }

    /// A new inventory view: new ownership (interfaces to open/close), policy recompiled so that
    /// `vm`/`tag` rules follow the VMs. Destinations and their sequence numbers are kept.
    private func apply(_ newView: InventoryView) {
        view = newView
        let previous = ownership
        ownership = Self.ownership(view: newView, configuration: configuration)
        for old in previous.localInterfaces where !ownership.localInterfaces.contains(where: { $0.name == old.name }) {
            guard let vmName = old.virtualMachine, let vm = newView.index.virtualMachines.first(where: { $0.name == vmName }),
                vm.host != nil, vm.host != configuration.hostName, captures.contains(where: { $0.interfaceName == old.name })
            else { continue }
            lingering[old.name] = old
            logger.info("VM moved away, capturing its old interface until it vanishes", metadata: [
                "vm": "\(vmName)", "interface": "\(old.name)", "to": "\(vm.host ?? "-")",
            ])
        }
        statistics.inventoryUpdates += 1
        logger.info("inventory updated", metadata: ["interfaces": "\(ownership.localInterfaces.map(\.name))"])
        install(CompiledPolicy(policy.policy, resolver: InventoryVMResolver(newView.index)))
        reconcileInterfaces()
    }

    /// SIGHUP: read the policy file again (keeping the old one on error) and the inventory.
    private func reload() {
        refreshRequested.store(true, ordering: .relaxed)
        do {
            let compiled = try CompiledPolicy(contentsOf: configuration.policyPath, resolver: InventoryVMResolver(view.index))
            install(compiled)
            statistics.policyReloads += 1
            logger.info("policy reloaded", metadata: ["rules": "\(compiled.policy.rules.count)", "destinations": "\(compiled.destinations.count)"])
        } catch {
            logger.error("policy reload failed, keeping the old policy", metadata: ["error": "\(error.description)"])
        }
    }

    /// Swaps the policy in. When the destinations changed, the sender is rebuilt (counters carried
    /// over by name); otherwise it is kept, so sequence numbers continue.
    private func install(_ compiled: CompiledPolicy) {
        let old = policy
        policy = compiled
        if compiled.destinations != old.destinations {
            do {
                let sender = try Self.makeOutput(compiled.destinations, configuration: configuration)
                try? output.flush()
                for (index, destination) in output.destinations.enumerated() {
                    destinationTotals[destination.name, default: .init(name: destination.name)].sender.add(output.counters[index])
                }
                output = sender
                // Filters name the destinations: reopen the captures with the new ones.
                while !captures.isEmpty { close(at: captures.count - 1) }
            } catch {
                logger.error("new destinations failed, keeping the old policy", metadata: ["error": "\(error)"])
                policy = old
                return
            }
        }
        if compiled.policy.rules.map(\.name) != old.policy.rules.map(\.name) || ruleHits.isEmpty { resetPolicyCounters() }
    }

    private func resetPolicyCounters() {
        ruleHits = policy.policy.rules.map { AgentStatistics.Rule(name: $0.name) } + [AgentStatistics.Rule(name: "default")]
        sampleCountdown = policy.destinations.map { max($0.sampling, 1) }
        for destination in policy.destinations where destinationTotals[destination.name] == nil {
            destinationTotals[destination.name] = .init(name: destination.name)
        }
    }

    // MARK: - Reports

    private func report() {
        let current = currentStatistics
        logger.notice("counters", metadata: ["stats": "\n\(current.text)"])
        writeStatistics(current)
    }

    private func writeStatistics(_ current: AgentStatistics) {
        guard let path = configuration.statisticsPath else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do { try encoder.encode(current).write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            logger.error("cannot write statistics", metadata: ["path": "\(path)", "error": "\(error)"])
        }
    }

    private func finish() -> AgentStatistics {
        stopRequested.store(true, ordering: .relaxed)
        for capture in captures { interfaceTotals[capture.interfaceName]?.captured += 0 }
        if flowCache != nil {
            flowCache!.endAll(into: &flowExporter!)
            flowExporter!.flush()
            flowExporter!.output.waitForWrites()
        }
        try? output.flush()
        if let file = output as? TunnelPcapOutput {
            do { try file.close() } catch { logger.error("cannot finish the encapsulated capture", metadata: ["error": "\(error)"]) }
        }
        let final = currentStatistics
        while !captures.isEmpty { close(at: captures.count - 1) }
        writeStatistics(final)
        logger.info("tap agent stopped")
        return final
    }

    static func monotonicNanoseconds() -> UInt64 {
        var now = timespec()
        unsafe clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) &* 1_000_000_000 &+ UInt64(now.tv_nsec)
    }
}

import Foundation
import GRE
import Glibc
import Inventory
import Logging
import NetFlow
import FlowTransport
import NetworkTypes
import PacketCapture
import PacketCore
import Policy
import Synchronization
import TapPipeline
import TapVocabulary
import TunnelTransport

/// The live tap agent: captures the tapped VMs' interfaces (libpcap on TPACKET_V3 rings, with the
/// policy and own-traffic filter in the kernel), keeps only the frames this host owns
/// (`OwnershipRule`: no duplicates across VMs and hosts), meters them into the flow cache
/// (NetFlow v5/v9/IPFIX export) and hands them to one `TapPipeline` (policy decision, sampling,
/// encapsulation, the destinations' senders or a capture file).
///
/// Follows the inventory (VMs appearing, moving between hosts, going away), interfaces appearing,
/// vanishing and being recreated, and reacts to signals (see `AgentSignals`) when they are installed.
/// While it runs, `replacePolicy(yaml:)` and `replaceInventory(_:)` change what it taps without a
/// restart, and `statisticsSnapshot()` reads its counters without changing anything.
/// One capture thread does the per-packet work; it allocates nothing per packet.
public final class TapAgent: @unchecked Sendable {
    public let configuration: TapAgentConfiguration
    private let logger: Logger
    private let stopRequested = Atomic<Bool>(false)
    private let pendingView = Mutex<InventoryView?>(nil)
    private let refreshRequested = Atomic<Bool>(false)
    /// The policy asked for: replaced by SIGHUP, inventory changes and `replacePolicy`; the capture
    /// thread installs each new generation at its next turn.
    private let requestedPolicy: LivePolicy
    private var installedGeneration: UInt64 = 1
    /// The inventory view in force, for compiling policies on other threads.
    private let publishedView = Mutex<InventoryView>(.empty)
    /// Statistics requests waiting for the capture thread.
    private let statisticsRequests = Mutex<[CheckedContinuation<AgentStatistics, Never>]>([])
    private let isRunning = Atomic<Bool>(false)

    // Capture-thread state.
    private var view: InventoryView = .empty
    private var ownership: OwnershipRule
    private var policy: CompiledPolicy
    /// The pipeline in use: to the network, or to a pcap of what would be sent (`--write-encap`).
    private var pipeline: TapPipeline<AgentOutput>
    /// Counters of pipelines retired by a policy or inventory change.
    private var retired = AgentStatistics()
    private var captures: [InterfaceCapture] = []
    private var interfaceTotals: [String: AgentStatistics.Interface] = [:]
    /// Kernel drops of closed captures, per interface and direction.
    private var closedDrops: [String: (transmitted: Int, received: Int)] = [:]
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
    /// When the last rtnetlink link event was read (for the open delay in the log).
    private var lastLinkEvent: ContinuousClock.Instant?

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
        self.publishedView.withLock { $0 = view }
        self.ownership = Self.ownership(view: view, configuration: configuration)
        let compiled: CompiledPolicy
        do {
            compiled = try CompiledPolicy(contentsOf: configuration.policyPath, virtualMachines: view.index.virtualMachines)
        } catch { throw TapAgentError(error.description) }
        self.policy = compiled
        self.requestedPolicy = LivePolicy(compiled)
        self.pipeline = TapPipeline(policy: compiled, output: try Self.makeOutput(for: compiled, configuration: configuration))
        if let collector = configuration.netflowCollector {
            let sender: UDPDatagramSender
            do { sender = try UDPDatagramSender.open(host: collector.host, port: collector.port) } catch {
                throw TapAgentError("cannot open the flow export socket to \(collector.host):\(collector.port): \(error)")
            }
            if let address = IPAddress(collector.host) { collectorAddress = (address, UInt16(clamping: collector.port)) }
            flowCache = FlowCache(configuration: FlowCacheConfiguration(
                activeTimeoutSeconds: configuration.flowActiveTimeoutSeconds,
                inactiveTimeoutSeconds: configuration.flowInactiveTimeoutSeconds))
            flowExporter = FlowExporter(configuration: FlowExportConfiguration(version: configuration.netflowVersion), output: sender)
        }
        if let tracker { startInventoryPoller(tracker) }
    }

    /// Asks the running agent to flush flows and stop (what SIGINT/SIGTERM do).
    public func stop() { stopRequested.store(true, ordering: .relaxed) }

    /// Parses and compiles `yaml` (resolving `vm:`/`tag:` rules through the inventory in force) and
    /// hands it to the running agent, which installs it at its next capture turn (within 20 ms):
    /// destinations kept keep their sockets and sequence numbers. On a parse error nothing changes
    /// and the located error is thrown. Returns the new policy's warnings.
    @discardableResult
    public func replacePolicy(yaml: String, file: String = "<policy>") throws(TapAgentError) -> [PolicyDiagnostic] {
        let parsed: TapPolicy
        do { parsed = try PolicyParser(file: file).parse(yaml) } catch { throw TapAgentError(error.description) }
        let virtualMachines = publishedView.withLock { $0 }.index.virtualMachines
        requestedPolicy.replace(with: CompiledPolicy(parsed, virtualMachines: virtualMachines))
        return PolicyWarnings.find(in: parsed, virtualMachines: virtualMachines)
    }

    /// Hands the running agent a new inventory view (VMs, hosts, NICs), applied at its next capture
    /// turn as if its own inventory sources had changed: captures opened and closed, the policy's
    /// `vm:`/`tag:` rules resolved again. The agent's own sources, if any, still replace it on their
    /// next change.
    public func replaceInventory(_ view: InventoryView) {
        pendingView.withLock { $0 = view }
    }

    /// The counters now, read by the capture thread at its next turn (within 20 ms) while the agent
    /// runs, directly otherwise. Changes nothing: no flush, no counter reset.
    public func statisticsSnapshot() async -> AgentStatistics {
        await withCheckedContinuation { (continuation: CheckedContinuation<AgentStatistics, Never>) in
            let queued = statisticsRequests.withLock { requests -> Bool in
                guard isRunning.load(ordering: .acquiring) else { return false }
                requests.append(continuation)
                return true
            }
            if !queued { continuation.resume(returning: currentStatistics) }
        }
    }

    /// Captures until `stop()`, SIGINT/SIGTERM (when `AgentSignals.install()` was called) or the
    /// configured duration; then flushes flows and senders and returns the counters.
    public func run() async -> AgentStatistics {
        await withCheckedContinuation { (continuation: CheckedContinuation<AgentStatistics, Never>) in
            let thread = Thread { [self] in continuation.resume(returning: captureLoop()) }
            thread.name = "virtualtap-capture"
            thread.start()
        }
    }

    /// The counters so far (call from the capture thread, or after `run` returned; from other
    /// threads use `statisticsSnapshot()`). Changes nothing.
    public var currentStatistics: AgentStatistics {
        var result = statistics
        result.seconds = Date().timeIntervalSince(started)
        result.interfaces = ownership.localInterfaces.map { tapped in
            var entry = interfaceTotals[tapped.name] ?? AgentStatistics.Interface(name: tapped.name, virtualMachine: tapped.virtualMachine)
            var drops = closedDrops[tapped.name] ?? (0, 0)
            for capture in captures where capture.interfaceName == tapped.name {
                entry.add(capture)
                if capture.direction == .transmitted { drops.transmitted += capture.kernelDrops } else { drops.received += capture.kernelDrops }
            }
            entry.transmittedDrops = drops.transmitted
            entry.receivedDrops = drops.received
            entry.kernelDrops = drops.transmitted + drops.received
            entry.isOpen = captures.contains { $0.interfaceName == tapped.name }
            return entry
        } + interfaceTotals.values.filter { total in !ownership.localInterfaces.contains { $0.name == total.name } }.map { total in
            var entry = total
            for capture in captures where capture.interfaceName == total.name { entry.add(capture) }
            return entry
        }.sorted { $0.name < $1.name }
        var current = retired
        current.add(pipeline: pipeline.snapshot, destinations: pipeline.output.destinations, counters: pipeline.output.counters)
        // The current policy's rules, in its order (hits of earlier versions of a rule included).
        result.rules = (policy.policy.rules.map(\.name) + ["default"]).map { name in
            current.rules.first { $0.name == name } ?? AgentStatistics.Rule(name: name)
        }
        result.destinations = policy.destinations.compactMap { destination in current.destinations.first { $0.name == destination.name } }
        result.undecodable = current.undecodable
        result.ownTunnel = current.ownTunnel
        if let flowExporter {
            result.flowsExported = flowExporter.flowsExported
            result.flowDatagrams = flowExporter.datagramsSent
        }
        return result
    }

    /// The output for `compiled`'s destinations: new sockets, or the `--write-encap` capture file.
    private static func makeOutput(for compiled: CompiledPolicy, configuration: TapAgentConfiguration) throws(TapAgentError) -> AgentOutput {
        let destinations = TapDestinations.make(from: compiled, source: configuration.tunnelSource,
                                                source6: configuration.tunnelSource6, oversize: configuration.oversize)
        do {
            if let path = configuration.encapsulatedCapturePath {
                return AgentOutput(.file(try TunnelPcapOutput(path: path, destinations: destinations)))
            }
            return AgentOutput(.network(try TunnelSender(destinations: destinations, whenFull: .drop)))
        } catch let error as CaptureFileError { throw TapAgentError(error.description) }
        catch let error as TransportError { throw TapAgentError(error.description) }
        catch { throw TapAgentError("\(error)") }
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
        let links = LinkEvents()
        if links == nil { logger.warning("no rtnetlink link events; interfaces are found by the periodic check only") }
        // With link events the periodic check is only a safety net.
        let checkInterval = links == nil ? configuration.interfaceCheckInterval : max(configuration.interfaceCheckInterval, .seconds(1))
        isRunning.store(true, ordering: .releasing)
        while true {
            let signals = AgentSignals.take()
            if signals.contains(.stop) || stopRequested.load(ordering: .relaxed) { break }
            if let deadline, Date() >= deadline { break }
            if signals.contains(.reload) { reload() }
            if signals.contains(.report) { report() }
            if let newView = pendingView.withLock({ pending -> InventoryView? in defer { pending = nil }; return pending }) {
                apply(newView)
            }
            let requested = requestedPolicy.snapshot
            if requested.generation != installedGeneration {
                installedGeneration = requested.generation
                install(requested.policy)
            }
            answerStatisticsRequests()
            if ContinuousClock.now >= nextInterfaceCheck {
                reconcileInterfaces()
                nextInterfaceCheck = ContinuousClock.now + checkInterval
            }
            pollDescriptors.removeAll(keepingCapacity: true)
            // Index loops: no iterator or closure context per turn (the loop turns about once per batch).
            var index = 0
            while index < captures.count {
                pollDescriptors.append(pollfd(fd: captures[index].descriptor, events: Int16(POLLIN), revents: 0))
                index += 1
            }
            if let links { pollDescriptors.append(pollfd(fd: links.descriptor, events: Int16(POLLIN), revents: 0)) }
            if pollDescriptors.isEmpty {
                usleep(20_000)
            } else {
                _ = unsafe poll(&pollDescriptors, nfds_t(pollDescriptors.count), 20)
            }
            if let links, links.drain() {
                lastLinkEvent = ContinuousClock.now
                reconcileInterfaces()
            }
            index = 0
            while index < captures.count {
                let capture = captures[index]
                do { try readBatch(capture) } catch {
                    logger.warning("capture failed, will reopen", metadata: ["interface": "\(capture.interfaceName)", "error": "\(error)"])
                    close(at: index)
                    continue
                }
                index += 1
            }
            try? pipeline.output.flush()
            if flowCache != nil { expireFlows() }
        }
        isRunning.store(false, ordering: .releasing)
        answerStatisticsRequests()
        return finish()
    }

    private func answerStatisticsRequests() {
        let waiting = statisticsRequests.withLock { requests in
            defer { requests.removeAll() }
            return requests
        }
        guard !waiting.isEmpty else { return }
        let current = currentStatistics
        for request in waiting { request.resume(returning: current) }
    }

    private func readBatch(_ capture: InterfaceCapture) throws(LibpcapError) {
        let interface = tappedInterface(named: capture.interfaceName)
        let isFirst = !ownership.localInterfaces.isEmpty && ownership.localInterfaces[0].name == capture.interfaceName
        _ = try capture.handle.readPackets(maximumCount: 512) { meta, frame in
            capture.captured += 1
            if budget.packetsPerSecond != nil, !budget.admit(now: Self.monotonicNanoseconds()) {
                statistics.droppedByBudget += 1
                return
            }
            guard frame.byteCount >= 12 else {
                statistics.undecodable += 1
                return
            }
            let destination = MACAddress(rawValue: frame.uint48BE(at: 0))
            let source = MACAddress(rawValue: frame.uint48BE(at: 6))
            if capture.direction == .transmitted, !ownership.knowsMACs || interface.mac == nil {
                if !learnedMACs.contains(source) { learnedMACs.insert(source) }
            }
            guard ownership.owns(direction: capture.direction, source: source, destination: destination,
                                 interface: interface, isFirstInterface: isFirst, learned: learnedMACs) else {
                capture.notOwned += 1
                return
            }
            capture.owned += 1
            if flowCache != nil { meterFlow(frame, linkType: capture.linkType, meta: meta, interfaceIndex: capture.interfaceIndex) }
            pipeline.process(frame, linkType: capture.linkType, wireLength: meta.originalLength, timestamp: meta.timestamp)
        }
    }

    /// The tapped interface a capture belongs to (an index loop: nothing allocated per batch).
    private func tappedInterface(named name: String) -> TappedInterface {
        var index = 0
        while index < ownership.localInterfaces.count {
            if ownership.localInterfaces[index].name == name { return ownership.localInterfaces[index] }
            index += 1
        }
        return lingering[name] ?? TappedInterface(name: name)
    }

    /// Meters one owned frame into the flow cache (the policy does not matter for flows).
    private func meterFlow(_ frame: RawSpan, linkType: LinkType, meta: LibpcapPacket, interfaceIndex: UInt32) {
        do throws(WireError) {
            try decoder.decode(frame, linkType: linkType, wireLength: meta.originalLength, into: &packet)
        } catch {
            return
        }
        let now = meta.timestamp.milliseconds
        flowExporter!.advanceClock(to: now)
        flowCache!.observe(packet, timestampMilliseconds: now, interfaceIndex: interfaceIndex, into: &flowExporter!)
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
                let filter = kernelFilter(for: tapped, direction: direction)
                do {
                    let capture = try InterfaceCapture(interface: tapped.name, direction: direction, filter: filter,
                                                       snapLength: configuration.snapLength,
                                                       bufferBytes: configuration.bufferBytes ?? InterfaceCapture.defaultBufferBytes(interface: tapped.name))
                    captures.append(capture)
                    interfaceTotals[tapped.name, default: .init(name: tapped.name, virtualMachine: tapped.virtualMachine)].opens += direction == .transmitted ? 1 : 0
                    var metadata: Logger.Metadata = ["interface": "\(tapped.name)", "direction": "\(direction.rawValue)",
                                                     "vm": "\(tapped.virtualMachine ?? "-")",
                                                     "at": "\(String(format: "%.6f", Date().timeIntervalSince1970))"]
                    if let lastLinkEvent, ContinuousClock.now - lastLinkEvent < .seconds(1) {
                        let delay = ContinuousClock.now - lastLinkEvent
                        metadata["after-link-event-ms"] = "\(String(format: "%.3f", Double(delay.components.attoseconds) / 1e15 + Double(delay.components.seconds) * 1000))"
                    }
                    logger.info("interface opened", metadata: metadata)
                } catch {
                    logger.debug("interface not ready", metadata: ["interface": "\(tapped.name)", "error": "\(error)"])
                }
            }
        }
    }

    /// The kernel filter of a capture on `tapped` in `direction` under the policy in force.
    private func kernelFilter(for tapped: TappedInterface, direction: CaptureDirection) -> String {
        KernelFilter.expression(policy: policy.policy, virtualMachines: view.index.virtualMachines,
                                destinations: policy.destinations, collector: collectorAddress,
                                excludingSource: direction == .received ? tapped.mac : nil, policyFilter: flowCache == nil)
    }

    /// Installs the filters of the policy in force on every open capture; a capture whose filter
    /// does not compile is closed (and reopened, with its error logged, by the next reconcile).
    private func refilterCaptures() {
        var index = captures.count - 1
        while index >= 0 {
            let capture = captures[index]
            do { try capture.handle.setFilter(kernelFilter(for: tappedInterface(named: capture.interfaceName), direction: capture.direction)) } catch {
                logger.warning("capture filter failed, will reopen", metadata: ["interface": "\(capture.interfaceName)", "error": "\(error)"])
                close(at: index)
            }
            index -= 1
        }
    }

    private func close(at index: Int) {
        let capture = captures.remove(at: index)
        fold(capture)
        if capture.direction == .transmitted {
            closedDrops[capture.interfaceName, default: (0, 0)].transmitted += capture.kernelDrops
        } else {
            closedDrops[capture.interfaceName, default: (0, 0)].received += capture.kernelDrops
        }
    }

    /// Adds a closing capture's frame counters to its interface's totals.
    private func fold(_ capture: InterfaceCapture) {
        guard capture.captured > 0 else { return }
        let virtualMachine = tappedInterface(named: capture.interfaceName).virtualMachine
        interfaceTotals[capture.interfaceName, default: .init(name: capture.interfaceName, virtualMachine: virtualMachine)].add(capture)
        capture.captured = 0
        capture.owned = 0
        capture.notOwned = 0
    }

    // MARK: - Inventory and policy

    private static func ownership(view: InventoryView, configuration: TapAgentConfiguration) -> OwnershipRule {
        if configuration.inventorySources.isEmpty { return OwnershipRule(interfaces: configuration.interfaces) }
        return OwnershipRule(inventory: view.index, selectors: configuration.virtualMachines.map(VMSelector.init),
                             localHost: configuration.hostName, interfaces: configuration.interfaces)
    }

    /// Polls the inventory every `inventoryPollInterval`, and at once when a source signals a change:
    /// libvirt lifecycle events (`changeSignals()`), inventory files written (inotify).
    private func startInventoryPoller(_ tracker: InventoryTracker) {
        let interval = configuration.inventoryPollInterval
        for source in configuration.inventorySources {
            guard let signals = source.changeSignals() else { continue }
            Task.detached { [self] in
                for await _ in signals {
                    if stopRequested.load(ordering: .relaxed) { break }
                    refreshRequested.store(true, ordering: .relaxed)
                }
            }
        }
        let files = configuration.inventorySources.compactMap { ($0 as? InventoryFileSource)?.path }
        if !files.isEmpty, let watcher = InventoryFileWatcher(paths: files) {
            watcher.start(isStopped: { [self] in stopRequested.load(ordering: .relaxed) },
                          changed: { [self] in refreshRequested.store(true, ordering: .relaxed) })
        }
        Task.detached { [self] in
            var last = ContinuousClock.now
            while !stopRequested.load(ordering: .relaxed) {
                try? await Task.sleep(for: .milliseconds(20))
                let forced = refreshRequested.exchange(false, ordering: .relaxed)
                guard forced || ContinuousClock.now - last >= interval else { continue }
                last = ContinuousClock.now
                let events = await tracker.refresh()
                if forced { logger.debug("inventory read on a change signal") }
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
        publishedView.withLock { $0 = newView }
        statistics.inventoryUpdates += 1
        logger.info("inventory updated", metadata: ["interfaces": "\(ownership.localInterfaces.map(\.name))"])
        let resolved = CompiledPolicy(requestedPolicy.current.policy, virtualMachines: newView.index.virtualMachines)
        installedGeneration = requestedPolicy.replace(with: resolved)
        install(resolved)
        reconcileInterfaces()
    }

    /// SIGHUP: read the policy file again (keeping the old one on error) and the inventory.
    private func reload() {
        refreshRequested.store(true, ordering: .relaxed)
        do {
            let compiled = try CompiledPolicy(contentsOf: configuration.policyPath, virtualMachines: view.index.virtualMachines)
            requestedPolicy.replace(with: compiled)
            statistics.policyReloads += 1
            logger.info("policy reloaded", metadata: ["rules": "\(compiled.policy.rules.count)", "destinations": "\(compiled.destinations.count)"])
        } catch {
            logger.error("policy reload failed, keeping the old policy", metadata: ["error": "\(error.description)"])
        }
    }

    /// Swaps the policy in: a new pipeline over the same output when the destinations did not change
    /// (sequence numbers continue), else over new sockets. The old pipeline's counters are kept, and
    /// every capture gets the new policy's kernel filter.
    private func install(_ compiled: CompiledPolicy) {
        let destinations = TapDestinations.make(from: compiled, source: configuration.tunnelSource,
                                                source6: configuration.tunnelSource6, oversize: configuration.oversize)
        let keepsOutput = pipeline.output.destinations == destinations
        let output: AgentOutput
        if keepsOutput {
            output = pipeline.output
        } else {
            if configuration.encapsulatedCapturePath != nil {
                logger.error("the destinations changed; a --write-encap capture cannot change them, keeping the old policy")
                return
            }
            do { output = try Self.makeOutput(for: compiled, configuration: configuration) } catch {
                logger.error("new destinations failed, keeping the old policy", metadata: ["error": "\(error)"])
                return
            }
        }
        try? pipeline.output.flush()
        // A kept output carries its counters on; a replaced one's are retired.
        retired.add(pipeline: pipeline.snapshot, destinations: pipeline.output.destinations,
                    counters: keepsOutput ? nil : pipeline.output.counters)
        pipeline = TapPipeline(policy: compiled, output: output)
        policy = compiled
        refilterCaptures()
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
        // The rings' last, partly filled blocks are handed over after the block timeout: read them.
        usleep(UInt32(InterfaceCapture.blockTimeoutMilliseconds + 1) * 1000)
        var index = 0
        while index < captures.count {
            try? readBatch(captures[index])
            index += 1
        }
        if flowCache != nil {
            flowCache!.endAll(into: &flowExporter!)
            flowExporter!.flush()
            flowExporter!.output.waitForWrites()
        }
        try? pipeline.output.flush()
        let final = currentStatistics
        do { try pipeline.output.close() } catch {
            logger.error("cannot finish the encapsulated capture", metadata: ["error": "\(error)"])
        }
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

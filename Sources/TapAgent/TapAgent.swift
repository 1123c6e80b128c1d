import Foundation
import GRE
import Glibc
import Inventory
import Logging
import NetFlow
import NetworkTypes
import PacketCapture
import PacketCore
import Policy
import Synchronization
import TapPipeline
import TapVocabulary
import TunnelTransport

/// The live tap agent: captures the tapped VMs' interfaces (`InterfaceCaptures`: libpcap on
/// TPACKET_V3 rings, with the policy and own-traffic filter in the kernel), decodes each frame once,
/// keeps only the frames this host owns (`OwnershipState` over `OwnershipRule`: no duplicates across
/// VMs and hosts), meters them (`FlowMeter`: NetFlow v5/v9/IPFIX export) and hands the same decoded
/// packet to the one `TapPipeline` of `PolicyInstaller` (policy decision, sampling, encapsulation,
/// the destinations' senders or a capture file).
///
/// Follows the inventory (VMs appearing, moving between hosts, going away), interfaces appearing,
/// vanishing and being recreated, and reacts to signals (see `AgentSignals`) when they are installed.
/// While it runs, `replacePolicy(yaml:)` and `replaceInventory(_:)` change what it taps without a
/// restart, and `statisticsSnapshot()` reads its counters without changing anything.
/// One capture thread does the per-packet work; it allocates nothing per packet.
public final class TapAgent: @unchecked Sendable {
    /// The configuration the agent was started with.
    public let configuration: TapAgentConfiguration
    private let logger: Logger
    private let stopRequested = Atomic<Bool>(false)
    private let pendingView = Mutex<InventoryView?>(nil)
    private let refreshRequested = Atomic<Bool>(false)
    /// The inventory view in force, for compiling policies on other threads.
    private let publishedView = Mutex<InventoryView>(.empty)
    /// Statistics requests waiting for the capture thread.
    private let statisticsRequests = Mutex<[CheckedContinuation<AgentStatistics, Never>]>([])
    private let isRunning = Atomic<Bool>(false)
    private let started = Date()

    // The parts, used by the capture thread (see Docs/Agent.md).
    /// The open captures and their counters.
    private let captures: InterfaceCaptures
    /// Which frames this host ships.
    private var ownership: OwnershipState
    /// The policy in force and its pipeline; `policies.requested` is where other threads ask.
    private let policies: PolicyInstaller
    /// The flow meter, with `--netflow`.
    private let flowMeter: FlowMeter?
    private var budget: CaptureBudget
    private var view: InventoryView = .empty
    private var statistics = AgentStatistics()
    /// The one decoding of the frame in hand: ownership, flows and the pipeline all read it.
    private var packet = DecodedPacket()
    private let decoder = PacketDecoder()
    /// Source MACs tapped VMs transmitted from that are not their NIC's (each warned about once).
    private var foreignSourceMACs = Set<MACAddress>()

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
        let warnings = ConfigurationWarning.find(configuration: configuration, view: view)
        if configuration.strict, let fatal = warnings.first(where: \.tapsNothing) {
            throw TapAgentError("--strict: \(fatal.message)")
        }
        for warning in warnings {
            logger.warning("\(warning.message)", metadata: ["warning": "\(warning.kind.rawValue)"])
        }
        self.statistics.warnings = warnings
        self.view = view
        self.publishedView.withLock { $0 = view }
        self.ownership = OwnershipState(rule: Self.ownershipRule(view: view, configuration: configuration))
        let compiled: CompiledPolicy
        do {
            compiled = try CompiledPolicy(
                contentsOf: configuration.policyPath,
                virtualMachines: view.index.virtualMachines
            )
        } catch { throw TapAgentError(error.description) }
        self.policies = try PolicyInstaller(compiled, configuration: configuration, logger: logger)
        self.flowMeter = try await FlowMeter.open(configuration: configuration)
        self.captures = InterfaceCaptures(configuration: configuration, logger: logger)
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
        policies.requested.replace(with: CompiledPolicy(parsed, virtualMachines: virtualMachines))
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
        result.interfaces = captures.statistics(localInterfaces: ownership.localInterfaces)
        let policy = policies.statistics()
        result.rules = policy.rules
        result.destinations = policy.destinations
        result.undecodable += policy.undecodable
        result.ownTunnel = policy.ownTunnel
        if let flowMeter {
            result.flowsExported = flowMeter.exported.flows
            result.flowDatagrams = flowMeter.exported.datagrams
        }
        return result
    }

    // MARK: - Capture loop

    private func captureLoop() -> AgentStatistics {
        let deadline = configuration.duration.map { Date().addingTimeInterval($0) }
        var nextInterfaceCheck = ContinuousClock.now
        var pollDescriptors: [pollfd] = []
        logger.info(
            "tap agent started",
            metadata: [
                "host": "\(configuration.hostName)", "interfaces": "\(ownership.localInterfaces.map(\.name))",
                "destinations": "\(policies.policy.destinations.map(\.name))",
            ]
        )
        let links = LinkEvents()
        if links == nil { logger.warning("no rtnetlink link events; interfaces are found by the periodic check only") }
        // With link events the periodic check is only a safety net.
        let checkInterval =
            links == nil ? configuration.interfaceCheckInterval : max(configuration.interfaceCheckInterval, .seconds(1))
        isRunning.store(true, ordering: .releasing)
        while true {
            let signals = AgentSignals.take()
            if signals.contains(.stop) || stopRequested.load(ordering: .relaxed) { break }
            if let deadline, Date() >= deadline { break }
            if signals.contains(.reload) { reload() }
            if signals.contains(.report) { report() }
            if let newView = pendingView.withLock({ pending -> InventoryView? in
                defer { pending = nil }
                return pending
            }) {
                apply(newView)
            }
            if policies.installRequested() { refilterCaptures() }
            answerStatisticsRequests()
            if ContinuousClock.now >= nextInterfaceCheck {
                reconcileInterfaces()
                nextInterfaceCheck = ContinuousClock.now + checkInterval
            }
            pollDescriptors.removeAll(keepingCapacity: true)
            // Index loops: no iterator or closure context per turn (the loop turns about once per batch).
            var index = 0
            while index < captures.all.count {
                pollDescriptors.append(pollfd(fd: captures.all[index].descriptor, events: Int16(POLLIN), revents: 0))
                index += 1
            }
            if let links { pollDescriptors.append(pollfd(fd: links.descriptor, events: Int16(POLLIN), revents: 0)) }
            if pollDescriptors.isEmpty {
                usleep(20_000)
            } else {
                _ = unsafe poll(&pollDescriptors, nfds_t(pollDescriptors.count), 20)
            }
            // The link socket is the last descriptor polled: read it only when it has input (no
            // system call per turn).
            if let links, let last = pollDescriptors.last, last.fd == links.descriptor, last.revents != 0, links.drain()
            {
                captures.lastLinkEvent = ContinuousClock.now
                reconcileInterfaces()
            }
            index = 0
            while index < captures.all.count {
                let capture = captures.all[index]
                do { try readBatch(capture) } catch {
                    logger.warning(
                        "capture failed, will reopen",
                        metadata: ["interface": "\(capture.interfaceName)", "error": "\(error)"]
                    )
                    captures.close(at: index)
                    continue
                }
                index += 1
            }
            policies.flush()
            flowMeter?.expire()
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

    /// The packet path: each frame is decoded once, into `packet`; the ownership rule reads its
    /// MACs, the flow meter its flow key, the pipeline its policy fields.
    private func readBatch(_ capture: InterfaceCapture) throws(LibpcapError) {
        let interface = captures.tappedInterface(named: capture.interfaceName, ownership: ownership)
        let isFirst = ownership.isFirst(capture.interfaceName)
        _ = try capture.handle.readPackets(maximumCount: 512) { meta, frame in
            capture.captured += 1
            if budget.packetsPerSecond != nil, !budget.admit(now: Self.monotonicNanoseconds()) {
                statistics.droppedByBudget += 1
                return
            }
            var decodeFailed = false
            do throws(WireError) {
                try decoder.decode(frame, linkType: capture.linkType, wireLength: meta.originalLength, into: &packet)
            } catch {
                decodeFailed = true
            }
            // An Ethernet frame too short for both MACs has no owner to decide.
            guard capture.linkType != .ethernet || frame.byteCount >= EthernetFrameView.headerLength else {
                statistics.undecodable += 1
                return
            }
            if capture.direction == .transmitted, capture.linkType == .ethernet, !decodeFailed, let own = interface.mac,
                packet.sourceMAC != own
            {
                noteForeignSource(packet.sourceMAC, interface: interface)
            }
            guard ownership.owns(packet, direction: capture.direction, interface: interface, isFirstInterface: isFirst)
            else {
                capture.notOwned += 1
                return
            }
            capture.owned += 1
            if !decodeFailed {
                flowMeter?.observe(packet, timestamp: meta.timestamp, interfaceIndex: capture.interfaceIndex)
            }
            policies.process(frame, decoded: packet, decodeFailed: decodeFailed, timestamp: meta.timestamp)
        }
    }

    /// A tapped VM transmitted from a MAC that is not its NIC's: counted; warned about once per MAC
    /// (the first `AgentStatistics.foreignSourceMACLimit` MACs), as the receiving side may copy it again.
    private func noteForeignSource(_ mac: MACAddress, interface: TappedInterface) {
        statistics.foreignSourceFrames += 1
        guard foreignSourceMACs.count < AgentStatistics.foreignSourceMACLimit, !foreignSourceMACs.contains(mac) else {
            return
        }
        foreignSourceMACs.insert(mac)
        statistics.foreignSourceMACs.append("\(mac)")
        logger.warning(
            "a tapped VM transmits from a source MAC that is not its NIC's; frames it forwards to another tapped VM are copied twice (once per side)",
            metadata: [
                "interface": "\(interface.name)", "vm": "\(interface.virtualMachine ?? "-")",
                "nic-mac": "\(interface.mac.map { "\($0)" } ?? "-")",
                "source-mac": "\(mac)",
            ]
        )
    }

    // MARK: - Interfaces

    private func reconcileInterfaces() {
        captures.reconcile(ownership: ownership, filter: kernelFilter)
    }

    private func refilterCaptures() {
        captures.refilter(ownership: ownership, filter: kernelFilter)
    }

    /// The kernel filter of a capture on `tapped` in `direction` under the policy in force.
    private func kernelFilter(for tapped: TappedInterface, direction: CaptureDirection) -> String {
        let policy = policies.policy
        return KernelFilter.expression(
            policy: policy.policy,
            virtualMachines: view.index.virtualMachines,
            destinations: policy.destinations,
            collector: flowMeter?.collector,
            excludingSource: direction == .received ? tapped.mac : nil,
            policyFilter: flowMeter == nil
        )
    }

    // MARK: - Inventory and policy

    private static func ownershipRule(view: InventoryView, configuration: TapAgentConfiguration) -> OwnershipRule {
        if configuration.inventorySources.isEmpty { return OwnershipRule(interfaces: configuration.interfaces) }
        return OwnershipRule(
            inventory: view.index,
            selectors: configuration.virtualMachines.map(VMSelector.init),
            localHost: configuration.hostName,
            interfaces: configuration.interfaces
        )
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
            watcher.start(
                isStopped: { [self] in stopRequested.load(ordering: .relaxed) },
                changed: { [self] in refreshRequested.store(true, ordering: .relaxed) }
            )
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
        noteInventoryHealth(old: view, new: newView)
        view = newView
        let previous = ownership.replaceRule(with: Self.ownershipRule(view: newView, configuration: configuration))
        for old in previous.localInterfaces where !ownership.localInterfaces.contains(where: { $0.name == old.name }) {
            guard let vmName = old.virtualMachine,
                let vm = newView.index.virtualMachines.first(where: { $0.name == vmName }),
                vm.host != nil, vm.host != configuration.hostName, captures.linger(old)
            else { continue }
            logger.info(
                "VM moved away, capturing its old interface until it vanishes",
                metadata: [
                    "vm": "\(vmName)", "interface": "\(old.name)", "to": "\(vm.host ?? "-")",
                ]
            )
        }
        publishedView.withLock { $0 = newView }
        statistics.inventoryUpdates += 1
        logger.info("inventory updated", metadata: ["interfaces": "\(ownership.localInterfaces.map(\.name))"])
        if policies.resolveAndInstall(virtualMachines: newView.index.virtualMachines) { refilterCaptures() }
        reconcileInterfaces()
    }

    /// Logs, once per change, the sources that start failing (their last good view is kept), change
    /// their reason or recover, and the configuration warnings the new view brings; both go to the
    /// statistics.
    private func noteInventoryHealth(old: InventoryView, new: InventoryView) {
        for (source, reason) in new.failingSources.sorted(by: { $0.key < $1.key })
        where old.failingSources[source] != reason {
            logger.warning(
                "inventory source failing, keeping its last good view",
                metadata: ["source": "\(source)", "reason": "\(reason)"]
            )
        }
        for source in old.failingSources.keys.sorted() where new.failingSources[source] == nil {
            logger.notice("inventory source readable again", metadata: ["source": "\(source)"])
        }
        statistics.failingInventorySources = new.failingSources
        let warnings = ConfigurationWarning.find(configuration: configuration, view: new)
        for warning in warnings where !statistics.warnings.contains(warning) {
            logger.warning("\(warning.message)", metadata: ["warning": "\(warning.kind.rawValue)"])
        }
        statistics.warnings = warnings
    }

    /// SIGHUP: read the policy file again (keeping the old one on error) and the inventory.
    private func reload() {
        refreshRequested.store(true, ordering: .relaxed)
        do {
            let compiled = try CompiledPolicy(
                contentsOf: configuration.policyPath,
                virtualMachines: view.index.virtualMachines
            )
            policies.requested.replace(with: compiled)
            statistics.policyReloads += 1
            logger.info(
                "policy reloaded",
                metadata: ["rules": "\(compiled.policy.rules.count)", "destinations": "\(compiled.destinations.count)"]
            )
        } catch {
            logger.error("policy reload failed, keeping the old policy", metadata: ["error": "\(error.description)"])
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
        // The rings' last, partly filled blocks are handed over after the block timeout: read them.
        usleep(UInt32(InterfaceCapture.blockTimeoutMilliseconds + 1) * 1000)
        var index = 0
        while index < captures.all.count {
            try? readBatch(captures.all[index])
            index += 1
        }
        flowMeter?.finish()
        policies.flush()
        let final = currentStatistics
        do { try policies.close() } catch {
            logger.error("cannot finish the encapsulated capture", metadata: ["error": "\(error)"])
        }
        captures.closeAll()
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

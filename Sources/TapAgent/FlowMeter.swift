import FlowTransport
import Foundation
import NetFlow
import NetworkTypes
import PacketCore

/// The agent's flow meter (`--netflow`): every owned frame's decoded packet goes into one
/// `FlowCache`, whose ended flows a `FlowExporter` sends to the collector as NetFlow v5/v9 or IPFIX.
///
/// Guarantees: metering allocates nothing per packet; the exporter's clock follows the capture
/// timestamps while frames come and the wall clock when they do not; `finish()` ends every flow
/// and waits until its datagrams are handed to the kernel. Used by the capture thread only.
final class FlowMeter {
    private var cache: FlowCache
    private var exporter: FlowExporter<UDPDatagramSender>
    /// The collector's address and port, when given as an address (the own-traffic filter keeps
    /// the export datagrams out of the capture).
    let collector: (address: IPAddress, port: UInt16)?

    /// Opens the export socket to `configuration.netflowCollector`; nil without a collector.
    static func open(configuration: TapAgentConfiguration) async throws(TapAgentError) -> FlowMeter? {
        guard let collector = configuration.netflowCollector else { return nil }
        let sender: UDPDatagramSender
        do { sender = try UDPDatagramSender.open(host: collector.host, port: collector.port) } catch {
            throw TapAgentError("cannot open the flow export socket to \(collector.host):\(collector.port): \(error)")
        }
        let address = IPAddress(collector.host).map { ($0, UInt16(clamping: collector.port)) }
        return FlowMeter(configuration: configuration, sender: sender, collector: address)
    }

    private init(
        configuration: TapAgentConfiguration,
        sender: UDPDatagramSender,
        collector: (address: IPAddress, port: UInt16)?
    ) {
        self.cache = FlowCache(
            configuration: FlowCacheConfiguration(
                activeTimeoutSeconds: configuration.flowActiveTimeoutSeconds,
                inactiveTimeoutSeconds: configuration.flowInactiveTimeoutSeconds
            )
        )
        self.exporter = FlowExporter(
            configuration: FlowExportConfiguration(version: configuration.netflowVersion),
            output: sender
        )
        self.collector = collector
    }

    /// Meters one owned, fully decoded packet seen on the interface `interfaceIndex` at `timestamp`.
    func observe(_ packet: DecodedPacket, timestamp: CaptureTimestamp, interfaceIndex: UInt32) {
        let now = timestamp.milliseconds
        exporter.advanceClock(to: now)
        cache.observe(packet, timestampMilliseconds: now, interfaceIndex: interfaceIndex, into: &exporter)
    }

    /// Ends the flows whose active or inactive timeout passed by the wall clock.
    func expire() {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        exporter.advanceClock(to: now)
        cache.expire(now: now, into: &exporter)
    }

    /// Ends every flow, exports it and waits for the datagrams to be written.
    func finish() {
        cache.endAll(into: &exporter)
        exporter.flush()
        exporter.output.waitForWrites()
    }

    /// Flow records exported and datagrams sent so far. Changes nothing.
    var exported: (flows: UInt64, datagrams: UInt64) { (exporter.flowsExported, exporter.datagramsSent) }
}

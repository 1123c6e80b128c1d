import ConsoleFlows
import NetFlow
import NetworkTypes
import Testing

@Suite struct FlowRollupTests {
    static let web = FlowVMAttribution(uuid: 0xAAAA, name: "web-1", host: "hv-1", network: "prod")
    static let webMoved = FlowVMAttribution(uuid: 0xAAAA, name: "web-1", host: "hv-2", network: "prod")
    static let exporter = ExporterID(address: .v4(IPv4Address(127, 0, 0, 1)), port: 2055)

    static func flow(
        _ src: IPv4Address,
        _ dst: IPv4Address,
        sport: UInt16 = 50_000,
        dport: UInt16 = 443,
        at start: Int64,
        bytes: UInt64 = 1000,
        packets: UInt64 = 10,
        sampling: UInt32 = 1
    ) -> CollectedFlow {
        var f = CollectedFlow()
        f.sourceAddress = .v4(src)
        f.destinationAddress = .v4(dst)
        f.sourcePort = sport
        f.destinationPort = dport
        f.ipProtocol = 6
        f.startMilliseconds = start
        f.endMilliseconds = start + 500
        f.bytes = bytes
        f.packets = packets
        f.samplingInterval = sampling
        return f
    }

    @Test func bucketsAreFloorsAlsoBeforeTheEpoch() {
        #expect(FlowRollupResolution.minute.bucket(ofMilliseconds: 119_999) == 60)
        #expect(FlowRollupResolution.fiveMinutes.bucket(ofSeconds: 599) == 300)
        #expect(FlowRollupResolution.hour.bucket(ofSeconds: -1) == -3600)
        #expect(FlowRollupResolution.minute.bucket(ofMilliseconds: -1) == -60)
    }

    @Test func theServicePortIsTheLowerNonEphemeralOne() {
        #expect(FlowPortClass.servicePort(ipProtocol: 6, sourcePort: 51_000, destinationPort: 443) == 443)
        #expect(FlowPortClass.servicePort(ipProtocol: 17, sourcePort: 53, destinationPort: 40_000) == 53)
        #expect(FlowPortClass.servicePort(ipProtocol: 6, sourcePort: 8080, destinationPort: 5432) == 5432)
        #expect(FlowPortClass.servicePort(ipProtocol: 6, sourcePort: 50_000, destinationPort: 60_000) == 0)
        #expect(FlowPortClass.servicePort(ipProtocol: 1, sourcePort: 0, destinationPort: 0x0800) == 0)
    }

    @Test func aMigratedVMIsTheSameVMWithTheHostItHadAtTheFlowsTime() {
        var inventory = FlowInventoryAttributor()
        let address = IPAddress.v4(IPv4Address(10, 0, 0, 5))
        inventory.add(address, to: Self.web, since: 0)
        inventory.add(address, to: Self.webMoved, since: 1_000_000)
        var rollup = FlowRollupAggregator(attributor: inventory)
        let outside = IPv4Address(198, 51, 100, 7)
        rollup.collected(Self.flow(IPv4Address(10, 0, 0, 5), outside, at: 10_000), from: Self.exporter)
        rollup.collected(Self.flow(IPv4Address(10, 0, 0, 5), outside, at: 2_000_000), from: Self.exporter)
        let rows = rollup.drain()
        #expect(rows.count == 2)
        #expect(rows.map(\.key.source.vmUUID) == [0xAAAA, 0xAAAA])
        #expect(rows.map { if case .vm(let vm) = $0.key.source { vm.host } else { "" } } == ["hv-1", "hv-2"])
        #expect(rows.allSatisfy { $0.key.destination == .address(.v4(outside)) && $0.key.servicePort == 443 })
    }

    @Test func theAgentsIPFIXVMFieldsNameTheSourceWhenTheInventoryDoesNot() {
        var flow = Self.flow(IPv4Address(10, 9, 9, 9), IPv4Address(10, 0, 0, 1), at: 0)
        flow.vmUUID = 0xBEEF
        flow.vmName = "db-2"
        let (source, destination) = FlowInventoryAttributor().endpoints(of: flow)
        #expect(source == .vm(FlowVMAttribution(uuid: 0xBEEF, name: "db-2")))
        #expect(destination == .address(.v4(IPv4Address(10, 0, 0, 1))))
    }

    @Test func rowsAddUpPerBucketAndPairAndSampledOnesAreEstimates() {
        var rollup = FlowRollupAggregator(attributor: FlowInventoryAttributor())
        let a = IPv4Address(10, 0, 0, 1)
        let b = IPv4Address(10, 0, 0, 2)
        rollup.collected(Self.flow(a, b, sport: 50_001, at: 60_000), from: Self.exporter)
        rollup.collected(Self.flow(a, b, sport: 50_002, at: 119_000, bytes: 500, packets: 5), from: Self.exporter)
        rollup.collected(Self.flow(a, b, at: 180_000, bytes: 10_000, packets: 100, sampling: 10), from: Self.exporter)
        let closed = rollup.drain(before: 180)
        #expect(closed.count == 1)
        #expect(closed[0].counts.bytes == 1500 && closed[0].counts.packets == 15 && closed[0].counts.flows == 2)
        #expect(!closed[0].counts.isEstimated)
        let open = rollup.drain()
        #expect(open.count == 1 && open[0].counts.isEstimated && rollup.estimatedFlowsAdded == 1)
        let hourly = FlowRollupAggregator.coarsened(closed + open, to: .hour)
        #expect(hourly.count == 1 && hourly.values.first?.bytes == 11_500 && hourly.values.first?.flows == 3)
    }

    @Test func aQueryReadsTheCoarsestTableThatAnswersItsRange() {
        let retention = FlowRetention()
        let now: Int64 = 1_800_000_000 - 1_800_000_000 % 86_400
        // The last 6 hours, aligned on hours: the hourly table answers.
        #expect(retention.table(for: now - 6 * 3600, now, now: now) == .hour)
        // Not aligned on an hour but on 5 minutes: the 5-minute table.
        #expect(retention.table(for: now - 6 * 3600 + 300, now, now: now) == .fiveMinutes)
        // 3 minutes: only the minute table aligns.
        #expect(retention.table(for: now - 180, now, now: now) == .minute)
        // 30 days ago, not hour-aligned: the minute table no longer holds it (7 days), the 5-minute one does.
        #expect(retention.table(for: now - 30 * 86_400 + 60, now - 29 * 86_400 + 60, now: now) == .fiveMinutes)
        // Configured: 1-minute rows kept 1 day only.
        let short = FlowRetention(seconds: [.minute: 86_400])
        #expect(short.table(for: now - 2 * 86_400 + 60, now - 2 * 86_400 + 120, now: now) == .fiveMinutes)
        #expect(short.horizon(of: .minute, now: now) == now - 86_400)
    }

    @Test func theSeriesIntervalComesFromTheRange() {
        let retention = FlowRetention()
        let now: Int64 = 1_800_000_000
        #expect(retention.seriesInterval(for: now - 3600, now, now: now) == 60)
        #expect(retention.seriesInterval(for: now - 86_400, now, now: now) == 300)
        #expect(retention.seriesInterval(for: now - 14 * 86_400, now, now: now) == 3600)  // 336 points
        #expect(retention.seriesInterval(for: now - 30 * 86_400, now, now: now) == 21_600)  // 720 hours are too many
        #expect(retention.seriesInterval(for: now - 300 * 86_400, now, now: now) == 86_400)
        // whole days, <= 360 points
        #expect(retention.seriesInterval(for: now - 730 * 86_400, now, now: now) == 3 * 86_400)
    }
}

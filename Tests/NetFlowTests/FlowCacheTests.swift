import NetFlow
import NetworkTypes
import PacketCore
import Testing

@Suite struct FlowCacheTests {
    let t0: Int64 = 1_700_000_000_000

    func cache(max: Int = 1000, active: Int = 1800, inactive: Int = 15, sampling: UInt32 = 1) -> FlowCache {
        FlowCache(
            configuration: FlowCacheConfiguration(
                maximumFlows: max,
                activeTimeoutSeconds: active,
                inactiveTimeoutSeconds: inactive,
                samplingInterval: sampling
            ),
            seed: 42
        )
    }

    @Test func packetsOfOneFlowAddUpWithFlagUnionAndTimes() {
        var c = cache()
        var sink = FlowRecordCollector()
        let k = FlowFixtures.key(1, 2)
        c.update(k, bytes: 60, tcpFlags: 0x02, typeOfService: 8, now: t0, into: &sink)
        c.update(k, bytes: 1500, tcpFlags: 0x10, typeOfService: 0, now: t0 + 5, into: &sink)
        c.update(k, bytes: 40, tcpFlags: 0x18, typeOfService: 0, now: t0 + 9, into: &sink)
        #expect(c.count == 1 && sink.records.isEmpty)
        c.endAll(into: &sink)
        let r = try! #require(sink.records.first)
        #expect(r.packets == 3 && r.bytes == 1600 && r.tcpFlags == 0x1A)
        #expect(r.firstMilliseconds == t0 && r.lastMilliseconds == t0 + 9)
        #expect(r.typeOfService == 8 && r.endReason == .forcedEnd)
    }

    @Test func finOrResetEndsTheFlowAndTheNextPacketStartsANewOne() {
        var c = cache()
        var sink = FlowRecordCollector()
        let k = FlowFixtures.key(1, 2)
        c.update(k, bytes: 60, tcpFlags: 0x02, typeOfService: 0, now: t0, into: &sink)
        c.update(k, bytes: 60, tcpFlags: 0x11, typeOfService: 0, now: t0 + 1, into: &sink)
        #expect(
            sink.records.count == 1 && sink.records[0].endReason == .endOfFlowDetected && sink.records[0].packets == 2
        )
        c.update(k, bytes: 40, tcpFlags: 0x10, typeOfService: 0, now: t0 + 2, into: &sink)
        c.update(k, bytes: 40, tcpFlags: 0x04, typeOfService: 0, now: t0 + 3, into: &sink)
        #expect(sink.records.count == 2 && sink.records[1].packets == 2 && c.count == 0)
    }

    @Test func inactiveAndActiveTimeoutsEndFlows() {
        var c = cache(active: 60, inactive: 10)
        var sink = FlowRecordCollector()
        let quiet = FlowFixtures.key(1, 2)
        let busy = FlowFixtures.key(3, 4)
        c.update(quiet, bytes: 1, tcpFlags: 0, typeOfService: 0, now: t0, into: &sink)
        for s in 0..<70 {
            c.update(busy, bytes: 1, tcpFlags: 0, typeOfService: 0, now: t0 + Int64(s) * 1000, into: &sink)
        }
        #expect(sink.records.count == 2)
        #expect(sink.records[0].key == quiet && sink.records[0].endReason == .idleTimeout)
        #expect(
            sink.records[1].key == busy && sink.records[1].endReason == .activeTimeout && sink.records[1].packets == 60
        )
        #expect(c.count == 1)
    }

    @Test func aFullCacheEvictsTheLeastRecentlyUpdatedFlow() {
        var c = cache(max: 3)
        var sink = FlowRecordCollector()
        for i in 1...3 {
            c.update(FlowFixtures.key(UInt32(i), 9), bytes: 1, tcpFlags: 0, typeOfService: 0, now: t0, into: &sink)
        }
        // 2 is now oldest
        c.update(FlowFixtures.key(1, 9), bytes: 1, tcpFlags: 0, typeOfService: 0, now: t0 + 1, into: &sink)
        c.update(FlowFixtures.key(4, 9), bytes: 1, tcpFlags: 0, typeOfService: 0, now: t0 + 2, into: &sink)
        #expect(sink.records.count == 1)
        #expect(sink.records[0].key == FlowFixtures.key(2, 9) && sink.records[0].endReason == .lackOfResources)
        #expect(c.count == 3 && c.evictions == 1)
    }

    @Test func manyFlowsInsertedAndEndedAgreeWithADictionaryModel() {
        var c = cache(max: 5000, inactive: 1_000_000)
        var sink = FlowRecordCollector()
        var model: [FlowKey: UInt64] = [:]
        var rng = SystemRandomNumberGenerator()
        for step in 0..<60_000 {
            let k = FlowFixtures.key(
                UInt32.random(in: 0..<2400, using: &rng),
                7,
                sport: UInt16.random(in: 0..<2, using: &rng)
            )
            let fin = step % 7 == 0
            c.update(k, bytes: 10, tcpFlags: fin ? 0x01 : 0, typeOfService: 0, now: t0 + Int64(step), into: &sink)
            model[k, default: 0] += 1
            if fin {
                let r = sink.records.removeLast()
                #expect(r.key == k && r.packets == model[k])
                model[k] = nil
            }
        }
        #expect(c.count == model.count)
        c.endAll(into: &sink)
        #expect(sink.records.count == model.count)
        for r in sink.records { #expect(model[r.key] == r.packets) }
    }

    @Test func oneInNSamplingCountsEveryNthPacket() throws {
        var c = cache(sampling: 10)
        var sink = FlowRecordCollector()
        var packet = DecodedPacket()
        packet.ipVersion = 4
        packet.ipProtocol = 17
        packet.ipLength = 100
        packet.sourceAddress = .v4(IPv4Address(10, 0, 0, 1))
        packet.destinationAddress = .v4(IPv4Address(10, 0, 0, 2))
        packet.transportOffset = 34
        for i in 0..<1000 { c.observe(packet, timestampMilliseconds: t0 + Int64(i), into: &sink) }
        c.endAll(into: &sink)
        #expect(c.observedPackets == 1000 && c.sampledPackets == 100)
        #expect(sink.records.count == 1 && sink.records[0].packets == 100 && sink.records[0].bytes == 10_000)
    }

    @Test func icmpTypeAndCodeTravelInTheDestinationPort() throws {
        var packet = DecodedPacket()
        packet.ipVersion = 4
        packet.ipProtocol = IPProtocolNumber.icmp
        packet.transportOffset = 34
        packet.icmpType = 3
        packet.icmpCode = 3
        packet.sourcePort = 3
        packet.destinationPort = 3
        let key = try #require(FlowKey(packet, interfaceIndex: 0))
        #expect(key.sourcePort == 0 && key.destinationPort == 0x0303)
    }

    @Test func memoryPerFlowIsWhatTheDocsSay() {
        #expect(FlowCache.bytesPerFlow <= 128)
        #expect(MemoryLayout<FlowKey>.stride == 48)
    }
}

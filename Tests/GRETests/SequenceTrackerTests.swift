import GRE
import PacketCore
import Testing

@Suite struct SequenceTrackerTests {
    @Test func gapsCountAsLossAndLateArrivalsTakeItBack() {
        var tracker = SequenceTracker()
        for sequence: UInt32 in [1, 2, 5, 3, 6, 6, 10] { tracker.observe(sequence) }
        #expect(tracker.received == 7)
        #expect(tracker.lost == 4)  // 4 and 7, 8, 9
        #expect(tracker.reordered == 1)
        #expect(tracker.duplicates == 1)
    }

    @Test func sequenceNumbersWrapAround() {
        var tracker = SequenceTracker()
        for sequence: UInt32 in [UInt32.max - 1, UInt32.max, 0, 1] { tracker.observe(sequence) }
        #expect(tracker.lost == 0 && tracker.reordered == 0)
    }
}

@Suite struct FrameDeduplicatorTests {
    @Test func copiesDifferingOnlyInTTLAndChecksumAreDuplicates() {
        var dedup = FrameDeduplicator(windowNanoseconds: 1_000_000)
        let first = TunnelFixtures.ethernetUDP(ttl: 64)
        let copy = TunnelFixtures.ethernetUDP(ttl: 63)  // different TTL and header checksum
        #expect(first != copy)
        #expect(!seen(&dedup, first, at: 0))
        #expect(seen(&dedup, copy, at: 500_000))
        #expect(dedup.duplicates == 1)
    }

    @Test func differentPayloadsAndCopiesOutsideTheWindowAreKept() {
        var dedup = FrameDeduplicator(windowNanoseconds: 1_000_000)
        let first = TunnelFixtures.ethernetUDP(seed: 1)
        #expect(!seen(&dedup, first, at: 0))
        #expect(!seen(&dedup, TunnelFixtures.ethernetUDP(seed: 2), at: 1))
        #expect(!seen(&dedup, first, at: 2_000_000))
    }
}

private func seen(_ dedup: inout FrameDeduplicator, _ frame: [UInt8], at time: Int64) -> Bool {
    dedup.isDuplicate(frame.span.bytes, linkType: .ethernet, timeNanoseconds: time)
}

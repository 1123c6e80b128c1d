import Foundation
import NetworkTypes
import PacketCapture
import PacketCore
import TestSupport
import Testing

/// Live capture for real: a network namespace and a veth pair made by the
/// test (a `NamespaceLab`), UDP datagrams sent by the kernel's stack from
/// inside the namespace, captured by our handle on the outer end.
/// Needs root (CI runs the suite as root).
@Suite(.serialized, .tags(.namespaceLab), .namespaceLabTier) struct LiveCaptureTests {
    /// A namespace with one end of a veth pair; the other end stays in the test's own namespace.
    final class VethPair {
        let lab: NamespaceLab
        let outside: String
        let inside = "inside"
        let address = "198.18.77.1"
        let peerAddress = "198.18.77.2"
        let peerMAC = "02:00:c6:12:4d:02"

        init() throws {
            lab = try NamespaceLab()
            outside = lab.rootLinkName("o")
            do {
                try lab.addNamespace("ns", ipv6: true)
                try lab.addVeth(outside, in: nil, peer: inside, in: "ns")
                try lab.addAddress("\(address)/24", to: inside, in: "ns")
                // A static neighbour: datagrams go out without ARP and nobody answers.
                try lab.addNeighbour(peerAddress, mac: peerMAC, on: inside, in: "ns")
            } catch {
                tearDown()
                throw error
            }
        }

        /// The MAC address of the inside end.
        func insideMAC() throws -> MACAddress {
            let run = try lab.ip(in: "ns", ["-o", "link", "show", inside])
            let words = run.standardOutput.split(separator: " ")
            guard let index = words.firstIndex(of: "link/ether"), index + 1 < words.count,
                let mac = MACAddress(String(words[index + 1]))
            else { throw ToolMissing(description: "no MAC in: \(run.standardOutput)") }
            return mac
        }

        /// Sends `count` UDP datagrams "vtfd1", "vtfd2", ... to the peer's port
        /// 7777 through the kernel's own stack inside the namespace (bash's
        /// /dev/udp): the frames are built by Linux, not by us.
        func sendDatagrams(count: Int) throws {
            let script = "for i in $(seq 1 \(count)); do printf vtfd$i > /dev/udp/\(peerAddress)/7777; done"
            try lab.run("ns", ["bash", "-c", script])
        }

        /// Deletes the namespace, and with it both ends of the pair.
        func tearDown() { lab.close() }
    }

    static func open(_ interface: String) throws -> LibpcapHandle {
        var inactive = try InactiveLibpcapHandle(interface: interface)
        try inactive.setSnapLength(65535)
        try inactive.setPromiscuous(true)
        try inactive.setImmediateMode(true)
        try inactive.setBufferSize(2 << 20)
        try inactive.setReadTimeout(milliseconds: 100)
        try inactive.setTimestampPrecision(.nanosecond)
        return try inactive.activate()
    }

    /// Waits on the handle's selectable descriptor (non-blocking mode) and
    /// collects up to `count` packets, copied, within `seconds`.
    static func collect(
        _ handle: borrowing LibpcapHandle,
        count: Int,
        within seconds: Double
    ) throws
        -> [(packet: LibpcapPacket, bytes: [UInt8])]
    {
        try handle.setNonblocking(true)
        guard let fd = handle.selectableFileDescriptor else {
            throw ToolMissing(description: "no selectable descriptor")
        }
        var collected: [(packet: LibpcapPacket, bytes: [UInt8])] = []
        let deadline = Date().addingTimeInterval(seconds)
        while collected.count < count && Date() < deadline {
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            _ = poll(&descriptor, 1, 100)
            let (_, stop) = try handle.readPackets(maximumCount: count - collected.count) { packet, bytes in
                let copy = [UInt8](unsafeUninitializedCapacity: bytes.byteCount) { buffer, n in
                    bytes.withUnsafeBytes { UnsafeMutableRawBufferPointer(buffer).copyMemory(from: $0) }
                    n = bytes.byteCount
                }
                collected.append((packet, copy))
            }
            #expect(stop == .timeout || stop == .countReached)
        }
        return collected
    }

    @Test func capturesDatagramsSentThroughAVethPair() throws {
        #expect(getuid() == 0, "live capture needs root")
        let veth = try VethPair()
        defer { veth.tearDown() }
        let handle = try Self.open(veth.outside)
        let (live, linkType, snapLength) = (handle.isLive, handle.linkType, handle.snapLength)
        #expect(live && linkType == .ethernet && snapLength == 65535)
        let precision = handle.timestampPrecision
        #expect(precision == .nanosecond)
        // Only our datagrams: the kernel also sends IPv6 router solicitations and MLD reports.
        try handle.setFilter("udp dst port 7777")

        let before = Date()
        try veth.sendDatagrams(count: 5)
        let sourceMAC = try veth.insideMAC()
        let captured = try Self.collect(handle, count: 5, within: 5)
        #expect(captured.count == 5)
        for (index, (packet, bytes)) in captured.enumerated() {
            let decoded = try bytes.withUnsafeBytes { raw in
                try PacketDecoder().decode(raw.bytes, linkType: .ethernet, wireLength: packet.originalLength)
            }
            #expect(decoded.sourceMAC == sourceMAC)
            #expect(decoded.destinationMAC == MACAddress(veth.peerMAC))
            #expect(decoded.sourceAddress == .v4(IPv4Address(veth.address)!))
            #expect(decoded.destinationAddress == .v4(IPv4Address(veth.peerAddress)!))
            #expect(decoded.layers.contains(.udp) && decoded.destinationPort == 7777)
            #expect(
                Array(bytes[Int(try #require(decoded.payloadOffset))...].prefix(5)) == Array("vtfd\(index + 1)".utf8)
            )
            #expect(bytes.withUnsafeBytes { decoded.verifiesIPv4HeaderChecksum(in: $0.bytes) } == true)
            #expect(packet.capturedLength == packet.originalLength && packet.capturedLength == bytes.count)
            #expect(packet.timestamp.seconds >= Int64(before.timeIntervalSince1970) - 1)
        }
        let stats = try handle.statistics()
        #expect(stats.received == 5, "only the datagrams pass the filter")
        #expect(stats.dropped == 0)
    }

    @Test func breakLoopStopsTheNextRead() throws {
        let veth = try VethPair()
        defer { veth.tearDown() }
        let handle = try Self.open(veth.outside)
        handle.breakLoop()
        let (delivered, stop) = try handle.readPackets { _, _ in }
        #expect(delivered == 0 && stop == .broken)
    }

    @Test func snapLengthCutsFramesAndTheDecoderSaysSo() throws {
        let veth = try VethPair()
        defer { veth.tearDown() }
        var inactive = try InactiveLibpcapHandle(interface: veth.outside)
        try inactive.setSnapLength(40)
        try inactive.setImmediateMode(true)
        let handle = try inactive.activate()
        try handle.setFilter("udp dst port 7777")
        try veth.sendDatagrams(count: 2)
        let captured = try Self.collect(handle, count: 2, within: 5)
        #expect(captured.count == 2)
        for (packet, bytes) in captured {
            #expect(packet.capturedLength == 40 && packet.originalLength == 14 + 20 + 8 + 5)
            let decoded = try bytes.withUnsafeBytes {
                try PacketDecoder().decode($0.bytes, wireLength: packet.originalLength)
            }
            #expect(decoded.isTruncated && decoded.layers.contains(.udp))
        }
    }

    @Test func errorsNameTheLibpcapFunction() throws {
        let missing = try InactiveLibpcapHandle(interface: "vtfdnosuch0")
        do {
            _ = try missing.activate()
            Issue.record("activating a missing interface must fail")
        } catch {
            #expect(error.function == "pcap_activate" && error.code == .noSuchDevice)
        }
        let veth = try VethPair()
        defer { veth.tearDown() }
        let handle = try Self.open(veth.outside)
        do {
            try handle.setFilter("icmp and ((")
            Issue.record("a bad filter must fail")
        } catch {
            #expect(error.function == "pcap_compile" && !error.message.isEmpty)
        }
    }
}

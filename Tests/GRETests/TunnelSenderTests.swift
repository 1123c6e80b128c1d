import Foundation
import GRE
import NetworkTypes
import PacketCore
import TapVocabulary
import TestSupport
import Testing
import TunnelTransport

/// The sender and receiver over UDP on loopback (no root needed): batching,
/// counters, the rate cap, and byte-identical frames on the other side.
@Suite(.tags(.namespaceLab), .namespaceLabTier) struct TunnelSenderTests {
    static let loopback = IPAddress.v4(IPv4Address(127, 0, 0, 1))

    @Test func framesSentOverUDPArriveByteIdenticalAndTheRateCapDropsTheRest() throws {
        let port = UInt16.random(in: 40_000...60_000)
        let receiver = try TunnelReceiver(listeners: [.vxlan(Self.loopback, port: port)])
        let capped = TunnelDestination(
            name: "capped",
            address: Self.loopback,
            source: Self.loopback,
            encapsulation: .vxlan(vni: 77, port: port),
            rateCaps: .init(packetsPerSecond: 10)
        )
        let open = TunnelDestination(
            name: "open",
            address: Self.loopback,
            source: Self.loopback,
            encapsulation: .vxlan(vni: 78, port: port)
        )
        let sender = try TunnelSender(destinations: [capped, open], batchSize: 16)
        #expect(sender.destinations.map(\.transport) == [.datagram, .datagram])
        let frames = (0..<50).map { TunnelFixtures.ethernetUDP(length: 60 + $0 * 20, seed: UInt8($0)) }
        let now = CaptureTimestamp(seconds: 1, nanoseconds: 0)
        for frame in frames {
            sender.send(frame.span.bytes, to: 0, timestamp: now)
            sender.send(frame.span.bytes, to: 1, timestamp: now)
        }
        sender.flush()
        let counters = sender.counters
        // The bucket holds one second of frames: 10 go, the other 40 are dropped and counted.
        #expect(counters[0].frames == 10 && counters[0].droppedByCap == 40 && counters[0].packets == 10)
        #expect(counters[1].frames == 50 && counters[1].packets == 50 && counters[1].sendErrors == 0)
        var received: [UInt32: [[UInt8]]] = [:]
        var rounds = 0
        while received.values.reduce(0, { $0 + $1.count }) < 60 && rounds < 50 {
            rounds += 1
            _ = try receiver.receive(timeoutMilliseconds: 100) { datagram, bytes, _ in
                guard case .udpPayload(_, _, let listenedPort) = datagram else { return }
                var decoded = DecapsulatedPacket()
                _ = try? TunnelDecoder().decodeUDPPayload(bytes, at: 0, destinationPort: listenedPort, into: &decoded)
                let inner = (0..<decoded.innerLength).map { bytes.byteAt(decoded.innerOffset + $0) }
                received[decoded.vni ?? 0, default: []].append(inner)
            }
        }
        #expect(received[78] == frames)
        #expect(received[77] == Array(frames.prefix(10)))
    }

    @Test func withoutRootRawGRESaysSoAndVXLANStillWorks() throws {
        // tapctl run as nobody, without capabilities.
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("vtgr-noroot-\(getpid()).pcap").path
        defer { try? FileManager.default.removeItem(atPath: input) }
        try CaptureFiles.write([TunnelFixtures.ethernetUDP()], to: input)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: input)
        let nobody = [
            "--reuid", "65534", "--regid", "65534", "--clear-groups", "--inh-caps=-all", try ExternalTool.tapctl,
            "encap", "--read", input, "--send",
        ]
        let gre = try ExternalTool.run("/usr/bin/setpriv", nobody + ["--to", "gre:127.0.0.1,key=1"])
        #expect(
            gre.status != 0 && gre.standardError.contains("need root") && gre.standardError.contains("vxlan"),
            "\(gre.standardError)"
        )
        let vxlan = try ExternalTool.run("/usr/bin/setpriv", nobody + ["--to", "vxlan:127.0.0.1,vni=1,port=4999"])
        #expect(vxlan.status == 0, "\(vxlan.standardError)")
    }

    @Test func listenerArgumentsParse() {
        #expect(TunnelListener.parse("vxlan:127.0.0.1:4790") == [.vxlan(Self.loopback, port: 4790)])
        #expect(TunnelListener.parse("gre-udp:[::1]:5000") == [.greInUDP(IPAddress("::1")!, port: 5000)])
        #expect(TunnelListener.parse("gre:198.18.0.2") == [.gre(IPAddress("198.18.0.2")!)])
        #expect(TunnelListener.parse("198.18.0.2")?.count == 4)  // gre, vxlan, gre-udp, geneve
        #expect(TunnelListener.parse("gre:198.18.0.2:47") == nil)
        #expect(TunnelListener.parse("ipx:1.2.3.4") == nil)
    }
}

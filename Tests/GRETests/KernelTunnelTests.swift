import Foundation
import GRE
import PacketCore
import TestSupport
import Testing

/// The Linux kernel as the peer, in network namespaces these tests create:
/// its vxlan device decapsulates what we send and encapsulates what tc mirred
/// mirrors to us; raw IPPROTO_GRE sockets carry GRE and ERSPAN between namespaces.
@Suite(.serialized, .tags(.namespaceLab), .namespaceLabTier) struct KernelTunnelTests {
    static let frames: [[UInt8]] = [64, 333, 1000, 1400].enumerated().map { index, length in
        TunnelFixtures.ethernetUDP(length: length, sourcePort: UInt16(40_000 + index), seed: UInt8(index))
    }

    @Test func framesWeEncapsulateInVXLANLeaveTheKernelsVXLANDeviceByteIdentical() throws {
        let lab = try NamespaceLab(tag: "k1", subnet: 51)
        defer { lab.close() }
        let device = "vtgrk1x"
        try lab.run(
            lab.namespaceB,
            [
                "ip", "link", "add", device, "type", "vxlan", "id", "42", "dstport", "4789",
                "local", lab.addressB, "dev", lab.vethB,
            ]
        )
        try lab.run(lab.namespaceB, ["ip", "link", "set", device, "up"])
        let input = lab.path("frames.pcap")
        let captured = lab.path("captured.pcap")
        try CaptureFiles.write(Self.frames, to: input)
        let tcpdump = try lab.start(
            lab.namespaceB,
            [
                "tcpdump", "-n", "-U", "-i", device, "-c", "\(Self.frames.count)",
                "-w", captured, "ether", "src", "52:54:00:ab:cd:ef",
            ]
        )
        usleep(1_500_000)
        try lab.run(
            lab.namespaceA,
            [
                NamespaceLab.tapctl, "encap", "--read", input, "--source", lab.addressA,
                "--to", "vxlan:\(lab.addressB),vni=42", "--send",
            ]
        )
        NamespaceLab.wait(tcpdump, seconds: 10)
        let received = try CaptureFiles.read(captured).map(\.frame)
        #expect(received == Self.frames)
    }

    /// No `mtu` and no `fragment` option: VXLAN cannot flag a cut frame, so the default sends a
    /// 9000-byte frame in outer fragments (raw: our own; datagram: the kernel's), and the
    /// receiving kernel's vxlan device gets it whole.
    @Test(arguments: ["", ",raw"])
    func aJumboFrameReachesTheKernelsVXLANDeviceWholeByDefault(transport: String) throws {
        let lab = try NamespaceLab(tag: transport.isEmpty ? "k5" : "k6", subnet: transport.isEmpty ? 55 : 56)
        defer { lab.close() }
        let device = "vtgr\(transport.isEmpty ? "k5" : "k6")x"
        try lab.run(
            lab.namespaceB,
            [
                "ip", "link", "add", device, "type", "vxlan", "id", "42", "dstport", "4789",
                "local", lab.addressB, "dev", lab.vethB,
            ]
        )
        // The device's own MTU (1450 under a 1500 veth) limits what it sends, not what it receives.
        try lab.run(lab.namespaceB, ["ip", "link", "set", device, "up"])
        let frames = Self.frames + [TunnelFixtures.ethernetUDP(length: 9000, seed: 7)]
        let input = lab.path("frames.pcap")
        let captured = lab.path("captured.pcap")
        try CaptureFiles.write(frames, to: input)
        let tcpdump = try lab.start(
            lab.namespaceB,
            [
                "tcpdump", "-n", "-U", "-s", "0", "-i", device, "-c", "\(frames.count)",
                "-w", captured, "ether", "src", "52:54:00:ab:cd:ef",
            ]
        )
        usleep(1_500_000)
        let sent = try lab.run(
            lab.namespaceA,
            [
                NamespaceLab.tapctl, "encap", "--read", input, "--source", lab.addressA,
                "--to", "vxlan:\(lab.addressB),vni=42\(transport)", "--send",
            ]
        )
        NamespaceLab.wait(tcpdump, seconds: 10)
        let received = try CaptureFiles.read(captured).map(\.frame)
        #expect(received == frames, "\(sent.standardOutput)")
    }

    @Test func framesTheKernelMirrorsIntoVXLANAreDecapsulatedByteIdentical() throws {
        let lab = try NamespaceLab(tag: "k2", subnet: 52)
        defer { lab.close() }
        let device = "vtgrk2x"
        let tapped = "vtgrk2sa"
        let mirrored = "vtgrk2sb"
        let a = lab.namespaceA
        try lab.run(
            a,
            [
                "ip", "link", "add", device, "type", "vxlan", "id", "4242", "dstport", "4789",
                "local", lab.addressA, "remote", lab.addressB, "dev", lab.vethA,
            ]
        )
        try lab.run(a, ["ip", "link", "add", tapped, "type", "veth", "peer", "name", mirrored])
        for link in [device, tapped, mirrored] { try lab.run(a, ["ip", "link", "set", link, "up"]) }
        try lab.run(a, ["tc", "qdisc", "add", "dev", mirrored, "ingress"])
        // u32 matching everything (cls_matchall is not built on every kernel).
        try lab.run(
            a,
            [
                "tc", "filter", "add", "dev", mirrored, "parent", "ffff:", "protocol", "all", "u32", "match", "u32",
                "0", "0", "action", "mirred", "egress", "mirror", "dev", device,
            ]
        )
        let input = lab.path("frames.pcap")
        let output = lab.path("decap.pcapng")
        try CaptureFiles.write(Self.frames, to: input)
        let decap = try lab.start(
            lab.namespaceB,
            [
                NamespaceLab.tapctl, "decap", "--listen", "vxlan:\(lab.addressB)",
                "--write", output, "--count", "\(Self.frames.count)", "--duration", "15",
            ]
        )
        usleep(1_500_000)
        try lab.run(a, ["tcpreplay", "-q", "-i", tapped, input])
        NamespaceLab.wait(decap, seconds: 15)
        #expect(decap.terminationStatus == 0)
        let written = try CaptureFiles.read(output)
        #expect(written.map(\.frame) == Self.frames)
        let reader = try CaptureFileReader(path: output)
        while try reader.next() != nil {}
        #expect(reader.interfaces.map(\.name) == ["vxlan \(lab.addressA) vni 4242"])
    }

    @Test func rawGRESocketsCarryGREAndERSPANBetweenNamespacesWithKernelReassembly() throws {
        let lab = try NamespaceLab(tag: "k3", subnet: 53)
        defer { lab.close() }
        let jumbo = TunnelFixtures.ethernetUDP(length: 9000, seed: 9)
        let frames = Self.frames + [jumbo]
        let input = lab.path("frames.pcap")
        let output = lab.path("decap.pcapng")
        try CaptureFiles.write(frames, to: input)
        let decap = try lab.start(
            lab.namespaceB,
            [
                NamespaceLab.tapctl, "decap", "--listen", "gre:\(lab.addressB)",
                "--write", output, "--count", "\(frames.count * 2)", "--duration", "15",
            ]
        )
        usleep(1_500_000)
        try lab.run(
            lab.namespaceA,
            [
                NamespaceLab.tapctl, "encap", "--read", input, "--source", lab.addressA,
                "--to", "gre:\(lab.addressB),key=5,seq,csum,fragment",
                "--to", "erspan3:\(lab.addressB),session=9", "--send",
            ]
        )
        NamespaceLab.wait(decap, seconds: 15)
        #expect(decap.terminationStatus == 0)
        let written = try CaptureFiles.read(output)
        let reader = try CaptureFileReader(path: output)
        while try reader.next() != nil {}
        let names = reader.interfaces.map { $0.name ?? "" }
        let greInterface = try #require(names.firstIndex(of: "gre \(lab.addressA) key 5"))
        let erspanInterface = try #require(names.firstIndex(of: "erspan3 \(lab.addressA) session 9"))
        // GRE with fragmentation: every frame whole, the 9000-byte one sent in
        // our IP fragments and reassembled by the receiving kernel.
        #expect(written.filter { $0.record.interfaceIndex == greInterface }.map(\.frame) == frames)
        // ERSPAN III truncating at the 1500 MTU: the jumbo frame is cut, flagged,
        // and keeps its original length.
        let erspan = written.filter { $0.record.interfaceIndex == erspanInterface }
        #expect(erspan.map(\.frame).prefix(Self.frames.count).elementsEqual(Self.frames))
        let cut = try #require(erspan.last)
        #expect(cut.frame.count == 1500 - 20 - 8 - 12 && cut.frame == Array(jumbo.prefix(cut.frame.count)))
        #expect(cut.record.originalLength == 9000)
    }
}

/// `tapctl tap` sending for real (no --write-encap): a policy with a VXLAN and
/// a GRE destination in another namespace, received by `tapctl decap`.
@Suite(.tags(.namespaceLab), .namespaceLabTier) struct TapSendingTests {
    @Test func theTapSendsWhatItWouldWriteToItsDestinations() throws {
        let lab = try NamespaceLab(tag: "k4", subnet: 54)
        defer { lab.close() }
        let policy = lab.path("policy.yaml")
        try """
        destinations:
          vx: { address: \(lab.addressB), encap: vxlan, vni: 99, source: \(lab.addressA) }
          gr: { address: \(lab.addressB), encap: gre, key: 5, sequence: true, source: \(lab.addressA) }
        rules:
          - name: smb
            match: { port: 445 }
            send: [vx, gr]
        default: ignore
        """.write(toFile: policy, atomically: true, encoding: .utf8)
        // What the tap would send, written instead, then taken apart: the reference.
        let written = lab.path("written.pcap")
        let reference = lab.path("reference.pcapng")
        try lab.run(
            lab.namespaceA,
            [
                NamespaceLab.tapctl, "tap", "--read", TapCommandTests.sample, "--policy", policy,
                "--write-encap", written,
            ]
        )
        try lab.run(lab.namespaceA, [NamespaceLab.tapctl, "decap", "--read", written, "--write", reference])
        let expected = try CaptureFiles.read(reference).map(\.frame)
        #expect(expected.count == 134)
        let received = lab.path("received.pcapng")
        let decap = try lab.start(
            lab.namespaceB,
            [
                NamespaceLab.tapctl, "decap", "--listen", lab.addressB, "--write", received,
                "--count", "\(expected.count)", "--duration", "15",
            ]
        )
        usleep(1_500_000)
        let sent = try lab.run(
            lab.namespaceA,
            [NamespaceLab.tapctl, "tap", "--read", TapCommandTests.sample, "--policy", policy]
        )
        #expect(sent.standardOutput.contains("smb"), "\(sent.standardOutput)")
        // Path MTU 1500 (the veth's), no mtu in the policy: oversized frames are sent in fragments, none is refused.
        #expect(!sent.standardOutput.split(separator: "\n").contains { $0.hasPrefix("vx ") && !$0.hasSuffix(" 0") })
        NamespaceLab.wait(decap, seconds: 15)
        #expect(decap.terminationStatus == 0)
        let frames = try CaptureFiles.read(received).map(\.frame)
        #expect(frames.count == expected.count)
        #expect(
            frames.sorted { $0.lexicographicallyPrecedes($1) } == expected.sorted { $0.lexicographicallyPrecedes($1) }
        )
    }
}

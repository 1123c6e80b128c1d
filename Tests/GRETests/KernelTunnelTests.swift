import Foundation
import GRE
import PacketCore
import TestSupport
import Testing

/// The Linux kernel as the peer, in network namespaces these tests create:
/// its vxlan device decapsulates what we send and encapsulates what tc mirred
/// mirrors to us; raw IPPROTO_GRE sockets carry GRE and ERSPAN between namespaces.
@Suite(.serialized, .tags(.namespaceLab), .namespaceLabTier) struct KernelTunnelTests {
    static let addressA = "198.18.0.1"
    static let addressB = "198.18.0.2"
    static let vethA = "veth-a"
    static let vethB = "veth-b"

    /// Namespaces `a` (198.18.0.1 on veth-a) and `b` (198.18.0.2 on veth-b) joined by a veth pair.
    static func pointToPoint() throws -> NamespaceLab {
        let lab = try NamespaceLab()
        try lab.addNamespaces(["a", "b"])
        try lab.addVeth(vethA, in: "a", peer: vethB, in: "b")
        try lab.addAddress("\(addressA)/24", to: vethA, in: "a")
        try lab.addAddress("\(addressB)/24", to: vethB, in: "b")
        return lab
    }

    static let frames: [[UInt8]] = [64, 333, 1000, 1400].enumerated().map { index, length in
        TunnelFixtures.ethernetUDP(length: length, sourcePort: UInt16(40_000 + index), seed: UInt8(index))
    }

    @Test func framesWeEncapsulateInVXLANLeaveTheKernelsVXLANDeviceByteIdentical() throws {
        let lab = try Self.pointToPoint()
        defer { lab.close() }
        let device = "vx42"
        try lab.addVXLAN(device, in: "b", vni: 42, local: Self.addressB, device: Self.vethB)
        let input = lab.path("frames.pcap")
        let captured = lab.path("captured.pcap")
        try CaptureFiles.write(Self.frames, to: input)
        let tcpdump = try lab.start(
            "b",
            [
                "tcpdump", "-n", "-U", "-i", device, "-c", "\(Self.frames.count)",
                "-w", captured, "ether", "src", "52:54:00:ab:cd:ef",
            ],
            log: lab.path("tcpdump.log")
        )
        try lab.waitUntilCapturing(log: lab.path("tcpdump.log"))
        try lab.run(
            "a",
            [
                try ExternalTool.tapctl, "encap", "--read", input, "--source", Self.addressA,
                "--to", "vxlan:\(Self.addressB),vni=42", "--send",
            ]
        )
        tcpdump.waitForExitOrStop(timeout: 10)
        let received = try CaptureFiles.read(captured).map(\.frame)
        #expect(received == Self.frames)
    }

    /// No `mtu` and no `fragment` option: VXLAN cannot flag a cut frame, so the default sends a
    /// 9000-byte frame in outer fragments (raw: our own; datagram: the kernel's), and the
    /// receiving kernel's vxlan device gets it whole.
    @Test(arguments: ["", ",raw"])
    func aJumboFrameReachesTheKernelsVXLANDeviceWholeByDefault(transport: String) throws {
        let lab = try Self.pointToPoint()
        defer { lab.close() }
        let device = "vx42"
        // The device's own MTU (1450 under a 1500 veth) limits what it sends, not what it receives.
        try lab.addVXLAN(device, in: "b", vni: 42, local: Self.addressB, device: Self.vethB)
        let frames = Self.frames + [TunnelFixtures.ethernetUDP(length: 9000, seed: 7)]
        let input = lab.path("frames.pcap")
        let captured = lab.path("captured.pcap")
        try CaptureFiles.write(frames, to: input)
        let tcpdump = try lab.start(
            "b",
            [
                "tcpdump", "-n", "-U", "-s", "0", "-i", device, "-c", "\(frames.count)",
                "-w", captured, "ether", "src", "52:54:00:ab:cd:ef",
            ],
            log: lab.path("tcpdump.log")
        )
        try lab.waitUntilCapturing(log: lab.path("tcpdump.log"))
        let sent = try lab.run(
            "a",
            [
                try ExternalTool.tapctl, "encap", "--read", input, "--source", Self.addressA,
                "--to", "vxlan:\(Self.addressB),vni=42\(transport)", "--send",
            ]
        )
        tcpdump.waitForExitOrStop(timeout: 10)
        let received = try CaptureFiles.read(captured).map(\.frame)
        #expect(received == frames, "\(sent.standardOutput)")
    }

    @Test func framesTheKernelMirrorsIntoVXLANAreDecapsulatedByteIdentical() throws {
        let lab = try Self.pointToPoint()
        defer { lab.close() }
        let device = "vx4242"
        let tapped = "tapped"
        let mirrored = "mirrored"
        try lab.addVXLAN(
            device,
            in: "a",
            vni: 4242,
            local: Self.addressA,
            remote: Self.addressB,
            device: Self.vethA
        )
        try lab.addVeth(tapped, in: "a", peer: mirrored, in: "a")
        try lab.mirrorIngress(of: mirrored, to: device, in: "a")
        let input = lab.path("frames.pcap")
        let output = lab.path("decap.pcapng")
        try CaptureFiles.write(Self.frames, to: input)
        let decap = try lab.start(
            "b",
            [
                try ExternalTool.tapctl, "decap", "--listen", "vxlan:\(Self.addressB)",
                "--write", output, "--count", "\(Self.frames.count)", "--duration", "15",
            ]
        )
        try lab.waitUntilBound(.udp, "\(Self.addressB):4789", in: "b")
        try lab.run("a", ["tcpreplay", "-q", "-i", tapped, input])
        decap.waitForExitOrStop(timeout: 15)
        #expect(decap.terminationStatus == 0)
        let written = try CaptureFiles.read(output)
        #expect(written.map(\.frame) == Self.frames)
        let reader = try CaptureFileReader(path: output)
        while try reader.next() != nil {}
        #expect(reader.interfaces.map(\.name) == ["vxlan \(Self.addressA) vni 4242"])
    }

    @Test func rawGRESocketsCarryGREAndERSPANBetweenNamespacesWithKernelReassembly() throws {
        let lab = try Self.pointToPoint()
        defer { lab.close() }
        let jumbo = TunnelFixtures.ethernetUDP(length: 9000, seed: 9)
        let frames = Self.frames + [jumbo]
        let input = lab.path("frames.pcap")
        let output = lab.path("decap.pcapng")
        try CaptureFiles.write(frames, to: input)
        let decap = try lab.start(
            "b",
            [
                try ExternalTool.tapctl, "decap", "--listen", "gre:\(Self.addressB)",
                "--write", output, "--count", "\(frames.count * 2)", "--duration", "15",
            ]
        )
        try lab.waitUntilBound(.raw, "\(Self.addressB):47", in: "b")
        try lab.run(
            "a",
            [
                try ExternalTool.tapctl, "encap", "--read", input, "--source", Self.addressA,
                "--to", "gre:\(Self.addressB),key=5,seq,csum,fragment",
                "--to", "erspan3:\(Self.addressB),session=9", "--send",
            ]
        )
        decap.waitForExitOrStop(timeout: 15)
        #expect(decap.terminationStatus == 0)
        let written = try CaptureFiles.read(output)
        let reader = try CaptureFileReader(path: output)
        while try reader.next() != nil {}
        let names = reader.interfaces.map { $0.name ?? "" }
        let greInterface = try #require(names.firstIndex(of: "gre \(Self.addressA) key 5"))
        let erspanInterface = try #require(names.firstIndex(of: "erspan3 \(Self.addressA) session 9"))
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
        let lab = try KernelTunnelTests.pointToPoint()
        defer { lab.close() }
        let addressA = KernelTunnelTests.addressA
        let addressB = KernelTunnelTests.addressB
        let policy = lab.path("policy.yaml")
        try """
        destinations:
          vx: { address: \(addressB), encap: vxlan, vni: 99, source: \(addressA) }
          gr: { address: \(addressB), encap: gre, key: 5, sequence: true, source: \(addressA) }
        rules:
          - name: smb
            match: { port: 445 }
            send: [vx, gr]
        default: ignore
        """.write(toFile: policy, atomically: true, encoding: .utf8)
        // What the tap would send, written instead, then taken apart: the reference.
        let written = lab.path("written.pcap")
        let reference = lab.path("reference.pcapng")
        let tapctl = try ExternalTool.tapctl
        try lab.run(
            "a",
            [tapctl, "tap", "--read", TapCommandTests.sample, "--policy", policy, "--write-encap", written]
        )
        try lab.run("a", [tapctl, "decap", "--read", written, "--write", reference])
        let expected = try CaptureFiles.read(reference).map(\.frame)
        #expect(expected.count == 134)
        let received = lab.path("received.pcapng")
        let decap = try lab.start(
            "b",
            [
                tapctl, "decap", "--listen", addressB, "--write", received,
                "--count", "\(expected.count)", "--duration", "15",
            ]
        )
        try lab.waitUntilBound(.raw, "\(addressB):47", in: "b")
        try lab.waitUntilBound(.udp, "\(addressB):4789", in: "b")
        let sent = try lab.run("a", [tapctl, "tap", "--read", TapCommandTests.sample, "--policy", policy])
        #expect(sent.standardOutput.contains("smb"), "\(sent.standardOutput)")
        // Path MTU 1500 (the veth's), no mtu in the policy: oversized frames are sent in fragments, none is refused.
        #expect(!sent.standardOutput.split(separator: "\n").contains { $0.hasPrefix("vx ") && !$0.hasSuffix(" 0") })
        decap.waitForExitOrStop(timeout: 15)
        #expect(decap.terminationStatus == 0)
        let frames = try CaptureFiles.read(received).map(\.frame)
        #expect(frames.count == expected.count)
        #expect(
            frames.sorted { $0.lexicographicallyPrecedes($1) } == expected.sorted { $0.lexicographicallyPrecedes($1) }
        )
    }
}

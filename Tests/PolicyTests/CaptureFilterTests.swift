import Foundation
import NetworkTypes
import PacketCore
import TestSupport
import Testing

@testable import Policy

/// The generated filter is checked by its real consumer: tcpdump (libpcap) compiles it
/// and selects frames from a capture; every frame the policy taps must be among them.
@Suite(.tags(.interop), .interopTier) struct CaptureFilterTests {
    struct Frame: Hashable {
        var seconds: Int64
        var nanoseconds: UInt32
        var bytes: [UInt8]
    }

    func frames(_ path: String) throws -> [Frame] {
        let reader = try CaptureFileReader(path: path)
        var out: [Frame] = []
        while let record = try reader.next() {
            out.append(
                Frame(
                    seconds: record.timestamp.seconds,
                    nanoseconds: record.timestamp.nanoseconds,
                    bytes: reader.currentFrame()
                )
            )
        }
        return out
    }

    @Test func tcpdumpWithTheFilterKeepsEveryTappedFrame() throws {
        let folder = try ExternalTool.temporaryDirectory("vtpo-bpf")
        defer { try? FileManager.default.removeItem(at: folder) }
        let capture = try ExternalTool.generateCapture(
            in: folder,
            name: "in.pcap",
            arguments: ["--packets", "4000", "--seed", "5", "--vlan-fraction", "0.1"]
        )
        let all = try frames(capture)

        let generator = CompiledPolicyPropertyTests()
        var g = SeededGenerator(seed: 77)
        var policies = [try PolicyParser.load(path: PolicyFixtures.example)]
        for _ in 0..<12 {
            var policy = generator.randomPolicy(&g, rules: 8)
            policy.defaultAction = .ignore
            policies.append(policy)
        }
        let virtualMachines = try PolicyFixtures.virtualMachines()
        var filteredSomething = false
        for (number, policy) in policies.enumerated() {
            let compiled = CompiledPolicy(policy, virtualMachines: virtualMachines)
            guard let expression = CaptureFilter.expression(for: policy, virtualMachines: virtualMachines) else {
                continue
            }
            let output = folder.appendingPathComponent("out\(number).pcap").path
            let status = try ExternalTool.run("tcpdump", ["-r", capture, "-w", output, expression]).status
            try #require(status == 0, "tcpdump rejected filter \(number): \(expression)")
            let kept = Set(try frames(output))
            var packet = DecodedPacket()
            var tapped = 0
            for frame in all {
                frame.bytes.withUnsafeBytes { raw in
                    _ = try? PacketDecoder().decode(unsafe RawSpan(_unsafeBytes: raw), into: &packet)
                }
                guard compiled.decide(packet).taps else { continue }
                tapped += 1
                let passed = kept.contains(frame)
                #expect(passed, "policy \(number): a tapped frame was filtered out by \(expression)")
            }
            #expect(kept.count >= tapped)
            if kept.count < all.count { filteredSomething = true }
        }
        #expect(filteredSomething, "the filters must drop some ignored traffic")
    }

    @Test func noFilterWhenEverythingMayBeTapped() throws {
        let policy = try PolicyParser().parse(
            """
            destinations: { a: { address: 192.0.2.1, encap: gre } }
            rules: [ { match: { port: 22 }, action: ignore } ]
            default: { send: [a] }
            """
        )
        #expect(CaptureFilter.expression(for: policy) == nil)
    }
}

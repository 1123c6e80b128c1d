import Foundation
import NetworkTypes
import PacketCore
import Synchronization
import TapVocabulary
import Testing

@testable import Policy

@Suite struct LivePolicyTests {
    func policy(sendTo index: Int) -> CompiledPolicy {
        var match = RuleMatch()
        match.ports = [PortRange(80)]
        let destinations = (0..<4).map {
            TunnelDestination(
                name: "d\($0)",
                address: .v4(IPv4Address(192, 0, 2, UInt8(10 + $0))),
                encapsulation: .gre()
            )
        }
        return CompiledPolicy(
            TapPolicy(
                destinations: destinations,
                rules: [PolicyRule(name: "web\(index)", match: match, action: .send(DestinationSet([index])))]
            )
        )
    }

    @Test func readersSeeTheOldOrTheNewPolicyNeverAMix() async {
        let policies = (0..<4).map { policy(sendTo: $0) }
        let live = LivePolicy(policies[0])
        let packet = makePacket(src: "10.0.0.1", dst: "10.0.0.2")
        final class Progress: Sendable {
            let readersDone = Atomic<Int>(0)
            let policiesSeen = Mutex<Set<String>>([])
        }
        let progress = Progress()
        let mixes = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    var mixes = 0
                    var seen = Set<String>()
                    for _ in 0..<20_000 {
                        let snapshot = live.current
                        let decision = snapshot.decide(packet)
                        // the rule name and the destinations must come from the same policy
                        let name = snapshot.ruleName(decision)
                        seen.insert(name)
                        if decision.destinations != DestinationSet([Int(name.dropFirst(3))!]) { mixes += 1 }
                        await Task.yield()
                    }
                    progress.policiesSeen.withLock { $0.formUnion(seen) }
                    progress.readersDone.add(1, ordering: .sequentiallyConsistent)
                    return mixes
                }
            }
            group.addTask {
                var i = 1
                while progress.readersDone.load(ordering: .sequentiallyConsistent) < 4 {
                    live.replace(with: policies[i % 4])
                    i += 1
                    await Task.yield()
                }
                return 0
            }
            return await group.reduce(0, +)
        }
        #expect(mixes == 0)
        #expect(live.snapshot.generation > 1)
        #expect(progress.policiesSeen.withLock { $0.count } == 4, "readers must have run while the policy changed")
    }

    @Test func failedReloadKeepsThePolicyInForce() throws {
        let live = LivePolicy(policy(sendTo: 2))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("vtpo-reload-\(getpid()).yaml").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "rules: [ { match: { port: 99999 }, action: ignore } ]".write(
            toFile: path,
            atomically: true,
            encoding: .utf8
        )
        #expect(throws: PolicyFileError.self) { try live.reload(contentsOf: path) }
        #expect(live.snapshot.generation == 1 && live.current.policy.rules[0].name == "web2")
        try "rules: [ { name: ssh, match: { port: 22 }, action: ignore } ]".write(
            toFile: path,
            atomically: true,
            encoding: .utf8
        )
        try live.reload(contentsOf: path)
        #expect(live.snapshot.generation == 2 && live.current.policy.rules[0].name == "ssh")
    }
}

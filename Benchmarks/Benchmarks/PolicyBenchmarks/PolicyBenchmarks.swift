import Benchmark
import BenchmarkSupport
import PacketCore
import Policy

/// Policy's hot path: `CompiledPolicy.decide` for a decoded frame. The CI gate
/// is `mallocCountTotal` = 0: matching allocates nothing, whatever the rule
/// count. Names use dots, never "/".
let benchmarks: @Sendable () -> Void = {
    HotPathConfiguration.install()

    // Every sample frame decoded once, outside the measurement.
    let packets: [DecodedPacket] = SampleFrame.all.map { sample in
        var packet = DecodedPacket()
        try? PacketDecoder().decode(sample.bytes.span.bytes, linkType: sample.linkType, into: &packet)
        return packet
    }
    for (name, ruleCount) in [("10-rules", 10), ("1000-rules", 1_000)] {
        let policy = try! CompiledPolicy(PolicyParser(file: "<benchmark>").parse(PolicyText.make(rules: ruleCount)))
        precondition(policy.policy.rules.count == ruleCount, "the policy has \(ruleCount) rules")
        precondition(packets.contains { policy.decide($0).taps }, "some sample frames are tapped")
        Benchmark("CompiledPolicy.decide-\(name)") { benchmark in
            decideRepeatedly(policy, packets, times: benchmark.scaledIterations.count)
        }
    }
}

/// `times` decisions, cycling through `packets`.
@inline(never)
func decideRepeatedly(_ policy: CompiledPolicy, _ packets: [DecodedPacket], times: Int) {
    var index = 0
    for _ in 0..<times {
        let decision = policy.decide(packets[index])
        blackHole(decision.ruleIndex)
        index = index + 1 == packets.count ? 0 : index + 1
    }
}

/// Policies like Benchmarks/policy/make-policy.py's: rules that single out
/// hosts, nets with ports, ports on hosts, MACs and VLANs, in front of rules
/// that select the sample frames' traffic.
enum PolicyText {
    static func make(rules: Int) -> String {
        var text = """
            destinations:
              ids: { address: 192.0.2.10, encap: gre, key: 100 }
              dlp: { address: 192.0.2.11, encap: erspan3, session: 7 }
            rules:

            """
        for i in 0..<max(rules - 4, 0) {
            let a = (i >> 8) & 0xFF
            let b = i & 0xFF
            switch i % 5 {
            case 0: text += "  - { name: n\(i), match: { host: 172.16.\(a).\(b) }, send: [ids] }\n"
            case 1:
                text +=
                    "  - { name: n\(i), match: { dst-net: 192.168.\(a).\(b & 0xF0)/28, port: [443, 53] }, send: [dlp] }\n"
            case 2:
                text +=
                    "  - { name: n\(i), match: { host: 10.1.\(a).\(b), dst-port: \(20_000 + i % 4_000) }, send: [ids] }\n"
            case 3: text += "  - { name: n\(i), match: { mac: \"02:99:\(hex(a)):\(hex(b)):00:01\" }, send: [ids] }\n"
            default: text += "  - { name: n\(i), match: { vlan: \(3_000 + i % 1_000), port: 22 }, action: ignore }\n"
            }
        }
        text += """
              - { name: web, match: { proto: tcp, port: [80, 443] }, send: [ids] }
              - { name: dns, match: { proto: udp, port: 53 }, send: [dlp] }
              - { name: lan, match: { net: 10.1.0.0/16 }, send: [ids] }
              - { name: v6, match: { net: "fd00::/8" }, send: [dlp] }
            default: ignore

            """
        return text
    }

    private static func hex(_ value: Int) -> String {
        let digits = String(value, radix: 16)
        return digits.count == 1 ? "0" + digits : digits
    }
}

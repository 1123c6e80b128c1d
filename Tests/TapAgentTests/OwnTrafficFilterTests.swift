import NetworkTypes
import Policy
import TapVocabulary
import TestSupport
import Testing

@testable import TapAgent

/// The kernel filter that keeps the agent's own traffic out of its capture, compiled by tcpdump
/// (libpcap's compiler, independent of how we built the string) and applied by tcpdump to frames.
@Suite(.tags(.interop), .interopTier) struct OwnTrafficFilterTests {
    static let destinations = [
        TunnelDestination(name: "ids", address: IPAddress("198.18.100.1")!, encapsulation: .gre(key: 1)),
        TunnelDestination(name: "vx", address: IPAddress("2001:db8::12")!, encapsulation: .vxlan(vni: 42)),
        TunnelDestination(name: "e3", address: IPAddress("198.18.100.3")!, encapsulation: .erspanType3(sessionID: 7)),
    ]

    @Test func tcpdumpCompilesTheFilterForEveryShape() throws {
        let expressions = [
            OwnTrafficFilter.expression(destinations: Self.destinations, collector: (IPAddress("198.18.100.5")!, 2055)),
            OwnTrafficFilter.expression(
                destinations: Self.destinations,
                collector: nil,
                excludingSource: MACAddress(2, 0, 0, 0, 0, 1)
            ),
            OwnTrafficFilter.expression(destinations: [], collector: nil),
        ]
        #expect(expressions[2].isEmpty)
        for expression in expressions where !expression.isEmpty {
            let result = try ExternalTool.run("tcpdump", ["-d", "-y", "EN10MB", expression])
            #expect(result.status == 0, "tcpdump cannot compile '\(expression)': \(result.standardError)")
        }
        #expect(expressions[0].contains("ip proto 47 and host 198.18.100.1"))
        #expect(expressions[0].contains("udp and host 2001:db8::12 and port 4789"))
        #expect(expressions[1].hasPrefix("not ether src 02:00:00:00:00:01 and "))
    }
}

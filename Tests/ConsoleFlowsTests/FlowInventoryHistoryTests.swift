import ConsoleFlows
import NetFlow
import NetworkTypes
import Testing

/// `FlowInventoryAttributor.follow` and `forget`: flows are named with the inventory at their start,
/// whatever it says when they arrive.
@Suite struct FlowInventoryHistoryTests {
    static let address = IPAddress.v4(IPv4Address(10, 0, 0, 5))
    static let web = FlowRollupTests.web
    static let webMoved = FlowRollupTests.webMoved
    static let db = FlowVMAttribution(uuid: 0xBBBB, name: "db-1", host: "hv-1", network: "prod")

    static func followed() -> FlowInventoryAttributor {
        var history = FlowInventoryAttributor()
        history.follow([.init(address: address, vm: web)], since: 1_000)  // web-1 on hv-1
        history.follow([.init(address: address, vm: webMoved)], since: 5_000)  // migrated to hv-2
        history.follow([], since: 9_000)  // removed from the inventory
        history.follow([.init(address: address, vm: db)], since: 12_000)  // the address reused by db-1
        return history
    }

    @Test func eachTimeIsAnsweredWithTheInventoryOfThatTime() {
        let history = Self.followed()
        #expect(history.vm(owning: Self.address, at: 999) == nil)
        #expect(history.vm(owning: Self.address, at: 1_000) == Self.web)
        #expect(history.vm(owning: Self.address, at: 4_999) == Self.web)
        #expect(history.vm(owning: Self.address, at: 5_000) == Self.webMoved)
        #expect(history.vm(owning: Self.address, at: 9_500) == nil)
        #expect(history.vm(owning: Self.address, at: 20_000) == Self.db)
        #expect(history.vm(uuid: 0xAAAA, at: 4_000)?.host == "hv-1")
        #expect(history.vm(uuid: 0xAAAA, at: 6_000)?.host == "hv-2")
        #expect(history.vm(uuid: 0xAAAA, at: 10_000) == nil)
    }

    @Test func aLateFlowIsCountedWhereTheVMWasAtItsStart() {
        var rollup = FlowRollupAggregator(attributor: Self.followed())
        let outside = IPv4Address(198, 51, 100, 7)
        // Both arrive after the last change; they started on hv-1 and on hv-2.
        rollup.collected(
            FlowRollupTests.flow(IPv4Address(10, 0, 0, 5), outside, at: 2_000),
            from: FlowRollupTests.exporter
        )
        rollup.collected(
            FlowRollupTests.flow(IPv4Address(10, 0, 0, 5), outside, at: 6_000),
            from: FlowRollupTests.exporter
        )
        let hosts = rollup.drain().map { row -> String in
            if case .vm(let vm) = row.key.source { return vm.host }
            return "address"
        }
        // Both flows fall in the same minute: one row per host, in no particular order.
        #expect(hosts.sorted() == ["hv-1", "hv-2"])
    }

    @Test func followingAnUnchangedInventoryAddsNothing() {
        var history = Self.followed()
        let before = history.entryCount
        history.follow([.init(address: Self.address, vm: Self.db)], since: 13_000)
        history.follow([.init(address: Self.address, vm: Self.db)], since: 14_000)
        #expect(history.entryCount == before)
    }

    @Test func forgettingKeepsEveryAnswerFromTheCutoffOn() {
        let full = Self.followed()
        var trimmed = full
        trimmed.forget(before: 6_000)
        #expect(trimmed.entryCount < full.entryCount)
        for time in stride(from: Int64(6_000), through: 20_000, by: 500) {
            #expect(trimmed.vm(owning: Self.address, at: time) == full.vm(owning: Self.address, at: time))
            #expect(trimmed.vm(uuid: 0xAAAA, at: time) == full.vm(uuid: 0xAAAA, at: time))
        }
        // An address owned by nobody since before the cutoff is dropped entirely.
        var released = FlowInventoryAttributor()
        released.follow([.init(address: Self.address, vm: Self.web)], since: 0)
        released.follow([], since: 100)
        released.forget(before: 200)
        #expect(released.entryCount == 0)
    }
}

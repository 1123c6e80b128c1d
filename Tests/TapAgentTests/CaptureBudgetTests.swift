import Testing

@testable import TapAgent

@Suite struct CaptureBudgetTests {
    @Test func admitsTheRatePerSecondAndRefillsWithTime() {
        var budget = CaptureBudget(packetsPerSecond: 1000)
        let start: UInt64 = 5_000_000_000
        let burst = (0..<5000).filter { budget.admit(now: start + UInt64($0)) }.count
        #expect(burst == 1000)
        // Half a second later, half a second's worth.
        let later = (0..<5000).filter { budget.admit(now: start + 500_000_000 + UInt64($0)) }.count
        #expect(later == 500)
    }

    @Test func withoutALimitEverythingPasses() {
        var budget = CaptureBudget(packetsPerSecond: nil)
        #expect((0..<10_000).allSatisfy { budget.admit(now: UInt64($0)) })
    }
}

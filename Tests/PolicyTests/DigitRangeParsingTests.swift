import Testing

@testable import Policy

@Suite struct DigitRangeParsingTests {
    /// The port and VLAN fast path returns only what the general `low-high` reading returns
    /// (Swift's `UInt16` parser on each side of the first '-'), and declines the rest.
    @Test func digitRangeFastPathAgreesWithTheGeneralReading() {
        var g = SeededGenerator(seed: 14)
        let pieces = ["0", "1", "9", "22", "080", "443", "4094", "65535", "65536", "99999", "", "-", " ", "+1", "a"]
        var texts = ["80", "8000-8080", "1-1", "0-65535", "65535-0", "-80", "80-", "1-2-3", "00080", "8 0", "4094"]
        for _ in 0..<5000 {
            let count = Int.random(in: 1...4, using: &g)
            texts.append((0..<count).map { _ in pieces.randomElement(using: &g)! }.joined())
        }
        var taken = 0
        for text in texts {
            guard let (low, high) = PolicyNodeReader.digitRange(text) else { continue }
            taken += 1
            let parts = text.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
            let general = parts.map { UInt16($0) }
            #expect(general.allSatisfy { $0 != nil }, "\(text)")
            #expect(low == general.first!! && high == general.last!!, "\(text)")
        }
        #expect(taken > 500)
    }
}

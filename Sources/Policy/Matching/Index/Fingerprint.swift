/// A cheap, deterministic 64-bit mix of a sequence of words, for the
/// open-addressing tables that build a `RuleIndex` (`ConditionFrequency`,
/// `CandidateLists`). Equal sequences give equal fingerprints; the tables
/// confirm every fingerprint match with an exact comparison.
struct Fingerprint {
    private var hash: UInt64 = 0xCBF2_9CE4_8422_2325

    init() {}

    mutating func add(_ word: UInt64) { hash = (hash ^ word) &* 0x9E37_79B9_7F4A_7C15 }

    /// The mix of every word added (spread into the low bits, which pick the slot).
    var value: UInt64 { hash ^ hash >> 29 }
}

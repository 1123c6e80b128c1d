import TestSupport
import Testing

@testable import Policy

/// `ShadowIndex` must name the same first covering rule as comparing a rule with every
/// earlier one (what `PolicyWarnings` did before the index).
@Suite struct ShadowIndexTests {
    @Test(arguments: [60, 400] as [Int])
    func findsTheSameCovererAsComparingEveryEarlierRule(rules: Int) {
        let random = CompiledPolicyPropertyTests()  // its value pools make rules overlap often
        var g = SeededGenerator(seed: UInt64(rules) &* 104_729)
        var shadowed = 0
        var checked = 0
        for round in 0..<(rules > 100 ? 8 : 40) {
            let shapes = (0..<rules).map { _ in
                var match = random.randomKeys(&g)
                // Mostly one or two keys (broad rules that cover others); a rare catch-all.
                while match.keyCount > 2 || (match.keyCount == 0 && Int.random(in: 0..<200, using: &g) != 0) {
                    match = random.randomKeys(&g)
                }
                return RuleShape(PolicyRule(name: "r", match: match, action: .ignore))
            }
            var index = ShadowIndex()
            for i in shapes.indices {
                let expected = shapes[..<i].firstIndex { $0.covers(shapes[i]) }
                let found = index.firstCoverer(of: shapes[i], in: shapes)
                guard found == expected else {
                    Issue.record(
                        "round \(round), rule \(i): index says \(String(describing: found)), every-pair search \(String(describing: expected))"
                    )
                    return
                }
                if expected != nil { shadowed += 1 }
                checked += 1
                index.add(shapes[i], at: i)
            }
        }
        // The comparison means something only if covering rules actually occur (and not everywhere).
        #expect(shadowed > checked / 20 && shadowed < checked * 9 / 10, "\(shadowed) of \(checked) rules shadowed")
    }
}

import NetworkTypes
import Testing

@Suite struct GlobPatternTests {
    @Test(arguments: [
        ("web-*", "web-1", true), ("web-*", "web-", true), ("web-*", "db-1", false), ("*", "", true),
        ("db-?", "db-1", true), ("db-?", "db-12", false), ("cache-[0-4]", "cache-3", true),
        ("cache-[0-4]", "cache-7", false),
        ("cache-[!0-4]", "cache-7", true), ("*-prod-*", "eu-prod-web", true), ("a*b*c", "axxbyyc", true),
        ("a*b*c", "axxbyy", false),
        ("web\\*", "web*", true), ("web\\*", "web1", false), ("[ab", "[ab", true),
    ])
    func matchesLikeAShell(pattern: String, name: String, expected: Bool) {
        #expect(GlobPattern(pattern).matches(name) == expected)
    }
}

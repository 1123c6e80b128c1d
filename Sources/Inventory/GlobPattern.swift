/// A shell-style name pattern: `*` matches any run of characters, `?` one character,
/// everything else itself (case-sensitive). Matching is linear in practice and never
/// recursive, so hostile patterns cannot blow the stack.
public struct GlobPattern: Sendable, Hashable, CustomStringConvertible {
    public let pattern: String
    private let characters: [Character]

    public init(_ pattern: String) {
        self.pattern = pattern
        self.characters = Array(pattern)
    }

    /// True when the pattern contains no wildcard (it then matches one name only).
    public var isLiteral: Bool { !characters.contains("*") && !characters.contains("?") }

    public func matches(_ name: String) -> Bool {
        let text = Array(name)
        var p = 0, t = 0
        var starAt = -1, resumeText = 0
        while t < text.count {
            if p < characters.count, characters[p] == "?" || characters[p] == text[t] {
                p += 1
                t += 1
            } else if p < characters.count, characters[p] == "*" {
                starAt = p
                resumeText = t
                p += 1
            } else if starAt >= 0 {
                p = starAt + 1
                resumeText += 1
                t = resumeText
            } else {
                return false
            }
        }
        while p < characters.count, characters[p] == "*" { p += 1 }
        return p == characters.count
    }

    public var description: String { pattern }
}

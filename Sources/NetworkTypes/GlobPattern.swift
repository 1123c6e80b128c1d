/// Shared by Policy (`vm:` rules) and Inventory (`tapctl inventory` selectors), which
/// may not import each other.
/// A shell-style name pattern: `*` any run of characters, `?` one character,
/// `[abc]` / `[a-z]` / `[!abc]` one character of (or not of) a set. Everything
/// else, `\` escapes included, matches itself.
public struct GlobPattern: Hashable, Sendable, CustomStringConvertible {
    /// The pattern's text as given.
    public let pattern: String
    private let tokens: [Token]

    private enum Token: Hashable {
        case literal(Character)
        case any
        case anyRun
        case set([ClosedRange<Character>], negated: Bool)
    }

    /// Compiles `pattern`; every text is a valid pattern (an unclosed `[` and a trailing `\` match themselves).
    public init(_ pattern: String) {
        self.pattern = pattern
        var tokens: [Token] = []
        let characters = Array(pattern)
        var index = 0
        while index < characters.count {
            let c = characters[index]
            switch c {
            case "*": if tokens.last != .anyRun { tokens.append(.anyRun) }
            case "?": tokens.append(.any)
            case "\\" where index + 1 < characters.count:
                index += 1
                tokens.append(.literal(characters[index]))
            case "[":
                if let (set, end) = GlobPattern.parseSet(characters, from: index + 1) {
                    tokens.append(set)
                    index = end
                } else {
                    tokens.append(.literal("["))
                }
            default: tokens.append(.literal(c))
            }
            index += 1
        }
        self.tokens = tokens
    }

    /// Parses a bracket set starting after `[`; returns the token and the index of `]`.
    private static func parseSet(_ characters: [Character], from start: Int) -> (Token, Int)? {
        var index = start
        var negated = false
        if index < characters.count, characters[index] == "!" || characters[index] == "^" {
            negated = true
            index += 1
        }
        var ranges: [ClosedRange<Character>] = []
        var first = true
        while index < characters.count {
            let c = characters[index]
            if c == "]" && !first { return (.set(ranges, negated: negated), index) }
            first = false
            if index + 2 < characters.count, characters[index + 1] == "-", characters[index + 2] != "]" {
                let upper = characters[index + 2]
                ranges.append(c <= upper ? c...upper : upper...c)
                index += 3
            } else {
                ranges.append(c...c)
                index += 1
            }
        }
        return nil
    }

    /// True when the whole of `name` matches.
    public func matches(_ name: String) -> Bool {
        let text = Array(name)
        // Iterative matcher with single backtrack point for the last `*` (linear for typical patterns).
        var t = 0
        var p = 0
        var starP = -1
        var starT = 0
        while t < text.count {
            if p < tokens.count, accepts(tokens[p], text[t]) {
                t += 1
                p += 1
            } else if p < tokens.count, tokens[p] == .anyRun {
                starP = p
                starT = t
                p += 1
            } else if starP >= 0 {
                p = starP + 1
                starT += 1
                t = starT
            } else {
                return false
            }
        }
        while p < tokens.count, tokens[p] == .anyRun { p += 1 }
        return p == tokens.count
    }

    private func accepts(_ token: Token, _ c: Character) -> Bool {
        switch token {
        case .literal(let l): l == c
        case .any: true
        case .anyRun: false
        case .set(let ranges, let negated): ranges.contains { $0.contains(c) } != negated
        }
    }

    /// True when the pattern has no wildcard (it names one VM).
    public var isLiteral: Bool { tokens.allSatisfy { if case .literal = $0 { true } else { false } } }

    /// The pattern's text as given.
    public var description: String { pattern }
}

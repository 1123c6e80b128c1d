import FlatYAML
import NetworkTypes
import TapVocabulary

/// Reads policy values out of a `YAMLDocument`'s nodes, turning every problem into a
/// located `PolicyFileError`. Used by `PolicyParser`.
struct PolicyNodeReader {
    /// A node of `document`.
    typealias Node = YAMLNode.ID

    let file: String
    let document: YAMLDocument

    // MARK: Nodes

    func location(_ node: Node) -> SourceLocation {
        SourceLocation(file: file, line: Int(document[node].line), column: Int(document[node].column))
    }

    func error(_ message: String, _ node: Node) -> PolicyFileError { PolicyFileError(message, at: location(node)) }

    func isNull(_ node: Node) -> Bool { document[node].isNull }

    func mapping(_ node: Node, what: @autoclosure () -> String) throws(PolicyFileError) -> YAMLDocument.Pairs {
        guard document[node].kind == .mapping else {
            throw error("\(what()) must be a mapping of keys to values", node)
        }
        return document.pairs(of: node)
    }

    func sequence(_ node: Node) -> YAMLDocument.Elements? {
        document[node].kind == .sequence ? document.elements(of: node) : nil
    }

    /// The scalar text of `node`, or `nil` for a collection.
    func text(_ node: Node) -> String? { document[node].scalar }

    func value(_ mapping: YAMLDocument.Pairs, _ key: String) -> Node? {
        mapping.first { text($0.key) == key }?.value
    }

    func rejectUnknownKeys(_ mapping: YAMLDocument.Pairs, allowed: [String], in what: String) throws(PolicyFileError) {
        for (key, _) in mapping {
            guard let text = text(key) else { throw error("keys in \(what) must be plain words", key) }
            if !allowed.contains(text) {
                let hint = PolicyNodeReader.closest(to: text, in: allowed).map { " (did you mean '\($0)'?)" } ?? ""
                throw error("unknown key '\(text)' in \(what)\(hint); allowed: \(allowed.joined(separator: ", "))", key)
            }
        }
    }

    func scalar(_ node: Node, what: @autoclosure () -> String) throws(PolicyFileError) -> String {
        guard let text = text(node), !isNull(node) else { throw error("\(what()) must be a single value", node) }
        return text
    }

    /// The elements of a list, or the node itself when it is a single value.
    func elements(_ node: Node, what: String) throws(PolicyFileError) -> NodeList {
        if let sequence = sequence(node) {
            guard !sequence.isEmpty else { throw error("\(what) must not be an empty list", node) }
            return NodeList(sequence)
        }
        if isNull(node) { throw error("\(what) needs a value", node) }
        guard text(node) != nil else { throw error("\(what) must be a value or a list of values", node) }
        return NodeList(single: node)
    }

    func name(_ node: Node, what: String) throws(PolicyFileError) -> String {
        let text = try scalar(node, what: what)
        let allowed = text.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
                true
            default: false
            }
        }
        // Every allowed character is one UTF-8 byte, so the byte count is the character count.
        guard !text.isEmpty, allowed, text.utf8.count <= 64 else {
            throw error("\(what) '\(text)' must be 1-64 letters, digits, '-', '_' or '.'", node)
        }
        return text
    }

    // MARK: Values

    func integer(_ node: Node, what: String, in range: ClosedRange<Int>) throws(PolicyFileError) -> Int {
        let text = try scalar(node, what: what)
        guard let value = Int(text), range.contains(value) else {
            throw error(
                "\(what) must be an integer from \(range.lowerBound) to \(range.upperBound), not '\(text)'",
                node
            )
        }
        return value
    }

    /// An integer with an optional `k`, `M` or `G` suffix (powers of 1000).
    func scaledInteger(_ node: Node, what: String) throws(PolicyFileError) -> UInt64 {
        let text = try scalar(node, what: what)
        var digits = Substring(text)
        var factor: UInt64 = 1
        switch digits.last {
        case "k", "K":
            factor = 1_000
            digits.removeLast()
        case "M":
            factor = 1_000_000
            digits.removeLast()
        case "G":
            factor = 1_000_000_000
            digits.removeLast()
        default: break
        }
        guard let value = UInt64(digits), value > 0, value <= UInt64.max / factor else {
            throw error("\(what) must be a positive integer, optionally with k, M or G, not '\(text)'", node)
        }
        return value * factor
    }

    func boolean(_ node: Node, what: String) throws(PolicyFileError) -> Bool {
        switch try scalar(node, what: what) {
        case "true", "True", "TRUE", "yes", "on": return true
        case "false", "False", "FALSE", "no", "off": return false
        case let text: throw error("\(what) must be true or false, not '\(text)'", node)
        }
    }

    func address(_ node: Node, what: String) throws(PolicyFileError) -> IPAddress {
        let text = try scalar(node, what: what)
        if let v4 = PolicyNodeReader.dottedQuad(text) { return .v4(v4) }
        guard let address = IPAddress(text) else {
            throw error("\(what) '\(text)' is not an IPv4 or IPv6 address", node)
        }
        return address
    }

    func prefix(_ node: Node, what: String) throws(PolicyFileError) -> IPPrefix {
        let text = try scalar(node, what: what)
        if let prefix = PolicyNodeReader.dottedQuadPrefix(text) { return prefix }
        do {
            return try IPPrefix.parse(text, strict: true)
        } catch {
            throw self.error("bad prefix in \(what): \(error.description)", node)
        }
    }

    func portRange(_ node: Node, what: String) throws(PolicyFileError) -> PortRange {
        let text = try scalar(node, what: what)
        if !text.isEmpty, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let port = UInt16(text)
        {
            return PortRange(port)
        }  // the common case: a single port in digits
        if let (low, high) = PolicyNodeReader.digitRange(text), low <= high { return PortRange(low, high) }
        let parts = text.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard let low = UInt16(parts[0].trimmingSpaces) else {
            throw error("\(what) '\(text)' is not a port (0-65535) or a range like 8000-8080", node)
        }
        guard parts.count == 2 else { return PortRange(low) }
        guard let high = UInt16(parts[1].trimmingSpaces) else {
            throw error("\(what) '\(text)' is not a port (0-65535) or a range like 8000-8080", node)
        }
        guard low <= high else { throw error("port range '\(text)' is out of order (\(low) > \(high))", node) }
        return PortRange(low, high)
    }

    func protocolNumber(_ node: Node) throws(PolicyFileError) -> UInt8 {
        let text = try scalar(node, what: "proto")
        if let number = IPProtocolNumber.names[text.lowercased()] { return number }
        guard let number = UInt8(text) else {
            let known = IPProtocolNumber.names.keys.sorted().joined(separator: ", ")
            throw error("unknown protocol '\(text)' (use a number 0-255 or one of \(known))", node)
        }
        return number
    }

    func vlanIDs(_ node: Node) throws(PolicyFileError) -> [UInt16] {
        let text = try scalar(node, what: "vlan")
        if let (low, high) = PolicyNodeReader.digitRange(text), low >= 1, high <= 4094, low <= high {
            return Array(low...high)  // the common case, `N` or `N-M` in plain digits
        }
        let parts = text.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        let bounds = parts.map { UInt16($0.trimmingSpaces) }
        guard bounds.allSatisfy({ $0 != nil && (1...4094).contains($0!) }) else {
            throw error("vlan '\(text)' must be a VLAN ID from 1 to 4094 or a range like 100-199", node)
        }
        let low = bounds[0]!
        let high = bounds.last!!
        guard low <= high else { throw error("vlan range '\(text)' is out of order (\(low) > \(high))", node) }
        return Array(low...high)
    }

    func mac(_ node: Node) throws(PolicyFileError) -> MACAddress {
        let text = try scalar(node, what: "mac")
        guard let mac = PolicyNodeReader.colonSeparatedMAC(text) ?? MACAddress(text) else {
            throw error("mac '\(text)' is not a MAC address like 02:00:0a:01:00:05", node)
        }
        return mac
    }

    /// A fast path for the common case, plain `a.b.c.d` without leading zeros; `nil`
    /// sends the text to `IPAddress`'s parser (which also rejects what this rejects).
    static func dottedQuad(_ text: some StringProtocol) -> IPv4Address? {
        var value: UInt32 = 0
        var octet: UInt32 = 0
        var digits = 0
        var dots = 0
        var leadingZero = false
        for byte in text.utf8 {
            if byte == UInt8(ascii: ".") {
                guard digits > 0, dots < 3 else { return nil }
                value = value << 8 | octet
                octet = 0
                digits = 0
                dots += 1
            } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                if digits == 0 { leadingZero = byte == UInt8(ascii: "0") } else if leadingZero { return nil }
                octet = octet * 10 + UInt32(byte - UInt8(ascii: "0"))
                digits += 1
                guard digits <= 3, octet <= 255 else { return nil }
            } else {
                return nil
            }
        }
        guard dots == 3, digits > 0 else { return nil }
        return IPv4Address(rawValue: value << 8 | octet)
    }

    /// A fast path for `a.b.c.d` and `a.b.c.d/N` (N of one or two digits, no host bits set);
    /// `nil` sends the text to `IPPrefix.parse` (which accepts all this accepts, and gives the errors).
    static func dottedQuadPrefix(_ text: String) -> IPPrefix? {
        let utf8 = text.utf8
        guard let slash = utf8.firstIndex(of: UInt8(ascii: "/")) else {
            return dottedQuad(text).map { IPPrefix(address: .v4($0), length: 32) }
        }
        guard let address = dottedQuad(text[..<slash]) else { return nil }
        let digits = utf8[utf8.index(after: slash)...]
        guard (1...2).contains(digits.count),
            digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
        else { return nil }
        let length = digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        guard length <= 32, address.rawValue & ~IPPrefix.mask32(length) == 0 else { return nil }
        return IPPrefix(address: .v4(address), length: length)
    }

    /// A fast path for `N` and `N-M` in plain digits (each at most 65535): the bounds, or
    /// `nil` to send the text to the general path (which accepts all this accepts).
    static func digitRange(_ text: String) -> (UInt16, UInt16)? {
        var low = 0
        var value = 0
        var digits = 0
        var sawDash = false
        for byte in text.utf8 {
            if byte == UInt8(ascii: "-") {
                guard !sawDash, digits > 0 else { return nil }
                sawDash = true
                low = value
                value = 0
                digits = 0
            } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
                digits += 1
                guard value <= 65535 else { return nil }
            } else {
                return nil
            }
        }
        guard digits > 0 else { return nil }
        return sawDash ? (UInt16(low), UInt16(value)) : (UInt16(value), UInt16(value))
    }

    /// A fast path for `aa:bb:cc:dd:ee:ff` (hex digits of either case); `nil` sends the text
    /// to `MACAddress`'s parser (which accepts all this accepts).
    static func colonSeparatedMAC(_ text: String) -> MACAddress? {
        var value: UInt64 = 0
        var position = 0
        for byte in text.utf8 {
            if position % 3 == 2 {
                guard byte == UInt8(ascii: ":") else { return nil }
            } else {
                let nibble: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = byte - UInt8(ascii: "A") + 10
                default: return nil
                }
                value = value << 4 | UInt64(nibble)
            }
            position += 1
            guard position <= 17 else { return nil }
        }
        return position == 17 ? MACAddress(rawValue: value) : nil
    }

    /// The candidate in `names` with the smallest edit distance (at most 2) to `text`.
    static func closest(to text: String, in names: [String]) -> String? {
        func distance(_ a: [Character], _ b: [Character]) -> Int {
            var row = Array(0...b.count)
            for i in 1...max(a.count, 1) where !a.isEmpty {
                var previous = row[0]
                row[0] = i
                for j in stride(from: 1, through: b.count, by: 1) {
                    let current = row[j]
                    row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                    previous = current
                }
            }
            return a.isEmpty ? b.count : row[b.count]
        }
        let scored = names.map { ($0, distance(Array(text), Array($0))) }.filter { $0.1 <= 2 }
        return scored.min { $0.1 < $1.1 }?.0
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        var s = self
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return s
    }
}

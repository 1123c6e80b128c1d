import FlatYAML
import Foundation
import NetworkTypes
import TapVocabulary

/// Reads a policy from YAML (see Docs/Policy.md for the language).
///
/// Every problem is a `PolicyFileError` naming the file, line and column of the
/// offending key or value; parsing stops at the first one. Warnings (shadowed
/// rules and the like) are `PolicyWarnings`' business, not the parser's.
public struct PolicyParser: Sendable {
    /// The name used in locations.
    public var file: String

    public init(file: String = "<policy>") { self.file = file }

    /// Bounds for policy and VM map text: 32 MiB, 32 levels of nesting (a policy needs 5),
    /// 4 million nodes with aliases expanded (a 10,000-rule policy has 113,000).
    static let yamlLimits = YAMLDocument.Limits(
        maximumBytes: 32 << 20, maximumDepth: 32, maximumExpandedNodes: 4_000_000)

    /// Reads and parses the file at `path`. Bytes that are not UTF-8 are a located error.
    public static func load(path: String) throws(PolicyFileError) -> TapPolicy {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw PolicyFileError("cannot read policy file '\(path)': \((error as NSError).localizedDescription)", at: nil)
        }
        let parser = PolicyParser(file: path)
        return try parser.parse(parser.document { () throws(YAMLDocumentError) in
            try YAMLDocument(parsing: data.bytes, limits: Self.yamlLimits)
        })
    }

    /// Parses a whole policy document.
    public func parse(_ yaml: String) throws(PolicyFileError) -> TapPolicy {
        try parse(document { () throws(YAMLDocumentError) in try YAMLDocument(parsing: yaml, limits: Self.yamlLimits) })
    }

    private func parse(_ document: YAMLDocument) throws(PolicyFileError) -> TapPolicy {
        guard let root = document.root else {
            throw PolicyFileError("the policy is empty", at: SourceLocation(file: file, line: 1, column: 1))
        }
        let reader = PolicyNodeReader(file: file, document: document)
        let top = try reader.mapping(root, what: "the policy")
        try reader.rejectUnknownKeys(top, allowed: ["destinations", "rules", "default"], in: "the policy")

        var destinations: [TunnelDestination] = []
        if let node = reader.value(top, "destinations"), !reader.isNull(node) {
            for (key, value) in try reader.mapping(node, what: "destinations") {
                let name = try reader.name(key, what: "destination name")
                guard destinations.count < DestinationSet.capacity else {
                    throw reader.error("too many destinations (at most \(DestinationSet.capacity))", key)
                }
                destinations.append(try reader.destination(named: name, value, at: key))
            }
        }
        let names = destinations.map(\.name)  // unique: YAML keys of one mapping

        var rules: [PolicyRule] = []
        var ruleNames: [String: Int] = [:]  // name → index in `rules`
        if let node = reader.value(top, "rules"), !reader.isNull(node) {
            guard let sequence = reader.sequence(node) else { throw reader.error("'rules' must be a list of rules", node) }
            rules.reserveCapacity(sequence.count)
            ruleNames.reserveCapacity(sequence.count)
            for element in sequence {
                let rule = try reader.rule(element, number: rules.count + 1, destinations: names)
                if let previous = ruleNames.updateValue(rules.count, forKey: rule.name) {
                    let line = rules[previous].location?.line ?? 0
                    throw reader.error("duplicate rule name '\(rule.name)' (first used at line \(line))",
                                       reader.value(try reader.mapping(element, what: "a rule"), "name") ?? element)
                }
                rules.append(rule)
            }
        }

        var defaultAction = RuleAction.ignore
        if let node = reader.value(top, "default") {
            defaultAction = try reader.defaultAction(node, destinations: names)
        }
        return TapPolicy(destinations: destinations, rules: rules, defaultAction: defaultAction, file: file)
    }

    /// Reads YAML with `read`, turning its errors into located policy errors.
    func document(_ read: () throws(YAMLDocumentError) -> YAMLDocument) throws(PolicyFileError) -> YAMLDocument {
        do {
            return try read()
        } catch {
            let location = SourceLocation(file: file, line: error.line, column: error.column)
            switch error.kind {
            case .invalidText: throw PolicyFileError("not valid YAML text: \(error.message)", at: location)
            case .duplicateKey: throw PolicyFileError(error.message, at: location)
            case .syntax, .limit: throw PolicyFileError("not valid YAML: \(error.message)", at: location)
            }
        }
    }
}

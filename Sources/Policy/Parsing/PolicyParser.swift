import Foundation
import NetworkTypes
import Yams

/// Reads a policy from YAML (see Docs/Policy.md for the language).
///
/// Every problem is a `PolicyFileError` naming the file, line and column of the
/// offending key or value; parsing stops at the first one. Warnings (shadowed
/// rules and the like) are `PolicyWarnings`' business, not the parser's.
public struct PolicyParser: Sendable {
    /// The name used in locations.
    public var file: String

    public init(file: String = "<policy>") { self.file = file }

    /// Reads and parses the file at `path`.
    public static func load(path: String) throws(PolicyFileError) -> Policy {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw PolicyFileError("cannot read policy file '\(path)': \((error as NSError).localizedDescription)", at: nil)
        }
        return try PolicyParser(file: path).parse(text)
    }

    /// Parses a whole policy document.
    public func parse(_ yaml: String) throws(PolicyFileError) -> Policy {
        let root = try compose(yaml)
        let reader = PolicyNodeReader(file: file)
        let top = try reader.mapping(root, what: "the policy")
        try reader.rejectUnknownKeys(top, allowed: ["destinations", "rules", "default"], in: "the policy")

        var destinations: [Destination] = []
        if let node = reader.value(top, "destinations"), !reader.isNull(node) {
            for (key, value) in try reader.mapping(node, what: "destinations") {
                let name = try reader.name(key, what: "destination name")
                guard destinations.count < DestinationSet.capacity else {
                    throw reader.error("too many destinations (at most \(DestinationSet.capacity))", key)
                }
                destinations.append(try reader.destination(named: name, value, at: key))
            }
        }
        let names = Dictionary(destinations.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })

        var rules: [PolicyRule] = []
        var ruleNames: [String: SourceLocation] = [:]
        if let node = reader.value(top, "rules"), !reader.isNull(node) {
            guard let sequence = node.sequence else { throw reader.error("'rules' must be a list of rules", node) }
            for element in sequence {
                let rule = try reader.rule(element, number: rules.count + 1, destinations: names)
                if let previous = ruleNames[rule.name] {
                    throw reader.error("duplicate rule name '\(rule.name)' (first used at line \(previous.line))",
                                       reader.value(try reader.mapping(element, what: "a rule"), "name") ?? element)
                }
                ruleNames[rule.name] = rule.location
                rules.append(rule)
            }
        }

        var defaultAction = RuleAction.ignore
        if let node = reader.value(top, "default") {
            defaultAction = try reader.defaultAction(node, destinations: names)
        }
        return Policy(destinations: destinations, rules: rules, defaultAction: defaultAction, file: file)
    }

    /// Runs the YAML composer and turns its errors into located ones.
    private func compose(_ yaml: String) throws(PolicyFileError) -> Node {
        let node: Node?
        do {
            node = try Yams.compose(yaml: yaml, Resolver.basic)  // scalars are read from their text; no tag regexes
        } catch let error as YamlError {
            throw translate(error)
        } catch {
            throw PolicyFileError("not valid YAML: \(error)", at: SourceLocation(file: file, line: 1, column: 1))
        }
        guard let node else {
            throw PolicyFileError("the policy is empty", at: SourceLocation(file: file, line: 1, column: 1))
        }
        return node
    }

    private func translate(_ error: YamlError) -> PolicyFileError {
        func at(_ mark: Mark) -> SourceLocation { SourceLocation(file: file, line: mark.line, column: mark.column) }
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let prefix = context.map { "\($0.text), " } ?? ""
            return PolicyFileError("not valid YAML: \(prefix)\(problem)", at: at(mark))
        case .duplicatedKeysInMapping(let duplicates, let context):
            let list = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return PolicyFileError("duplicate key \(list): defined here and again later in the same mapping", at: at(context.mark))
        case .reader(let problem, _, _, _):
            return PolicyFileError("not valid YAML text: \(problem)", at: SourceLocation(file: file, line: 1, column: 1))
        default:
            return PolicyFileError("not valid YAML: \(error)", at: SourceLocation(file: file, line: 1, column: 1))
        }
    }
}

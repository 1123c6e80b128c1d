import FlatYAML
import Foundation
import NetworkTypes
import TapVocabulary

/// Reads a policy from YAML (see Docs/Policy.md for the language).
///
/// Every problem is a `PolicyFileError` naming the file, line and column of the
/// offending key or value; `load` and `parse` stop at the first one, `errors`
/// lists every one it can find (every destination, rule and default error once
/// the YAML document itself is read). Warnings (shadowed rules and the like)
/// are `PolicyWarnings`' business, not the parser's.
public struct PolicyParser: Sendable {
    /// The name used in locations.
    public var file: String

    /// A parser naming `file` in the locations it reports.
    public init(file: String = "<policy>") { self.file = file }

    /// Bounds for policy and VM map text: 32 MiB, 32 levels of nesting (a policy needs 5),
    /// 4 million nodes with aliases expanded (a 10,000-rule policy has 113,000).
    static let yamlLimits = YAMLDocument.Limits(
        maximumBytes: 32 << 20,
        maximumDepth: 32,
        maximumExpandedNodes: 4_000_000
    )

    /// Reads and parses the file at `path`. Bytes that are not UTF-8 are a located error.
    public static func load(path: String) throws(PolicyFileError) -> TapPolicy {
        let data = try read(path: path)
        let parser = PolicyParser(file: path)
        return try parser.parse(
            parser.document { () throws(YAMLDocumentError) in
                try YAMLDocument(parsing: data.bytes, limits: Self.yamlLimits)
            }
        )
    }

    /// The bytes of the file at `path`; a directory or unreadable file is a one-line error.
    private static func read(path: String) throws(PolicyFileError) -> Data {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw PolicyFileError("cannot read policy file '\(path)': it is a directory", at: nil)
        }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw PolicyFileError(
                "cannot read policy file '\(path)': \((error as NSError).localizedDescription)",
                at: nil
            )
        }
    }

    /// Parses a whole policy document.
    public func parse(_ yaml: String) throws(PolicyFileError) -> TapPolicy {
        try parse(document { () throws(YAMLDocumentError) in try YAMLDocument(parsing: yaml, limits: Self.yamlLimits) })
    }

    /// Every error in the file at `path`, in file order, like a compiler: an
    /// unreadable file or broken YAML gives one; past that, each destination,
    /// rule and the default are checked on their own, so one bad rule does not
    /// hide the next. Empty when the policy is valid.
    public static func errors(path: String) -> [PolicyFileError] {
        let parser = PolicyParser(file: path)
        var errors: [PolicyFileError]? = []
        do {
            let data = try read(path: path)
            let document = try parser.document { () throws(YAMLDocumentError) in
                try YAMLDocument(parsing: data.bytes, limits: Self.yamlLimits)
            }
            _ = try parser.parse(document, collecting: &errors)
        } catch {
            errors?.append(error)
        }
        return errors ?? []
    }

    private func parse(_ document: YAMLDocument) throws(PolicyFileError) -> TapPolicy {
        var errors: [PolicyFileError]? = nil
        return try parse(document, collecting: &errors)
    }

    /// Parses `document`. With `errors` non-nil, an error in one destination,
    /// rule or the default is appended there and parsing goes on (a policy is
    /// still returned, without the parts in error); with nil, the first throws.
    private func parse(
        _ document: YAMLDocument,
        collecting errors: inout [PolicyFileError]?
    ) throws(PolicyFileError)
        -> TapPolicy
    {
        guard let root = document.root else {
            throw PolicyFileError("the policy is empty", at: SourceLocation(file: file, line: 1, column: 1))
        }
        let reader = PolicyNodeReader(file: file, document: document)
        let top = try reader.mapping(root, what: "the policy")
        try reader.rejectUnknownKeys(top, allowed: ["destinations", "rules", "default"], in: "the policy")

        var destinations: [TunnelDestination] = []
        var definedNames: [String] = []
        if let node = reader.value(top, "destinations"), !reader.isNull(node) {
            for (key, value) in try reader.mapping(node, what: "destinations") {
                do throws(PolicyFileError) {
                    let name = try reader.name(key, what: "destination name")
                    // A destination in error keeps its name, so rules sending to it are not errors too.
                    definedNames.append(name)
                    guard definedNames.count <= DestinationSet.capacity else {
                        throw reader.error("too many destinations (at most \(DestinationSet.capacity))", key)
                    }
                    destinations.append(try reader.destination(named: name, value, at: key))
                } catch {
                    guard errors != nil else { throw error }
                    errors?.append(error)
                }
            }
        }
        let names = errors == nil ? destinations.map(\.name) : definedNames  // unique: YAML keys of one mapping

        var rules: [PolicyRule] = []
        var ruleNames: [String: Int] = [:]  // name → index in `rules`
        if let node = reader.value(top, "rules"), !reader.isNull(node) {
            guard let sequence = reader.sequence(node) else {
                throw reader.error("'rules' must be a list of rules", node)
            }
            rules.reserveCapacity(sequence.count)
            ruleNames.reserveCapacity(sequence.count)
            for (number, element) in sequence.enumerated() {
                do throws(PolicyFileError) {
                    let rule = try reader.rule(element, number: number + 1, destinations: names)
                    if let previous = ruleNames.updateValue(rules.count, forKey: rule.name) {
                        let line = rules[previous].location?.line ?? 0
                        throw reader.error(
                            "duplicate rule name '\(rule.name)' (first used at line \(line))",
                            reader.value(try reader.mapping(element, what: "a rule"), "name") ?? element
                        )
                    }
                    rules.append(rule)
                } catch {
                    guard errors != nil else { throw error }
                    errors?.append(error)
                }
            }
        }

        var defaultAction = RuleAction.ignore
        if let node = reader.value(top, "default") {
            do throws(PolicyFileError) { defaultAction = try reader.defaultAction(node, destinations: names) } catch {
                guard errors != nil else { throw error }
                errors?.append(error)
            }
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

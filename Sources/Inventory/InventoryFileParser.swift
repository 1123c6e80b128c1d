import FlatYAML

/// Parses an inventory file (YAML, or JSON, which is read as YAML) into a snapshot.
///
/// The format (every key optional except `name` and `mac`; unknown keys are errors,
/// so typos do not go unnoticed):
///
/// ```yaml
/// hosts:
///   - { name: host-a, cluster: rack1 }
/// networks:
///   - { name: prod, kind: bridge, bridge: br-prod, vlan: 10, host: host-a }
/// vms:
///   - name: vm-web
///     uuid: aaaaaaaa-0000-4000-8000-000000000001
///     host: host-a
///     state: running          # running | paused | shutoff | suspended | crashed | unknown
///     tags: [web, pci]
///     nics:
///       - { mac: "52:54:00:00:01:01", ips: [198.18.0.10], interface: vnet0, network: prod, vlan: 10 }
/// ```
///
/// The text is read by libyaml through `FlatYAML.YAMLDocument` (the reader policies use
/// too), so anchors and aliases work and a key twice in one mapping is an error.
///
/// Guarantees: never traps on any input. Every error is one ``InventoryFileError`` naming
/// the file, line and column: of libyaml's mark for text that is not YAML, of the
/// offending byte for text that is not UTF-8 or holds control characters, of the first
/// occurrence of a repeated key, and of the start of the key or value that does not fit
/// the format. Files larger than ``maximumSize`` bytes, lists and mappings nested deeper
/// than ``maximumDepth`` levels, and trees of more than 16 million nodes with every alias
/// expanded are errors too, found while reading without recursion.
public struct InventoryFileParser: Sendable {
    /// The largest file accepted, in bytes.
    public static let maximumSize = 16 << 20
    /// The deepest nesting of lists and mappings accepted, block or flow style (an
    /// inventory needs 6: the top level, `vms`, a VM, `nics`, a NIC, `ips`).
    public static let maximumDepth = 64

    static let yamlLimits = YAMLDocument.Limits(
        maximumBytes: maximumSize,
        maximumDepth: maximumDepth,
        maximumExpandedNodes: 16_000_000
    )

    /// The name used in error messages.
    public var path: String

    /// A parser naming `path` in its errors.
    public init(path: String) {
        self.path = path
    }

    /// Parses an inventory file's bytes (YAML, or JSON as a subset of it) into a snapshot.
    ///
    /// - Throws: ``InventoryFileError`` when the bytes exceed the limits, are not YAML, or hold a value that does not
    ///   fit the model (with the line and column where known).
    public func parse(_ bytes: [UInt8]) throws(InventoryFileError) -> InventorySnapshot {
        let document = try read(Self.startsLikeJSON(bytes) ? Self.replacingTabs(bytes) : bytes)
        guard let root = document.root else { return .empty }
        return try InventoryDocumentReader(path: path, document: document).snapshot(from: root)
    }

    /// Reads the YAML document, turning FlatYAML's errors into located inventory errors
    /// worded as `PolicyParser` words them.
    private func read(_ bytes: [UInt8]) throws(InventoryFileError) -> YAMLDocument {
        do throws(YAMLDocumentError) {
            return try YAMLDocument(parsing: bytes, limits: Self.yamlLimits)
        } catch {
            let reason =
                switch error.kind {
                case .invalidText: "not valid YAML/JSON text: \(error.message)"
                case .duplicateKey: error.message
                case .syntax, .limit: "not valid YAML/JSON: \(error.message)"
                }
            throw InventoryFileError(path: path, line: error.line, column: error.column, reason: reason)
        }
    }

    /// Whether the first byte that is not JSON whitespace opens an object or an array.
    private static func startsLikeJSON(_ bytes: [UInt8]) -> Bool {
        let first = bytes.first { byte in
            byte != UInt8(ascii: " ") && byte != UInt8(ascii: "\t") && byte != UInt8(ascii: "\n")
                && byte != UInt8(ascii: "\r")
        }
        return first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
    }

    /// JSON allows tabs as whitespace where YAML does not; raw tabs cannot occur inside
    /// JSON strings, so turning them into spaces keeps the meaning, and, one byte for
    /// one, every line and column of an error.
    private static func replacingTabs(_ bytes: [UInt8]) -> [UInt8] {
        bytes.map { $0 == UInt8(ascii: "\t") ? UInt8(ascii: " ") : $0 }
    }
}

import FlatYAML
import Foundation
import NetworkTypes

/// A fixed list of VMs, typically read from a `--vm-map` YAML file so that `vm`
/// and `tag` rules can be checked and explained without an inventory:
///
/// ```yaml
/// vms:
///   - { name: web-1, tags: [web, prod], macs: ["02:00:0a:01:00:0a"], addresses: [10.1.0.10] }
///   - { name: db-1, tags: [db], addresses: [10.1.1.10, "fd00::10:1:1:a"] }
/// ```
public struct StaticVMResolver: VMResolver {
    public var records: [VMRecord]

    public init(_ records: [VMRecord]) { self.records = records }

    public func virtualMachines() -> [VMRecord] { records }

    /// Reads a VM map file (errors carry file, line and column).
    public static func load(path: String) throws(PolicyFileError) -> StaticVMResolver {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw PolicyFileError("cannot read VM map '\(path)': \((error as NSError).localizedDescription)", at: nil)
        }
        return try parse(text, file: path)
    }

    /// Parses VM map YAML.
    public static func parse(_ yaml: String, file: String = "<vm-map>") throws(PolicyFileError) -> StaticVMResolver {
        let document = try PolicyParser(file: file).document { () throws(YAMLDocumentError) in
            try YAMLDocument(parsing: yaml, limits: PolicyParser.yamlLimits)
        }
        guard let root = document.root else { return StaticVMResolver([]) }
        let reader = PolicyNodeReader(file: file, document: document)
        let top = try reader.mapping(root, what: "the VM map")
        try reader.rejectUnknownKeys(top, allowed: ["vms"], in: "the VM map")
        guard let list = reader.value(top, "vms"), let sequence = reader.sequence(list) else {
            throw reader.error("the VM map needs 'vms:' with a list of VMs", root)
        }
        var records: [VMRecord] = []
        for node in sequence {
            let fields = try reader.mapping(node, what: "a VM")
            try reader.rejectUnknownKeys(fields, allowed: ["name", "tags", "macs", "addresses"], in: "a VM")
            guard let nameNode = reader.value(fields, "name") else { throw reader.error("a VM needs a 'name'", node) }
            var record = VMRecord(name: try reader.scalar(nameNode, what: "name"))
            if let tags = reader.value(fields, "tags") {
                for tag in try reader.elements(tags, what: "tags") { record.tags.insert(try reader.scalar(tag, what: "tag")) }
            }
            if let macs = reader.value(fields, "macs") {
                for mac in try reader.elements(macs, what: "macs") { record.macs.append(try reader.mac(mac)) }
            }
            if let addresses = reader.value(fields, "addresses") {
                for address in try reader.elements(addresses, what: "addresses") {
                    record.addresses.append(try reader.address(address, what: "address"))
                }
            }
            records.append(record)
        }
        return StaticVMResolver(records)
    }
}

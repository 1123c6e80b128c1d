import Foundation
import NetFlow

/// Loads a VM mapping (`--inventory file:PATH` or `PATH`): JSON of the shape
/// `{"vms": [{"name": "web-1", "uuid": "…", "addresses": ["10.1.0.5"],
/// "macs": ["02:00:0a:01:00:05"], "interfaceIndexes": [3]}]}`.
enum VMMappingFile {
    static func load(_ source: String) throws -> VMIdentityTable {
        var path = source
        if path.hasPrefix("file:") { path = String(path.dropFirst(5)) }
        guard !source.contains(":") || source.hasPrefix("file:") || FileManager.default.fileExists(atPath: source) else {
            throw CommandFailure("inventory source '\(source)' is not supported here: use file:PATH (JSON)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure("cannot read inventory file \(path)")
        }
        do {
            return try JSONDecoder().decode(VMIdentityTable.self, from: data)
        } catch {
            throw CommandFailure("\(path): not a VM mapping: \(error)")
        }
    }
}

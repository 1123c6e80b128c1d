import Foundation

/// A static estate described in a YAML or JSON file (see ``InventoryFileParser`` for
/// the format). The file is read again on every snapshot, so editing it is a change.
public struct InventoryFileSource: InventorySource {
    /// The file's path, read again on every snapshot.
    public let path: String

    /// A source reading the file at `path`; nothing is read until ``snapshot()``.
    public init(path: String) {
        self.path = path
    }

    /// `file:` followed by the path.
    public var name: String { "file:" + path }

    /// Throws ``InventoryFileError`` (with line and column where known).
    public func snapshot() async throws -> InventorySnapshot {
        let data: Data
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw InventoryFileError(path: path, reason: "cannot read: it is a directory, not an inventory file")
        }
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw InventoryFileError(path: path, reason: "cannot read: \((error as NSError).localizedDescription)")
        }
        return try InventoryFileParser(path: path).parse(Array(data))
    }
}

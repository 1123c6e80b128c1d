import Foundation

/// The agent's files: its credential (mode 0600) and the last good bundle, split into the
/// policy and inventory files the tap reads, so a restart without the console still taps.
///
/// Files are written to a temporary name and renamed, so a reader sees the old or the new
/// file, never half of one.
public struct AgentStateDirectory: Sendable {
    /// The directory holding the agent's files.
    public let path: String
    /// The agent's id and secret (`credential.json`, mode 0600).
    public var credentialPath: String { path + "/credential.json" }
    /// The last bundle applied, as JSON with sorted keys (`bundle.json`, mode 0600).
    public var bundlePath: String { path + "/bundle.json" }
    /// The policy the tap runs (`--policy`).
    public var policyPath: String { path + "/policy.yaml" }
    /// The inventory slice the tap reads (`--inventory file:…`).
    public var inventoryPath: String { path + "/inventory.json" }

    /// The policy written when the console has none yet: no destinations, tap nothing.
    public static let emptyPolicy = "# no policy in the console yet: nothing is tapped\ndefault: ignore\n"

    /// Uses the directory at `path`, creating it (mode 0700, with missing parents) when needed.
    ///
    /// - Throws: the file system's error when the directory cannot be created.
    public init(path: String) throws {
        self.path = path
        try FileManager.default.createDirectory(
            atPath: path,
            withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700]
        )
    }

    /// The saved credential; `nil` when there is no credential file.
    ///
    /// - Throws: a `DecodingError` when the file is not a credential.
    public func loadCredential() throws -> AgentCredential? {
        guard let data = FileManager.default.contents(atPath: credentialPath) else { return nil }
        return try JSONDecoder().decode(AgentCredential.self, from: data)
    }

    /// Writes `credential` (mode 0600) through a temporary file and a rename.
    ///
    /// - Throws: the file system's error, or ``ConsoleClientError`` when the rename fails.
    public func save(_ credential: AgentCredential) throws {
        try write(try JSONEncoder().encode(credential), to: credentialPath, mode: 0o600)
    }

    /// The last bundle saved; `nil` when there is none.
    ///
    /// - Throws: a `DecodingError` when the file is not a bundle.
    public func loadBundle() throws -> ConfigBundle? {
        guard let data = FileManager.default.contents(atPath: bundlePath) else { return nil }
        return try JSONDecoder().decode(ConfigBundle.self, from: data)
    }

    /// Writes the policy and inventory first, then the bundle (the record of what was applied).
    public func save(_ bundle: ConfigBundle) throws {
        try write(Data((bundle.policy ?? Self.emptyPolicy).utf8), to: policyPath, mode: 0o600)
        try write(Data(bundle.inventory.utf8), to: inventoryPath, mode: 0o600)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try write(try encoder.encode(bundle), to: bundlePath, mode: 0o600)
    }

    private func write(_ data: Data, to file: String, mode: Int) throws {
        let temporary = file + ".tmp"
        _ = FileManager.default.createFile(atPath: temporary, contents: nil, attributes: [.posixPermissions: mode])
        try data.write(to: URL(fileURLWithPath: temporary))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: temporary)
        if rename(temporary, file) != 0 {
            throw ConsoleClientError("cannot rename \(temporary) to \(file): errno \(errno)")
        }
    }
}

import Glibc
import Sockets

/// The last sequence number seen per source tunnel, kept in a small text file next to a receiver's
/// output (one `NUMBER<TAB>SOURCE` line per source), so that a restarted receiver counts the numbers
/// it missed while it was down as lost.
///
/// The file is replaced atomically (written beside, then renamed), so a receiver killed while
/// saving leaves the previous state, never a partial one.
public struct SequenceStateFile: Sendable {
    /// Where the state is kept.
    public let path: String

    /// State kept at `path` (nothing is read or written yet).
    public init(path: String) { self.path = path }

    /// The saved numbers by source name (`TunnelSource.description`); empty when the file does not
    /// exist. Lines that do not parse are skipped.
    public func load() -> [String: UInt32] {
        let descriptor = unsafe open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return [:] }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 << 10)
        while bytes.count < 4 << 20 {
            let outcome = unsafe chunk.withUnsafeMutableBytes { raw in
                valueOrErrno { unsafe read(descriptor, raw.baseAddress, raw.count) }
            }
            guard case .success(let count) = outcome, count > 0 else { break }
            bytes += chunk[0..<count]
        }
        var state: [String: UInt32] = [:]
        for line in bytes.split(separator: UInt8(ascii: "\n")) {
            guard let tab = line.firstIndex(of: UInt8(ascii: "\t")),
                let number = UInt32(String(decoding: line[line.startIndex..<tab], as: UTF8.self))
            else { continue }
            let name = String(decoding: line[(tab + 1)...], as: UTF8.self)
            if !name.isEmpty { state[name] = number }
        }
        return state
    }

    /// Replaces the file with `state`. Returns false (and leaves the old file) when it cannot be written.
    @discardableResult
    public func save(_ state: [String: UInt32]) -> Bool {
        var text = ""
        for name in state.keys.sorted() where !name.contains("\n") { text += "\(state[name]!)\t\(name)\n" }
        let temporary = path + ".new"
        let descriptor = unsafe open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return false }
        let bytes = Array(text.utf8)
        var done = 0
        while done < bytes.count {
            let outcome = unsafe bytes.withUnsafeBytes { raw in
                valueOrErrno { unsafe write(descriptor, raw.baseAddress! + done, raw.count - done) }
            }
            guard case .success(let written) = outcome, written > 0 else { break }
            done += written
        }
        close(descriptor)
        guard done == bytes.count else {
            unsafe unlink(temporary)
            return false
        }
        return unsafe rename(temporary, path) == 0
    }
}

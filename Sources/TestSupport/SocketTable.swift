import Foundation

/// The kernel's socket table as `ss` prints it, read to wait for a peer to bind its socket or to
/// read everything queued on it, instead of sleeping for a guessed time.
public enum SocketTable {
    /// Which sockets to list; the raw value is `ss`'s option for them.
    public enum Kind: String, Sendable {
        /// UDP sockets.
        case udp = "-u"
        /// TCP sockets.
        case tcp = "-t"
        /// Raw IP sockets; the "port" is the IP protocol number (47 for GRE).
        case raw = "-w"
    }

    /// The receive-queue lengths (bytes) of the sockets of `kind` bound to `local`
    /// ("198.18.0.2:47", "127.0.0.1:9995"), in network namespace `namespace` (nil: the test's own).
    /// Empty when no such socket exists. A failing `ss` throws.
    public static func receiveQueues(_ kind: Kind, local: String, namespace: String? = nil) throws -> [Int] {
        var arguments = ["-H", "-n", "-a", kind.rawValue]
        if let namespace { arguments = ["-N", namespace] + arguments }
        let result = try ExternalTool.run("/usr/bin/ss", arguments)
        guard result.status == 0 else {
            throw ToolMissing(description: "ss \(arguments.joined(separator: " ")): \(result.standardError)")
        }
        // State Recv-Q Send-Q Local Peer
        return result.standardOutput.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 5, fields[3] == local else { return nil }
            return Int(fields[1])
        }
    }

    /// Waits until a socket of `kind` is bound to `local` in `namespace`.
    public static func waitUntilBound(
        _ kind: Kind,
        local: String,
        namespace: String? = nil,
        timeout: Double = 20
    ) throws {
        try Poll.until("a \(kind) socket bound to \(local)\(namespace.map { " in \($0)" } ?? "")", timeout: timeout) {
            try !receiveQueues(kind, local: local, namespace: namespace).isEmpty
        }
    }

    /// Waits until the sockets of `kind` bound to `local` exist and hold nothing unread: their
    /// owner has read every datagram that reached them.
    public static func waitUntilDrained(
        _ kind: Kind,
        local: String,
        namespace: String? = nil,
        timeout: Double = 20
    ) throws {
        try Poll.until("the \(kind) socket on \(local) to be read empty", timeout: timeout) {
            let queues = try receiveQueues(kind, local: local, namespace: namespace)
            return !queues.isEmpty && queues.allSatisfy { $0 == 0 }
        }
    }
}

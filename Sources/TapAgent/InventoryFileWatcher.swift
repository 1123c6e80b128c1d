import Foundation
import Glibc

/// Watches inventory files with inotify (on their folders, so an atomic rename over the file
/// counts) and calls `changed` as soon as one is written, moved in or deleted: the agent then
/// reads the inventory at once instead of at the next poll. Polling stays the fallback.
final class InventoryFileWatcher: @unchecked Sendable {
    private let descriptor: Int32
    private let fileNames: Set<String>

    /// Returns nil when inotify is not available (the agent then relies on polling).
    init?(paths: [String]) {
        let descriptor = inotify_init1(Int32(IN_CLOEXEC))
        guard descriptor >= 0, !paths.isEmpty else { return nil }
        self.descriptor = descriptor
        fileNames = Set(paths.map { URL(fileURLWithPath: $0).lastPathComponent })
        let mask = UInt32(IN_CLOSE_WRITE) | UInt32(IN_MOVED_TO) | UInt32(IN_CREATE) | UInt32(IN_DELETE)
        for folder in Set(paths.map { URL(fileURLWithPath: $0).deletingLastPathComponent().path }) {
            _ = inotify_add_watch(descriptor, folder, mask)
        }
    }

    /// Reads events on a thread of its own until `isStopped` returns true (checked every 100 ms).
    func start(isStopped: @escaping @Sendable () -> Bool, changed: @escaping @Sendable () -> Void) {
        let thread = Thread { [self] in
            var buffer = [UInt8](repeating: 0, count: 4096)
            while !isStopped() {
                var descriptors = [pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)]
                guard unsafe poll(&descriptors, 1, 100) > 0 else { continue }
                let count = unsafe buffer.withUnsafeMutableBytes { unsafe read(descriptor, $0.baseAddress, $0.count) }
                guard count > 0 else { continue }
                if matches(buffer, count: count) { changed() }
            }
            Glibc.close(descriptor)
        }
        thread.name = "virtualtap-inventory-watch"
        thread.start()
    }

    /// True when an event in `buffer` names one of the watched files.
    private func matches(_ buffer: [UInt8], count: Int) -> Bool {
        var offset = 0
        let header = MemoryLayout<inotify_event>.size
        while offset + header <= count {
            let length = Int(
                UInt32(buffer[offset + 12]) | UInt32(buffer[offset + 13]) << 8
                    | UInt32(buffer[offset + 14]) << 16 | UInt32(buffer[offset + 15]) << 24
            )
            let start = offset + header
            let end = min(start + length, count)
            if length > 0, start < end {
                let nameBytes = buffer[start..<end].prefix { $0 != 0 }
                if fileNames.contains(String(decoding: nameBytes, as: UTF8.self)) { return true }
            }
            offset = start + length
        }
        return false
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether file I/O gets a background thread (`CaptureFileReader`'s
/// read-ahead, `FileByteSink`'s write-behind).
///
/// Only when the process may run on more than one CPU: on a single core a
/// second thread cannot overlap anything and only adds hand-over costs. The
/// CPUs counted are the ones the process is allowed on (`taskset`, cgroup
/// cpusets), read once from `/proc/self/status` on Linux.
enum BackgroundIO {
    static let isWorthwhile: Bool = usableCPUCount() > 1

    /// The number of CPUs this process may run on.
    static func usableCPUCount() -> Int {
        #if os(Linux)
        if let mask = allowedCPUMask() { return mask }
        #endif
        return max(sysconf(Int32(_SC_NPROCESSORS_ONLN)), 1)
    }

    #if os(Linux)
    /// Counts the bits of the `Cpus_allowed:` hex mask in `/proc/self/status`; nil when unreadable.
    private static func allowedCPUMask() -> Int? {
        let descriptor = unsafe open("/proc/self/status", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { _ = close(descriptor) }
        var text: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while text.count < 1 << 16 {
            let got = unsafe chunk.withUnsafeMutableBytes { unsafe read(descriptor, $0.baseAddress, $0.count) }
            if got <= 0 { break }
            text += chunk[0..<got]
        }
        let key = Array("Cpus_allowed:".utf8)
        var lineStart = 0
        while lineStart < text.count {
            let lineEnd = text[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? text.count
            let line = text[lineStart..<lineEnd]
            if line.starts(with: key) {
                var bits = 0
                for byte in line.dropFirst(key.count) {
                    switch byte {
                    case UInt8(ascii: "0")...UInt8(ascii: "9"): bits += Int(byte - UInt8(ascii: "0")).nonzeroBitCount
                    case UInt8(ascii: "a")...UInt8(ascii: "f"):
                        bits += Int(byte - UInt8(ascii: "a") + 10).nonzeroBitCount
                    default: break  // tab, commas between 32-bit groups
                    }
                }
                return bits > 0 ? bits : nil
            }
            lineStart = lineEnd + 1
        }
        return nil
    }
    #endif
}

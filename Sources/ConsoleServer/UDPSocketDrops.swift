import Foundation

/// The kernel's drop counter of the UDP sockets bound to a local port, from `/proc/net/udp`
/// and `/proc/net/udp6` (the last column, `drops`).
public enum UDPSocketDrops {
    /// The summed drops of the sockets on `port`; nil when neither file can be read.
    public static func read(port: Int) -> UInt64? {
        var total: UInt64 = 0
        var readAny = false
        let wanted = String(format: "%04X", port)
        for file in ["/proc/net/udp", "/proc/net/udp6"] {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { continue }
            readAny = true
            for line in text.split(separator: "\n").dropFirst() {
                let fields = line.split(separator: " ", omittingEmptySubsequences: true)
                guard fields.count >= 13, let local = fields.dropFirst().first, local.hasSuffix(":" + wanted),
                    let drops = UInt64(fields[fields.count - 1])
                else { continue }
                total += drops
            }
        }
        return readAny ? total : nil
    }
}

import Foundation
import TestSupport

/// Reads what the receivers wrote, with peers (tshark, nfdump), into comparable counts.
enum LabReadout {
    /// Every frame of `file` as `ip.src ip.dst udp.dstport payload-text` ("-" fields for non-UDP frames), via tshark.
    static func frames(in file: String) throws -> [String] {
        let result = try ExternalTool.run(
            "tshark",
            [
                "-r", file, "-n", "-T", "fields", "-E", "separator=|",
                "-e", "ip.src", "-e", "ip.dst", "-e", "udp.dstport", "-e", "udp.payload",
            ]
        )
        guard result.status == 0 else { throw LabFailure("tshark -r \(file): \(result.standardError)") }
        return result.standardOutput.split(separator: "\n").map { line in
            let fields = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            let payload = fields.count > 3 ? text(fromHex: fields[3]) : ""
            return payload.isEmpty ? "non-udp \(line)" : payload
        }
    }

    /// Occurrences of each datagram (by its `VTAG from to port seq ` prefix).
    static func payloadCounts(in file: String) throws -> (counts: [String: Int], other: [String]) {
        var counts: [String: Int] = [:]
        var other: [String] = []
        for frame in try frames(in: file) {
            if frame.hasPrefix("VTAG "), let prefix = prefixOfPayload(frame) {
                counts[prefix, default: 0] += 1
            } else {
                other.append(frame)
            }
        }
        return (counts, other)
    }

    static func prefixOfPayload(_ text: String) -> String? {
        let parts = text.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count >= 5 else { return nil }
        return parts[0..<5].joined(separator: " ") + " "
    }

    static func text(fromHex hex: String) -> String {
        let clean = hex.replacingOccurrences(of: ":", with: "")
        var bytes: [UInt8] = []
        var index = clean.startIndex
        while index < clean.endIndex, let next = clean.index(index, offsetBy: 2, limitedBy: clean.endIndex) {
            if let byte = UInt8(clean[index..<next], radix: 16) { bytes.append(byte) }
            index = next
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// UDP flows nfcapd stored in `directory`, aggregated per source, destination and destination port: packets.
    static func nfdumpUDPPackets(directory: String) throws -> [String: Int] {
        let result = try ExternalTool.run(
            "nfdump",
            ["-R", directory, "-q", "-A", "srcip,dstip,dstport", "-o", "fmt:%sa|%da|%dp|%pkt", "proto udp"]
        )
        guard result.status == 0 else { throw LabFailure("nfdump: \(result.standardOutput) \(result.standardError)") }
        var packets: [String: Int] = [:]
        for line in result.standardOutput.split(separator: "\n") {
            let fields = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count == 4, let count = Int(fields[3]) else { continue }
            packets["\(fields[0]) \(fields[1]) \(fields[2])", default: 0] += count
        }
        return packets
    }
}

import Foundation
import PacketCore

/// What `tapctl pcap stats` prints, as a table or (`Encodable`) as JSON.
///
/// JSON keys: `file`, `format`, `linkTypes`, `frames`, `bytes` (captured),
/// `wireBytes`, `firstTimestamp` / `lastTimestamp` (seconds since the epoch
/// as a string with nine decimals, absent for an empty file), `durationSeconds`,
/// `protocols` (one count per protocol name), `malformedFrames`
/// (`[{frame, reason}]`, frame numbers 1-based as in tshark), `unsupportedFrames`
/// (frames of a link type we do not decode) with `unsupportedLinkTypes`, `readError`
/// (absent when the whole file was read).
struct PcapStatsReport: Codable {
    struct MalformedFrame: Codable {
        var frame: Int
        var reason: String
    }

    var file: String
    var format: String
    var linkTypes: [String]
    var frames: Int
    var bytes: Int
    var wireBytes: Int
    var firstTimestamp: String?
    var lastTimestamp: String?
    var durationSeconds: Double
    var protocols: [String: Int]
    var malformedFrames: [MalformedFrame]
    var unsupportedFrames: Int
    var unsupportedLinkTypes: [String]
    var readError: String?

    init(file: String, reader: CaptureFileReader, statistics s: CaptureStatistics, readError: CaptureFileError?) {
        self.file = file
        format = reader.format.description
        var seen: [String] = []
        for interface in reader.interfaces where !seen.contains(interface.linkType.description) {
            seen.append(interface.linkType.description)
        }
        linkTypes = seen
        frames = s.frames
        bytes = s.bytes
        wireBytes = s.wireBytes
        firstTimestamp = s.firstTimestamp?.description
        lastTimestamp = s.lastTimestamp?.description
        durationSeconds = s.duration
        protocols = Dictionary(uniqueKeysWithValues: s.protocolCounts.map { ($0.name, $0.count) })
        malformedFrames = s.malformedFrames.map { MalformedFrame(frame: $0.frame, reason: $0.reason) }
        unsupportedFrames = s.unsupported
        unsupportedLinkTypes = s.unsupportedLinkTypes.map(\.description)
        self.readError = readError?.description
    }

    /// The human-readable form.
    var table: String {
        var lines: [String] = []
        lines.append("file:       \(file)")
        lines.append(
            "format:     \(format), link type \(linkTypes.isEmpty ? "unknown" : linkTypes.joined(separator: ", "))"
        )
        lines.append("frames:     \(frames)")
        lines.append("bytes:      \(bytes) captured, \(wireBytes) on the wire")
        if let firstTimestamp, let lastTimestamp {
            lines.append(
                "time span:  \(firstTimestamp) .. \(lastTimestamp) (\(String(format: "%.6f", durationSeconds)) s)"
            )
        }
        lines.append("protocols:")
        for name in CaptureStatistics.protocolNames {
            lines.append("  \(name.padding(toLength: 10, withPad: " ", startingAt: 0)) \(protocols[name] ?? 0)")
        }
        if unsupportedFrames > 0 {
            lines.append(
                "unsupported: \(unsupportedFrames) frames of link type \(unsupportedLinkTypes.joined(separator: ", ")) (not decoded)"
            )
        }
        if !malformedFrames.isEmpty {
            lines.append("first malformed frames:")
            for m in malformedFrames { lines.append("  frame \(m.frame): \(m.reason)") }
        }
        if let readError { lines.append("read stopped: \(readError)") }
        return lines.joined(separator: "\n")
    }
}

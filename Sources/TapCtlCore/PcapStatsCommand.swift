import ArgumentParser
import Foundation
import PacketCore

/// `tapctl pcap stats FILE [--json]`.
public struct PcapStatsCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Count frames, bytes and protocols in a capture file.",
        discussion: """
            Reads pcap, pcapng and their .gz forms. Reports frames, bytes, time span, link type,
            counts per protocol and the first malformed frames with their reason.

            Examples:
              tapctl pcap stats capture.pcapng
              tapctl pcap stats capture.pcap.gz --json
            """
    )

    @Argument(help: "The capture file (.pcap, .pcapng, optionally .gz).", completion: .file())
    public var file: String

    @Flag(help: "Print JSON instead of a table.")
    public var json = false

    public init() {}

    public func run() async throws {
        let reader: CaptureFileReader
        do { reader = try CaptureFileReader(path: file) } catch { throw CommandFailure(error.description) }
        var stats = CaptureStatistics()
        let decoder = PacketDecoder()
        var packet = DecodedPacket()
        var readError: CaptureFileError?
        while true {
            let record: CaptureRecord?
            do { record = try reader.next() } catch { readError = error; break }
            guard let record else { break }
            var wireError: WireError?
            reader.withCurrentFrame { frame in
                do throws(WireError) {
                    try decoder.decode(frame, linkType: record.linkType, wireLength: record.originalLength, into: &packet)
                } catch { wireError = error }
            }
            stats.add(record, packet, error: wireError)
        }
        let linkTypes = Set(reader.interfaces.map(\.linkType.description)).sorted()
        if json {
            let report = PcapStatsReport(file: file, format: reader.format.description, linkTypes: linkTypes,
                                         statistics: stats, readError: readError?.description)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            printTable(stats, format: reader.format.description, linkTypes: linkTypes)
            if let readError { print("read stopped: \(readError.description)") }
        }
        if let readError {
            throw CommandFailure("\(readError.description) (\(stats.frames) good frames before it were counted)")
        }
    }

    private func printTable(_ s: CaptureStatistics, format: String, linkTypes: [String]) {
        print("file:       \(file)")
        print("format:     \(format), link type \(linkTypes.joined(separator: ", "))")
        print("frames:     \(s.frames)")
        print("bytes:      \(s.bytes) captured, \(s.wireBytes) on the wire")
        if let first = s.firstTimestamp, let last = s.lastTimestamp {
            print("time span:  \(first) .. \(last) (\(String(format: "%.6f", s.duration)) s)")
        }
        print("protocols:")
        let rows: [(String, Int)] = [
            ("ethernet", s.ethernet), ("vlan", s.vlan), ("qinq", s.qinq), ("arp", s.arp), ("ipv4", s.ipv4),
            ("ipv6", s.ipv6), ("tcp", s.tcp), ("udp", s.udp), ("icmp", s.icmp), ("icmpv6", s.icmpv6),
            ("fragments", s.fragments), ("truncated", s.truncated), ("malformed", s.malformed),
        ]
        for (name, count) in rows { print("  \(name.padding(toLength: 10, withPad: " ", startingAt: 0)) \(count)") }
        if !s.malformedFrames.isEmpty {
            print("first malformed frames:")
            for m in s.malformedFrames { print("  frame \(m.frame): \(m.reason)") }
        }
    }
}

/// The JSON shape of `tapctl pcap stats --json`.
struct PcapStatsReport: Encodable {
    var file: String
    var format: String
    var linkTypes: [String]
    var statistics: CaptureStatistics
    var readError: String?
}

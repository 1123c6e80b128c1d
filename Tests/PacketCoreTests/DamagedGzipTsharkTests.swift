import Foundation
import PacketCore
import TestSupport
import Testing

/// Must show: a `.pcap.gz` / `.pcapng.gz` with a damaged byte gives every
/// record tshark reads before the damage, then an error with its place. The
/// damage is put at several places of the compressed stream: inside the first
/// 256 KiB of output (read without the background thread), in the middle and
/// near the end of a file read ahead in 2 MiB chunks.
@Suite(.serialized, .tags(.interop), .interopTier) struct DamagedGzipTsharkTests {
    struct Damage: CustomTestStringConvertible, Sendable {
        var format: String
        var packets: Int
        /// Where the flipped byte goes, as a fraction of the compressed file.
        var position: Double
        var testDescription: String { "\(format) \(packets) frames, damage at \(Int(position * 100)) %" }
    }

    static let damages = [
        Damage(format: "pcap", packets: 3_000, position: 0.05),
        Damage(format: "pcap", packets: 3_000, position: 0.5),
        Damage(format: "pcapng", packets: 3_000, position: 0.3),
        Damage(format: "pcap", packets: 60_000, position: 0.02),
        Damage(format: "pcap", packets: 60_000, position: 0.6),
        Damage(format: "pcapng", packets: 60_000, position: 0.9),
    ]

    /// Frames tshark prints before it stops at the damage.
    static func tsharkFrames(_ path: String) throws -> Int {
        let run = try ExternalTool.run("/usr/bin/tshark", ["-r", path, "-T", "fields", "-e", "frame.number"])
        return run.standardOutput.split(separator: "\n").count
    }

    @Test(arguments: damages)
    func everyRecordBeforeTheDamageIsDelivered(damage: Damage) throws {
        let directory = try ExternalTool.temporaryDirectory("vtpc-gzip")
        defer { try? FileManager.default.removeItem(at: directory) }
        let plain = try ExternalTool.generateCapture(
            in: directory,
            name: "capture.\(damage.format)",
            arguments: ["--packets", "\(damage.packets)", "--flows", "500", "--seed", "21", "--format", damage.format]
        )
        let gzip = try ExternalTool.run("gzip", ["-f", plain])
        #expect(gzip.status == 0)
        let path = plain + ".gz"
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let position = 20 + Int(Double(bytes.count - 40) * damage.position)
        bytes[position] ^= 0x55
        try Data(bytes).write(to: URL(fileURLWithPath: path))

        // A flipped bit inside a literal leaves the deflate structure whole: then every frame
        // decodes (one byte changed), tshark reads them all, and the error is the trailer's CRC.
        let expected = try Self.tsharkFrames(path)
        #expect(expected > 0, "tshark reads the frames before the damage")
        var ours = 0
        var failure: CaptureFileError?
        do {
            let reader = try CaptureFileReader(path: path)
            while try reader.next() != nil { ours += 1 }
        } catch let error as CaptureFileError {
            failure = error
        }
        #expect(ours == expected, "we read \(ours) frames, tshark \(expected)")
        let error = try #require(failure, "the damage must be reported")
        // pcap numbers records; pcapng numbers blocks (interface blocks too).
        #expect(damage.format == "pcap" ? error.recordNumber == ours + 1 : error.recordNumber > ours, "\(error)")
        #expect(error.offset > 0, "\(error)")
    }
}

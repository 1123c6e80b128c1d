import Foundation
import TestSupport
import Testing

/// `tapctl decap -C MB`: the frames are split over numbered files, each started once the one
/// before holds MB million bytes, and tshark reads the same frames from them as from one file.
@Suite(.tags(.interop), .interopTier) final class DecapRotationTests {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("vtgr-rotate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// tshark's frame lengths and IPv4 identifications, one line per frame.
    func frames(_ file: String) throws -> [String] {
        let result = try ExternalTool.run(
            "/usr/bin/tshark",
            ["-r", file, "-T", "fields", "-e", "frame.len", "-e", "ip.id"]
        )
        #expect(result.status == 0, "\(file): \(result.standardError)")
        return result.standardOutput.split(separator: "\n").map(String.init)
    }

    @Test func sizeRotationSplitsTheFramesOverNumberedFilesWithoutLosingAny() throws {
        let input = try ExternalTool.generateCapture(
            in: directory,
            name: "in.pcap",
            arguments: ["--packets", "6000", "--seed", "3"]
        )
        let encapsulated = path("encap.pcap")
        let encap = try ExternalTool.run(
            try ExternalTool.tapctl,
            [
                "encap", "--read", input, "--source", "198.18.0.1",
                "--write-encap", encapsulated, "--to", "gre:198.18.0.2,key=7,seq",
            ]
        )
        #expect(encap.status == 0, "\(encap.standardError)")
        let whole = path("whole.pcapng")
        let one = try ExternalTool.run(try ExternalTool.tapctl, ["decap", "--read", encapsulated, "--write", whole])
        #expect(one.status == 0, "\(one.standardError)")
        let rotated = try ExternalTool.run(
            try ExternalTool.tapctl,
            [
                "decap", "--read", encapsulated, "--write", path("part.pcapng"),
                "-C", "1", "--json",
            ]
        )
        #expect(rotated.status == 0, "\(rotated.standardError)")
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(rotated.standardOutput.utf8)) as? [String: Any]
        )
        let files = try #require(report["files"] as? [String])
        #expect(files.first == path("part.pcapng") && files.dropFirst().first == path("part-1.pcapng"))
        let wholeSize = try #require(try FileManager.default.attributesOfItem(atPath: whole)[.size] as? Int)
        #expect(files.count >= wholeSize / 1_000_000, "\(wholeSize) bytes in \(files.count) files")
        var split: [String] = []
        for (number, file) in files.enumerated() {
            split += try frames(file)
            let size = try #require(try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int)
            if number < files.count - 1 {
                #expect(size >= 1_000_000 && size < 1_000_000 + 70_000, "\(file): \(size) bytes")
            }
        }
        let reference = try frames(whole)
        #expect(!split.isEmpty && split == reference)
    }
}

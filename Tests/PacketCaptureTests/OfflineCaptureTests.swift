import Foundation
import PacketCapture
import PacketCore
import TestSupport
import Testing

/// libpcap reading a file and our `CaptureFileReader` reading the same file
/// deliver the same packets: timestamps, lengths and bytes.
@Suite struct OfflineCaptureTests {
    @Test(arguments: ["pcap", "pcapng"])
    func libpcapAndCaptureFileReaderAgree(format: String) throws {
        let directory = try ExternalTool.temporaryDirectory("vtfd-offline")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try ExternalTool.generateCapture(
            in: directory,
            name: "offline.\(format)",
            arguments: [
                "--packets", "2000", "--seed", "9", "--format", format, "--vlan-fraction", "0.2",
                "--ipv6-fraction", "0.3", "--malformed-fraction", "0.05",
            ]
        )
        let handle = try LibpcapHandle.openOffline(path: path, precision: .nanosecond)
        let (live, linkType, selectable) = (handle.isLive, handle.linkType, handle.selectableFileDescriptor)
        #expect(!live && linkType == .ethernet && selectable != nil)
        let reader = try CaptureFileReader(path: path)
        var mismatches = 0
        let (delivered, stop) = try handle.readPackets { packet, bytes in
            guard let record = try? reader.next() else {
                mismatches += 1
                return
            }
            let ours = reader.currentFrame()
            let theirs = [UInt8](unsafeUninitializedCapacity: bytes.byteCount) { buffer, count in
                bytes.withUnsafeBytes { raw in UnsafeMutableRawBufferPointer(buffer).copyMemory(from: raw) }
                count = bytes.byteCount
            }
            if record.timestamp != packet.timestamp || record.capturedLength != packet.capturedLength
                || record.originalLength != packet.originalLength || ours != theirs
            {
                mismatches += 1
            }
        }
        #expect(delivered == 2000 && stop == .endOfFile)
        #expect(mismatches == 0)
        #expect(try reader.next() == nil)
    }

    @Test(.tags(.interop), .interopTier) func aFilterAppliesToSavefiles() throws {
        let directory = try ExternalTool.temporaryDirectory("vtfd-offline-filter")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try ExternalTool.generateCapture(
            in: directory,
            name: "filter.pcap",
            arguments: ["--packets", "2000", "--seed", "4", "--ipv6-fraction", "0.5"]
        )
        let handle = try LibpcapHandle.openOffline(path: path)
        try handle.setFilter("ip6")
        let (delivered, _) = try handle.readPackets { _, bytes in
            #expect((try? PacketDecoder().decode(bytes))?.ipVersion == 6)
        }
        let tcpdump = try ExternalTool.run("tcpdump", ["-n", "-r", path, "ip6"])
        #expect(delivered > 0 && delivered == tcpdump.standardOutput.split(separator: "\n").count)
    }

    @Test func openingAMissingFileFails() {
        #expect(throws: LibpcapError.self) { _ = try LibpcapHandle.openOffline(path: "/nonexistent/vtfd.pcap") }
    }
}

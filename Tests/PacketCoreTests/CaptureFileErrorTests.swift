import Foundation
import TestSupport
import Testing

@testable import PacketCore

/// Damaged files: a clear `CaptureFileError` naming the record number and
/// byte offset, and every good record before the damage still delivered.
@Suite struct CaptureFileErrorTests {
    /// A little-endian µs pcap with the sample frames as records 1...n.
    static func pcap(bigEndian: Bool = false) throws -> [UInt8] {
        let sink = MemoryByteSink()
        let writer = try PcapWriter(sink: sink, header: PcapFileHeader(bigEndian: bigEndian, snapLength: 65535))
        for (index, sample) in SampleFrames.all.enumerated() {
            try writer.write(sample.bytes, timestamp: CaptureTimestamp(seconds: Int64(index), nanoseconds: 0))
        }
        try writer.flush()
        return sink.bytes
    }

    /// Offset of pcap record `number` (1-based).
    static func pcapRecordOffset(_ number: Int) -> Int {
        24 + SampleFrames.all.prefix(number - 1).reduce(0) { $0 + 16 + $1.bytes.count }
    }

    /// Reads every record; returns how many were delivered and the error.
    static func readAll(_ bytes: [UInt8]) -> (delivered: Int, error: CaptureFileError?) {
        do throws(CaptureFileError) {
            let reader = try CaptureFileReader(source: MemoryByteSource(bytes, name: "damaged"))
            var delivered = 0
            do throws(CaptureFileError) {
                while let record = try reader.next() {
                    // Good records arrive intact.
                    #expect(reader.currentFrame() == SampleFrames.all[record.number - 1].bytes)
                    delivered += 1
                }
            } catch {
                return (delivered, error)
            }
            return (delivered, nil)
        } catch {
            return (0, error)
        }
    }

    @Test(arguments: [false, true])
    func pcapLyingCapturedLength(bigEndian: Bool) throws {
        var bytes = try Self.pcap(bigEndian: bigEndian)
        let record = Self.pcapRecordOffset(4)
        let lie: [UInt8] = [0x7F, 0xFF, 0xFF, 0xF0]
        bytes.replaceSubrange((record + 8)..<(record + 12), with: bigEndian ? lie : lie.reversed())
        let (delivered, error) = Self.readAll(bytes)
        #expect(delivered == 3)
        #expect(error?.code == .badLength && error?.recordNumber == 4 && error?.offset == Int64(record + 8))
        #expect(error?.description.hasPrefix("damaged: record 4 at byte \(record + 8): bad length") == true)
    }

    @Test func pcapTruncatedLastRecord() throws {
        let full = try Self.pcap()
        let count = SampleFrames.all.count
        let last = Self.pcapRecordOffset(count)
        for cut in [last + 3, last + 16, full.count - 1] {
            let (delivered, error) = Self.readAll(Array(full.prefix(cut)))
            #expect(delivered == count - 1, "cut at \(cut)")
            #expect(error?.code == .truncated && error?.recordNumber == count && error?.offset == Int64(last))
        }
        #expect(Self.readAll(full).delivered == count)
    }

    @Test func pcapTruncatedHeaderAndEmptyFile() throws {
        let full = try Self.pcap()
        let (_, short) = Self.readAll(Array(full.prefix(10)))
        #expect(short?.code == .truncated && short?.recordNumber == 0)
        let (_, empty) = Self.readAll([])
        #expect(empty?.code == .notACaptureFile && empty?.recordNumber == 0 && empty?.offset == 0)
    }

    @Test func notACaptureFile() {
        let (delivered, error) = Self.readAll(Array("GET / HTTP/1.1\r\nHost: example\r\n\r\n".utf8))
        #expect(delivered == 0 && error?.code == .notACaptureFile && error?.recordNumber == 0)
        #expect(error?.description.contains("unknown magic number 0x47455420") == true)
    }

    /// SHB, IDB, then one EPB per sample frame.
    static func pcapng(
        bigEndian: Bool,
        damage: (inout PcapngBlockBuilder, Int) -> Bool = { _, _ in false }
    )
        -> (bytes: [UInt8], damagedOffset: Int?)
    {
        var b = PcapngBlockBuilder(bigEndian: bigEndian)
        b.sectionHeader()
        b.interface()
        var damagedOffset: Int?
        for (index, sample) in SampleFrames.all.enumerated() {
            let offset = b.bytes.count
            if damagedOffset == nil && damage(&b, index) {
                damagedOffset = offset
            } else {
                b.enhancedPacket(interface: 0, ticks: UInt64(index), frame: sample.bytes)
            }
        }
        return (b.bytes, damagedOffset)
    }

    @Test(arguments: [false, true])
    func pcapngBadTrailerLength(bigEndian: Bool) throws {
        let (bytes, offset) = Self.pcapng(bigEndian: bigEndian) { b, index in
            guard index == 5 else { return false }
            var scratch = PcapngBlockBuilder(bigEndian: b.bigEndian)
            scratch.enhancedPacket(interface: 0, ticks: 0, frame: SampleFrames.all[5].bytes)
            b.block(6, Array(scratch.bytes[8..<(scratch.bytes.count - 4)]), trailer: 12)
            return true
        }
        let (delivered, error) = Self.readAll(bytes)
        #expect(delivered == 5)
        let blockOffset = try #require(offset)
        let length = 32 + (SampleFrames.all[5].bytes.count + 3) / 4 * 4
        #expect(error?.code == .badLength && error?.recordNumber == 6)
        #expect(error?.offset == Int64(blockOffset + length - 4))
    }

    @Test(arguments: [false, true])
    func pcapngUnknownInterface(bigEndian: Bool) throws {
        let (bytes, offset) = Self.pcapng(bigEndian: bigEndian) { b, index in
            guard index == 2 else { return false }
            b.enhancedPacket(interface: 3, ticks: 0, frame: SampleFrames.all[2].bytes)
            return true
        }
        let (delivered, error) = Self.readAll(bytes)
        #expect(delivered == 2)
        let blockOffset = try #require(offset)
        #expect(error?.code == .malformed && error?.recordNumber == 3 && error?.offset == Int64(blockOffset + 8))
        #expect(error?.description.contains("interface 3") == true)
    }

    @Test func pcapngLyingBlockAndCapturedLengths() throws {
        // Block length beyond the file: truncated, named at the block.
        let (lying, offset) = Self.pcapng(bigEndian: false) { b, index in
            guard index == 7 else { return false }
            b.bytes += b.u32(6) + b.u32(4096) + b.u32(0)
            return true
        }
        let (delivered, error) = Self.readAll(lying)
        #expect(delivered == 7 && error?.code == .truncated && error?.recordNumber == 8)
        let lyingOffset = try #require(offset)
        #expect(error?.offset == Int64(lyingOffset))
        // Captured length larger than the block: bad length at the field.
        let (inside, insideOffset) = Self.pcapng(bigEndian: true) { b, index in
            guard index == 1 else { return false }
            let frame = SampleFrames.all[1].bytes
            b.block(
                6,
                b.u32(0) + b.u64(0) + b.u32(UInt32(frame.count + 100)) + b.u32(UInt32(frame.count)) + b.padded(frame)
            )
            return true
        }
        let (insideDelivered, insideError) = Self.readAll(inside)
        #expect(insideDelivered == 1 && insideError?.code == .badLength && insideError?.recordNumber == 2)
        let fieldBlock = try #require(insideOffset)
        #expect(insideError?.offset == Int64(fieldBlock + 20))
        // A length that is not a multiple of 4.
        let (odd, oddOffset) = Self.pcapng(bigEndian: false) { b, index in
            guard index == 4 else { return false }
            b.bytes += b.u32(6) + b.u32(33) + [UInt8](repeating: 0, count: 40)
            return true
        }
        let (oddDelivered, oddError) = Self.readAll(odd)
        let oddBlock = try #require(oddOffset)
        #expect(oddDelivered == 4 && oddError?.code == .badLength && oddError?.offset == Int64(oddBlock + 4))
    }

    @Test func pcapngSectionHeaderTooShortOrWithBadMagic() {
        var b = PcapngBlockBuilder(bigEndian: false)
        b.block(0x0A0D_0D0A, b.u32(0x1A2B_3C4D))  // 16 bytes: no version, no section length
        #expect(Self.readAll(b.bytes).error?.code == .badLength)
        var m = PcapngBlockBuilder(bigEndian: false)
        m.block(0x0A0D_0D0A, [1, 2, 3, 4] + m.u16(1) + m.u16(0) + m.u64(0))
        #expect(Self.readAll(m.bytes).error?.code == .malformed)
    }

    @Test func damagedGzipStreamNamesWhereItStopped() throws {
        let directory = try ExternalTool.temporaryDirectory("vtfd-gzcut")
        defer { try? FileManager.default.removeItem(at: directory) }
        let pcap = try ExternalTool.generateCapture(
            in: directory,
            name: "cut.pcap",
            arguments: ["--packets", "4000", "--seed", "3"]
        )
        #expect(try ExternalTool.run("gzip", [pcap]).status == 0)
        let gz = pcap + ".gz"
        let compressed = try Data(contentsOf: URL(fileURLWithPath: gz))
        try compressed.prefix(compressed.count / 2).write(to: URL(fileURLWithPath: gz))
        let reader = try CaptureFileReader(path: gz)
        var delivered = 0
        do throws(CaptureFileError) {
            while try reader.next() != nil { delivered += 1 }
            Issue.record("a cut gzip stream must be an error")
        } catch {
            #expect(delivered > 1000 && delivered < 4000)
            #expect(error.recordNumber == delivered + 1 && error.offset > 0, "\(error)")
        }
    }
}

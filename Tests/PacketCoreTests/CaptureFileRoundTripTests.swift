import Foundation
import TestSupport
import Testing

@testable import PacketCore

/// read → write → read is byte-identical for pcap (µs/ns, both byte orders)
/// and pcapng (through the block copy path), plain or gzip; tcpdump and
/// tshark read what our writers produce.
@Suite(.tags(.interop), .interopTier) struct CaptureFileRoundTripTests {
    /// A small gen_pcap capture (VLAN, IPv6, fragments) in `directory`.
    static func generated(_ directory: URL, format: String = "pcap", packets: Int = 3000) throws -> String {
        try ExternalTool.generateCapture(
            in: directory,
            name: "base.\(format)",
            arguments: [
                "--packets", "\(packets)", "--flows", "300", "--seed", "5", "--format", format,
                "--vlan-fraction", "0.3", "--ipv6-fraction", "0.4",
            ]
        )
    }

    static func bytes(_ path: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) }

    /// Copies a pcap file record by record through `PcapWriter`.
    static func copyPcap(_ input: String, to output: String) throws -> Int {
        let reader = try CaptureFileReader(path: input)
        let header = try #require(reader.pcapHeader)
        let writer = try PcapWriter(path: output, header: header)
        while let record = try reader.next() {
            try writer.write(reader.currentFrame(), timestamp: record.timestamp, originalLength: record.originalLength)
        }
        try writer.close()
        return writer.recordsWritten
    }

    /// Rewrites a pcap file with another header (byte order, resolution).
    static func convertPcap(_ input: String, to output: String, bigEndian: Bool, nanosecond: Bool) throws {
        let reader = try CaptureFileReader(path: input)
        var header = try #require(reader.pcapHeader)
        header.bigEndian = bigEndian
        header.nanosecond = nanosecond
        let writer = try PcapWriter(path: output, header: header)
        while let record = try reader.next() {
            try writer.write(reader.currentFrame(), timestamp: record.timestamp, originalLength: record.originalLength)
        }
        try writer.close()
    }

    /// Copies a pcapng file block by block.
    static func copyPcapng(_ input: String, to output: String) throws -> Int {
        let reader = try CaptureFileReader(path: input)
        let writer = try PcapngWriter(path: output, writesSectionHeader: false)
        while try reader.nextBlock() != nil {
            try reader.withCurrentBlock { try writer.writeBlock($0) }
        }
        try writer.close()
        return writer.recordsWritten
    }

    static func tsharkFrameCount(_ path: String) throws -> Int {
        let run = try ExternalTool.run("tshark", ["-n", "-r", path, "-T", "fields", "-e", "frame.number"])
        #expect(run.status == 0, "tshark: \(run.standardError)")
        return run.standardOutput.split(separator: "\n").count
    }

    static func tcpdumpFrameCount(_ path: String) throws -> Int {
        let run = try ExternalTool.run("tcpdump", ["-n", "-r", path])
        #expect(run.status == 0, "tcpdump: \(run.standardError)")
        return run.standardOutput.split(separator: "\n").count
    }

    @Test(arguments: [(false, false), (false, true), (true, false), (true, true)])
    func pcapRoundTripIsByteIdentical(bigEndian: Bool, nanosecond: Bool) throws {
        let directory = try ExternalTool.temporaryDirectory("vtfd-pcap")
        defer { try? FileManager.default.removeItem(at: directory) }
        let base = try Self.generated(directory)
        // The input in this byte order and resolution; for little-endian
        // nanosecond it comes from a peer (editcap), not from our writer.
        let input = directory.appendingPathComponent("input.pcap").path
        if !bigEndian && nanosecond {
            let run = try ExternalTool.run("editcap", ["-F", "nsecpcap", base, input])
            #expect(run.status == 0, "\(run.standardError)")
        } else {
            try Self.convertPcap(base, to: input, bigEndian: bigEndian, nanosecond: nanosecond)
        }
        let reader = try CaptureFileReader(path: input)
        #expect(reader.format == .pcap(nanosecond: nanosecond, bigEndian: bigEndian))

        let output = directory.appendingPathComponent("output.pcap").path
        #expect(try Self.copyPcap(input, to: output) == 3000)
        #expect(try Self.bytes(output) == Self.bytes(input))
        // Peers read what we wrote, all of it.
        #expect(try Self.tsharkFrameCount(output) == 3000)
        #expect(try Self.tcpdumpFrameCount(output) == 3000)
    }

    @Test func gzipPcapRoundTripsBothWays() throws {
        let directory = try ExternalTool.temporaryDirectory("vtfd-pcapgz")
        defer { try? FileManager.default.removeItem(at: directory) }
        let base = try Self.generated(directory)
        let gz = base + ".gz"
        #expect(try ExternalTool.run("gzip", ["-k", base]).status == 0)
        // .gz in, plain out: the original bytes.
        let plain = directory.appendingPathComponent("plain.pcap").path
        #expect(try Self.copyPcap(gz, to: plain) == 3000)
        #expect(try Self.bytes(plain) == Self.bytes(base))
        // plain in, .gz out (our zlib writer): gunzip gives the original bytes.
        let ours = directory.appendingPathComponent("ours.pcap.gz").path
        _ = try Self.copyPcap(base, to: ours)
        #expect(try Self.gunzippedEquals(ours, base))
        #expect(try Self.tsharkFrameCount(ours) == 3000)
    }

    /// Compares a gzip file's content with a plain file (binary-safe).
    static func gunzippedEquals(_ gz: String, _ plain: String) throws -> Bool {
        let out = gz + ".out"
        let run = try ExternalTool.run("sh", ["-c", "gzip -dc '\(gz)' > '\(out)'"])
        guard run.status == 0 else { return false }
        return try bytes(out) == bytes(plain)
    }

    @Test(arguments: ["gen_pcap", "editcap"])
    func pcapngRoundTripIsByteIdentical(producer: String) throws {
        let directory = try ExternalTool.temporaryDirectory("vtfd-pcapng")
        defer { try? FileManager.default.removeItem(at: directory) }
        var input = try Self.generated(directory, format: producer == "gen_pcap" ? "pcapng" : "pcap")
        if producer == "editcap" {
            // Wireshark's writer: SHB options (hardware, OS, application), IDB options.
            let converted = directory.appendingPathComponent("editcap.pcapng").path
            #expect(try ExternalTool.run("editcap", ["-F", "pcapng", input, converted]).status == 0)
            input = converted
        }
        for compressed in [false, true] {
            var source = input
            if compressed {
                #expect(try ExternalTool.run("gzip", ["-kf", input]).status == 0)
                source = input + ".gz"
            }
            let output = directory.appendingPathComponent("copy\(compressed ? ".pcapng.gz" : ".pcapng")").path
            #expect(try Self.copyPcapng(source, to: output) == 3000)
            if compressed {
                #expect(try Self.gunzippedEquals(output, input))
            } else {
                #expect(try Self.bytes(output) == Self.bytes(input))
            }
            #expect(try Self.tsharkFrameCount(output) == 3000)
        }
    }

    /// Two sections (big- then little-endian), interfaces with names,
    /// power-of-two and millisecond resolutions and a timestamp offset,
    /// EPB, SPB, obsolete PB, statistics and unknown blocks.
    static func handBuiltPcapng() -> [UInt8] {
        var big = PcapngBlockBuilder(bigEndian: true)
        big.sectionHeader(options: [big.option(4, Array("vtfd-test".utf8))])
        big.interface(options: [
            big.option(2, Array("vnet0".utf8)), big.option(9, [0x94]),  // 2^-20 s
            big.option(14, big.u64(100)),
        ])  // if_tsoffset 100 s
        big.interface(linkType: 101, options: [big.option(9, [3])])  // raw IP, milliseconds
        big.enhancedPacket(
            interface: 0,
            ticks: (1 << 20) * 5 + (1 << 19),
            frame: SampleFrames.vlanIPv4UDP,
            options: [big.option(2, big.u32(1))]
        )  // epb_flags
        big.block(0x0BAD_0001, [1, 2, 3, 4])  // unknown block: skipped
        big.enhancedPacket(
            interface: 1,
            ticks: 1_700_000_000_123,
            frame: Array(SampleFrames.ipv6ICMPv6Echo.dropFirst(14))
        )
        big.simplePacket(frame: SampleFrames.arpRequest)
        big.interfaceStatistics(interface: 0)
        var little = PcapngBlockBuilder(bigEndian: false)
        little.sectionHeader()
        little.interface(options: [little.option(14, little.u64(UInt64(bitPattern: -7)))])
        little.obsoletePacket(interface: 0, ticks: 9_000_001, frame: SampleFrames.qinqIPv4TCPOptions)
        little.enhancedPacket(
            interface: 0,
            ticks: 10_000_000,
            frame: Array(SampleFrames.ipv6ExtensionsTCP.prefix(60)),
            originalLength: SampleFrames.ipv6ExtensionsTCP.count
        )
        return big.bytes + little.bytes
    }

    @Test func handBuiltPcapngIsReadAndCopiedExactly() throws {
        let file = Self.handBuiltPcapng()
        let reader = try CaptureFileReader(source: MemoryByteSource(file))
        var records: [CaptureRecord] = []
        var frames: [[UInt8]] = []
        while let record = try reader.next() {
            records.append(record)
            frames.append(reader.currentFrame())
        }
        #expect(records.count == 5)
        #expect(records.map(\.number) == [1, 2, 3, 4, 5])
        #expect(records.map(\.interfaceIndex) == [0, 1, 0, 2, 2])
        #expect(records.map(\.linkType) == [.ethernet, .raw, .ethernet, .ethernet, .ethernet])
        #expect(reader.interfaces.map(\.name) == ["vnet0", nil, nil])
        // 5.5 s at 2^-20 plus the 100 s offset; milliseconds; µs with a -7 s offset.
        #expect(records[0].timestamp == CaptureTimestamp(seconds: 105, nanoseconds: 500_000_000))
        #expect(records[1].timestamp == CaptureTimestamp(seconds: 1_700_000_000, nanoseconds: 123_000_000))
        #expect(records[3].timestamp == CaptureTimestamp(seconds: 2, nanoseconds: 1000))
        #expect(records[4].capturedLength == 60 && records[4].originalLength == SampleFrames.ipv6ExtensionsTCP.count)
        #expect(frames[0] == SampleFrames.vlanIPv4UDP && frames[2] == SampleFrames.arpRequest)
        #expect(frames[3] == SampleFrames.qinqIPv4TCPOptions)

        // Block copy: identical bytes, through memory and through a .gz file.
        let copy = MemoryByteSink()
        let copier = try CaptureFileReader(source: MemoryByteSource(file))
        let writer = try PcapngWriter(sink: copy, writesSectionHeader: false)
        var blockTypes: [UInt32] = []
        while let block = try copier.nextBlock() {
            blockTypes.append(block.type)
            try copier.withCurrentBlock { try writer.writeBlock($0) }
        }
        try writer.flush()
        #expect(copy.bytes == file)
        #expect(blockTypes == [0x0A0D_0D0A, 1, 1, 6, 0x0BAD_0001, 6, 3, 5, 0x0A0D_0D0A, 1, 2, 6])
        #expect(writer.recordsWritten == 5 && writer.bigEndian == false)
    }

    @Test func peersReadTheHandBuiltFileAsWeDo() throws {
        let directory = try ExternalTool.temporaryDirectory("vtfd-hand")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("hand.pcapng").path
        try Data(Self.handBuiltPcapng()).write(to: URL(fileURLWithPath: path))
        let run = try ExternalTool.run(
            "tshark",
            ["-n", "-r", path, "-T", "fields", "-e", "frame.time_epoch", "-e", "frame.len"]
        )
        #expect(run.status == 0, "\(run.standardError)")
        let lines = run.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.count == 5)
        #expect(lines.first?.hasPrefix("105.5") == true, "tshark: \(lines)")
        #expect(lines.last?.hasSuffix("\t\(SampleFrames.ipv6ExtensionsTCP.count)") == true)
    }

    @Test func pcapngWriterOutputIsReadByPeersWithTheSameTimestamps() throws {
        let directory = try ExternalTool.temporaryDirectory("vtfd-ngw")
        defer { try? FileManager.default.removeItem(at: directory) }
        for name in ["written.pcapng", "written.pcapng.gz", "written-be.pcapng"] {
            let path = directory.appendingPathComponent(name).path
            let writer = try PcapngWriter(path: path, bigEndian: name.contains("-be"))
            let first = try writer.addInterface(linkType: .ethernet, name: "vnet1", ticksPerSecond: 1_000_000_000)
            let second = try writer.addInterface(linkType: .ethernet, name: "vnet2", ticksPerSecond: 1_000_000)
            for (index, sample) in SampleFrames.all.enumerated() {
                let timestamp = CaptureTimestamp(seconds: 1_700_000_000 + Int64(index), nanoseconds: 123_456_789)
                try writer.write(sample.bytes, interface: index % 2 == 0 ? first : second, timestamp: timestamp)
            }
            try writer.close()
            let run = try ExternalTool.run(
                "tshark",
                ["-n", "-r", path, "-T", "fields", "-e", "frame.time_epoch", "-e", "frame.interface_name"]
            )
            #expect(run.status == 0, "\(run.standardError)")
            let lines = run.standardOutput.split(separator: "\n").map(String.init)
            #expect(lines.count == SampleFrames.all.count)
            #expect(lines.first == "1700000000.123456789\tvnet1")
            #expect(lines.dropFirst().first == "1700000001.123456000\tvnet2")
            if !name.hasSuffix(".gz") { #expect(try Self.tcpdumpFrameCount(path) == SampleFrames.all.count) }
            // And we read back what we wrote.
            let reader = try CaptureFileReader(path: path)
            var count = 0
            while let record = try reader.next() {
                #expect(reader.currentFrame() == SampleFrames.all[count].bytes)
                #expect(record.interfaceIndex == count % 2)
                count += 1
            }
            #expect(count == SampleFrames.all.count)
        }
    }
}

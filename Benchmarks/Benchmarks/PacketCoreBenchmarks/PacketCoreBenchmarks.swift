import Benchmark
import BenchmarkSupport
import PacketCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// PacketCore's hot paths. The CI gate is `mallocCountTotal`: 0 for every
/// benchmark, that is no allocation per decoded, read, written or summed frame.
/// Names use dots, never "/" (benchmark 1.38.1's threshold check cannot find
/// names with a slash).
let benchmarks: @Sendable () -> Void = {
    HotPathConfiguration.install()

    // MARK: PacketDecoder: one benchmark per frame kind, 1000 decodes per iteration.
    for sample in SampleFrame.all {
        Benchmark("PacketDecoder.\(sample.name)") { benchmark in
            decodeRepeatedly(sample.bytes, linkType: sample.linkType, times: benchmark.scaledIterations.count)
        }
    }
    // A frame that throws (IPv4 total length larger than the frame): typed throws must not allocate.
    let malformed = malformedFrame()
    Benchmark("PacketDecoder.malformed-throws") { benchmark in
        decodeRepeatedly(malformed, linkType: .ethernet, times: benchmark.scaledIterations.count)
    }

    // MARK: CaptureFileReader: read a 1000-frame file from memory, decode and count every frame.
    let pcapFile = CaptureFixture.pcap(frames: 1000)
    let pcapngFile = CaptureFixture.pcapng(frames: 1000)
    let once = HotPathConfiguration.zeroAllocations(scalingFactor: .one, maxIterations: 100)
    Benchmark("CaptureFileReader.pcap-1000-frames", configuration: once) { benchmark in
        readAndCount(pcapFile, benchmark)
    }
    Benchmark("CaptureFileReader.pcapng-1000-frames", configuration: once) { benchmark in
        readAndCount(pcapngFile, benchmark)
    }

    // MARK: Writers: 1000 records into a sink that discards them.
    Benchmark("PcapWriter.write-1000-frames", configuration: once) { benchmark in
        let writer = try! PcapWriter(sink: DiscardingSink(), header: PcapFileHeader())
        benchmark.startMeasurement()
        CaptureFixture.writeFrames(1000) { frame, timestamp in try! writer.write(frame, timestamp: timestamp) }
        benchmark.stopMeasurement()
    }
    Benchmark("PcapngWriter.write-1000-frames", configuration: once) { benchmark in
        let writer = try! PcapngWriter(sink: DiscardingSink())
        try! writer.addInterface(linkType: .ethernet, name: "vnet0")
        benchmark.startMeasurement()
        CaptureFixture.writeFrames(1000) { frame, timestamp in try! writer.write(frame, timestamp: timestamp) }
        benchmark.stopMeasurement()
    }

    // MARK: InternetChecksum
    let ipv4Header = Array(SampleFrame.all[0].bytes[14..<34])
    Benchmark("InternetChecksum.ipv4-header") { benchmark in
        checksumRepeatedly(ipv4Header, times: benchmark.scaledIterations.count)
    }
    let jumbo = (0..<1500).map { UInt8(truncatingIfNeeded: $0 &* 7) }
    Benchmark("InternetChecksum.1500-bytes") { benchmark in
        checksumRepeatedly(jumbo, times: benchmark.scaledIterations.count)
    }
}

/// The `tapctl pcap stats` loop for one decoder call: decode into a reused value.
@inline(never)
func decodeRepeatedly(_ frame: [UInt8], linkType: LinkType, times: Int) {
    let decoder = PacketDecoder()
    var packet = DecodedPacket()
    let bytes = frame.span.bytes
    for _ in 0..<times {
        do throws(WireError) {
            try decoder.decode(bytes, linkType: linkType, into: &packet)
        } catch {
            blackHole(error.offset)
        }
        blackHole(packet.layers.rawValue)
    }
}

/// Reads every record of `file` through a reader over memory, decodes it and
/// adds it to `CaptureStatistics` (the `tapctl pcap stats` loop). The reader is
/// created and the first record read (pcapng interface blocks, which allocate
/// their description once per file) before the measurement starts.
func readAndCount(_ file: [UInt8], _ benchmark: Benchmark) {
    let reader = try! CaptureFileReader(source: MemoryByteSource(file))
    var statistics = CaptureStatistics()
    statistics.malformedExampleLimit = 0
    let decoder = PacketDecoder()
    var packet = DecodedPacket()
    var next = try! reader.next()
    benchmark.startMeasurement()
    while let record = next {
        var failure: WireError?
        reader.withCurrentFrame { frame in
            do throws(WireError) {
                try decoder.decode(frame, linkType: record.linkType, wireLength: record.originalLength, into: &packet)
            } catch { failure = error }
        }
        statistics.add(record, packet, error: failure)
        next = try! reader.next()
    }
    benchmark.stopMeasurement()
    precondition(statistics.frames == 1000, "the fixture has 1000 frames")
    blackHole(statistics.tcp)
}

@inline(never)
func checksumRepeatedly(_ bytes: [UInt8], times: Int) {
    let span = bytes.span.bytes
    for _ in 0..<times {
        var checksum = InternetChecksum()
        checksum.add(bytes: span)
        blackHole(checksum.value)
    }
}

/// An Ethernet + IPv4 frame whose total length (0x0400) exceeds the bytes present.
func malformedFrame() -> [UInt8] {
    var frame = SampleFrame.all[0].bytes
    frame[16] = 0x04
    frame[17] = 0x00
    return frame
}

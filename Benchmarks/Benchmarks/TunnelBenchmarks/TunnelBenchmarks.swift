import Benchmark
import BenchmarkSupport
import GRE
import NetworkTypes
import PacketCore
import TapVocabulary

/// GRE's hot paths: encapsulating a frame (`TunnelEncoder.encode`) and taking
/// a tunnel packet apart (`TunnelDecoder.decode`), per encapsulation. The CI
/// gate is `mallocCountTotal` = 0: both reuse their buffers. Names use dots.
let benchmarks: @Sendable () -> Void = {
    HotPathConfiguration.install()

    let frame = SampleFrame.all[1].bytes  // IPv4 TCP with 200 bytes of payload
    let source = IPAddress.v4(IPv4Address(rawValue: 0xC000_0201))
    let destination = IPAddress.v4(IPv4Address(rawValue: 0xC000_020A))
    let encapsulations: [(String, TunnelEncapsulation)] = [
        ("gre-key-sequence", .gre(key: 100, sequence: true)),
        ("gre-checksum", .gre(checksum: true)),
        ("erspan2", .erspanType2(sessionID: 7)),
        ("erspan3", .erspanType3(sessionID: 7)),
        ("vxlan", .vxlan(vni: 4242)),
        ("gre-in-udp", .greInUDP(key: 5)),
    ]
    for (name, encapsulation) in encapsulations {
        let tunnel = TunnelDestination(name: name, address: destination, source: source, encapsulation: encapsulation)
        Benchmark("TunnelEncoder.encode-\(name)") { benchmark in
            var encoder = TunnelEncoder(destination: tunnel)
            benchmark.startMeasurement()
            encodeRepeatedly(&encoder, frame, times: benchmark.scaledIterations.count)
            benchmark.stopMeasurement()
        }
        // One encoded packet, decoded over and over.
        var encoder = TunnelEncoder(destination: tunnel)
        let result = frame.withUnsafeBytes { encoder.encode($0.bytes, flowHash: 77) }
        precondition(result.packetCount == 1, "a 254-byte frame fits any MTU")
        let packet = encoder.withPacket(0) { bytes in bytes.withUnsafeBytes { Array($0) } }
        var check = DecapsulatedPacket()
        let status = try? TunnelDecoder().decode(packet.span.bytes, linkType: .raw, into: &check)
        precondition(status == .decapsulated, "the benchmark must decode a real \(name) packet")
        Benchmark("TunnelDecoder.decode-\(name)") { benchmark in
            decodeRepeatedly(packet, times: benchmark.scaledIterations.count)
        }
    }
}

@inline(never)
func encodeRepeatedly(_ encoder: inout TunnelEncoder, _ frame: [UInt8], times: Int) {
    let bytes = frame.span.bytes
    for index in 0..<times {
        let result = encoder.encode(bytes, flowHash: UInt32(truncatingIfNeeded: index))
        blackHole(result.packetCount)
    }
}

@inline(never)
func decodeRepeatedly(_ packet: [UInt8], times: Int) {
    let decoder = TunnelDecoder()
    var decapsulated = DecapsulatedPacket()
    let bytes = packet.span.bytes
    for _ in 0..<times {
        do throws(WireError) {
            blackHole(try decoder.decode(bytes, linkType: .raw, into: &decapsulated))
        } catch {
            blackHole(error.offset)
        }
    }
}

import Benchmark
import BenchmarkSupport
import NetFlow
import NetworkTypes
import PacketCore

#if canImport(Glibc)
import Glibc
#endif

/// NetFlow's hot paths. The CI gate is `mallocCountTotal`: 0 per packet for
/// the flow cache once warm, and 0 per record for the collector's decoder on
/// fixed-length templates. Names use dots, never "/".
let benchmarks: @Sendable () -> Void = {
    HotPathConfiguration.install()

    // MARK: FlowCache: 1000 packets per iteration over 512 warm flows (updates, no new high).
    Benchmark("FlowCache.update-warm") { benchmark in
        var cache = FlowCache(configuration: FlowCacheConfiguration(maximumFlows: 4096), seed: 1)
        var sink = CountingFlowSink()
        let keys = (0..<512).map { i in
            FlowKey(
                sourceAddress: UInt128(0x0A01_0000 + i),
                destinationAddress: 0x0A02_0001,
                sourcePort: 40_000,
                destinationPort: 443,
                ipProtocol: 6,
                ipVersion: 4
            )
        }
        for (i, key) in keys.enumerated() {  // warm: every flow exists, storage at its size
            cache.update(key, bytes: 64, tcpFlags: 0x10, typeOfService: 0, now: Int64(i), into: &sink)
        }
        benchmark.startMeasurement()
        var now: Int64 = 1000
        for i in benchmark.scaledIterations {
            now &+= 1
            cache.update(keys[i & 511], bytes: 1500, tcpFlags: 0x18, typeOfService: 0, now: now, into: &sink)
        }
        blackHole(cache.count)
    }

    // MARK: FlowCache churn: flows end (FIN) and new ones reuse the storage.
    Benchmark("FlowCache.fin-and-new-flow") { benchmark in
        var cache = FlowCache(configuration: FlowCacheConfiguration(maximumFlows: 4096), seed: 1)
        var sink = CountingFlowSink()
        for i in 0..<2048 {  // grow the storage to its working size first
            let key = FlowKey(
                sourceAddress: UInt128(i),
                destinationAddress: 1,
                sourcePort: 1,
                destinationPort: 2,
                ipProtocol: 6,
                ipVersion: 4
            )
            cache.update(key, bytes: 64, tcpFlags: 0, typeOfService: 0, now: 0, into: &sink)
        }
        cache.endAll(into: &sink)
        benchmark.startMeasurement()
        for i in benchmark.scaledIterations {
            let key = FlowKey(
                sourceAddress: UInt128(i & 1023),
                destinationAddress: 7,
                sourcePort: 1,
                destinationPort: 2,
                ipProtocol: 6,
                ipVersion: 4
            )
            cache.update(key, bytes: 64, tcpFlags: i & 1 == 0 ? 0x02 : 0x11, typeOfService: 0, now: 1, into: &sink)
        }
        blackHole(sink.flows)
    }

    // MARK: FlowMessageDecoder: one v9 / IPFIX datagram of ~30 records per call, templates known.
    for version in [NetFlowVersion.v9, .ipfix] {
        let datagrams = exportedDatagrams(version)
        Benchmark("FlowMessageDecoder.\(version == .v9 ? "v9" : "ipfix")-datagram") { benchmark in
            var decoder = FlowMessageDecoder()
            var sink = CountingCollectedSink()
            let exporter = ExporterID(address: .v4(IPv4Address(127, 0, 0, 1)), port: 2055)
            datagrams[0].withUnsafeBytes { try? decoder.decode($0.bytes, from: exporter, into: &sink) }
            let data = datagrams[1]
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                data.withUnsafeBytes { try? decoder.decode($0.bytes, from: exporter, into: &sink) }
            }
            blackHole(sink.records)
        }
    }
}

struct CountingFlowSink: FlowSink {
    var flows = 0
    mutating func flowEnded(_ record: FlowRecord) { flows &+= 1 }
}

struct CountingCollectedSink: CollectedFlowSink {
    var records = 0
    mutating func collected(_ flow: CollectedFlow, from exporter: ExporterID) { records &+= 1 }
}

func exportedDatagrams(_ version: NetFlowVersion) -> [[UInt8]] {
    var exporter = FlowExporter(configuration: FlowExportConfiguration(version: version), output: DatagramCollector())
    exporter.advanceClock(to: 1_700_000_000_000)
    for i in 0..<200 {
        let key = FlowKey(
            sourceAddress: UInt128(0x0A01_0000 + i),
            destinationAddress: 0x0A02_0001,
            sourcePort: 1234,
            destinationPort: 80,
            ipProtocol: 6,
            ipVersion: 4
        )
        exporter.flowEnded(
            FlowRecord(
                key: key,
                packets: 10,
                bytes: 5000,
                firstMilliseconds: 1_700_000_000_000,
                lastMilliseconds: 1_700_000_001_000
            )
        )
    }
    exporter.flush()
    return exporter.output.datagrams
}

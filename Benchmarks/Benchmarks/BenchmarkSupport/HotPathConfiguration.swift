import Benchmark

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The configuration every suite's hot-path benchmarks share: the CI gate is
/// `mallocCountTotal` = 0 at p90; wall clock and throughput are added when
/// `BENCHMARK_TIMINGS` is set (never gated: they move with the machine's load).
public enum HotPathConfiguration {
    /// The metrics measured: allocations, plus timings when asked for.
    public static var metrics: [BenchmarkMetric] {
        var metrics: [BenchmarkMetric] = [.mallocCountTotal]
        if getenv("BENCHMARK_TIMINGS") != nil { metrics += [.wallClock, .throughput] }
        return metrics
    }

    /// A configuration gating on zero allocations; `scalingFactor` sets the
    /// inner loop count (`.kilo`: 1000 operations per iteration).
    public static func zeroAllocations(
        scalingFactor: BenchmarkScalingFactor = .kilo,
        maxIterations: Int = 200
    ) -> Benchmark.Configuration {
        .init(
            metrics: metrics,
            scalingFactor: scalingFactor,
            maxDuration: .seconds(1),
            maxIterations: maxIterations,
            thresholds: [.mallocCountTotal: .init(absolute: [.p90: 0])]
        )
    }

    /// Makes `zeroAllocations()` the default for the benchmarks declared after it.
    public static func install() {
        Benchmark.defaultConfiguration = zeroAllocations()
    }
}

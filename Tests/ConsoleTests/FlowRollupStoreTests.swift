import ConsoleFlows
import ConsoleServer
import ConsoleStore
import Foundation
import Hummingbird
import HummingbirdTesting
import NetworkTypes
import SQLKit
import Testing

/// The flow rollup tables on each engine: batched upserts that add, the 5-minute and 1-hour rows,
/// expiry per table, the table a query reads, and the flow API over them.
@Suite("Console flow rollups")
struct FlowRollupStoreTests {
    static let web = FlowVMAttribution(
        uuid: 0x1111_2222_3333_4444_5555_6666_7777_8888,
        name: "web-1",
        host: "hv1",
        network: "prod"
    )
    static let db = FlowVMAttribution(
        uuid: 0x9999_aaaa_bbbb_cccc_dddd_eeee_ffff_0001,
        name: "db-1",
        host: "hv2",
        network: "prod"
    )
    static let outside = FlowEndpoint.address(IPAddress("198.51.100.7")!)

    static func row(
        _ bucket: Int64,
        _ source: FlowEndpoint,
        _ destination: FlowEndpoint,
        port: UInt16,
        bytes: UInt64,
        packets: UInt64,
        flows: UInt64 = 1,
        estimated: UInt64 = 0
    ) -> (key: FlowRollupKey, counts: FlowRollupCounts) {
        var counts = FlowRollupCounts()
        counts.bytes = bytes
        counts.packets = packets
        counts.flows = flows
        counts.estimatedFlows = estimated
        return (
            FlowRollupKey(bucket: bucket, source: source, destination: destination, ipProtocol: 6, servicePort: port),
            counts
        )
    }

    static func count(_ table: FlowRollupResolution, _ store: ConsoleStore) async throws -> Int64 {
        try await store.database.sql.select().column(SQLRaw("COUNT(*)"), as: "n").from(table.tableName).first()?
            .decode(column: "n", as: Int64.self) ?? -1
    }

    @Test(
        "batches add to existing rows in all three tables; the sums are the same from each table",
        arguments: TestEngine.tested
    )
    func upsertAdds(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { location in
            let store = ConsoleStore(try await ConsoleDatabase.open(location))
            let hour: Int64 = 1_780_000_000 / 3600 * 3600
            let first = [
                Self.row(hour, .vm(Self.web), .vm(Self.db), port: 5432, bytes: 1000, packets: 10),
                Self.row(hour + 60, .vm(Self.web), .vm(Self.db), port: 5432, bytes: 500, packets: 5),
                Self.row(hour + 360, Self.outside, .vm(Self.web), port: 443, bytes: 7000, packets: 7, estimated: 1),
            ]
            try await store.addFlowRollups(first)
            // The same minute again (a later flush of the same bucket) adds.
            try await store.addFlowRollups([
                Self.row(hour, .vm(Self.web), .vm(Self.db), port: 5432, bytes: 1, packets: 1)
            ])
            #expect(try await Self.count(.minute, store) == 3)
            #expect(try await Self.count(.fiveMinutes, store) == 2)
            #expect(try await Self.count(.hour, store) == 2)
            for table in FlowRollupResolution.allCases {
                let sums = try await store.flowSums(table, from: hour, to: hour + 3600)
                let pair = sums.first { $0.sourceVM == "web-1" && $0.destinationVM == "db-1" }
                #expect(pair?.bytes == 1501, "\(table.tableName)")
                #expect(pair?.packets == 16, "\(table.tableName)")
                #expect(pair?.flows == 3, "\(table.tableName)")
                #expect(pair?.sourceHost == "hv1" && pair?.destinationHost == "hv2")
                #expect(pair?.sourceKey == "vm:11112222-3333-4444-5555-666677778888")
                let inbound = sums.first { $0.sourceKey == "198.51.100.7" }
                #expect(inbound?.isEstimated == true && inbound?.bytes == 7000)
                #expect(
                    try await store.flowSums(
                        table,
                        from: hour,
                        to: hour + 3600,
                        filter: FlowRowFilter(servicePort: 443)
                    ).count == 1
                )
                #expect(
                    try await store.flowSums(table, from: hour, to: hour + 3600, filter: FlowRowFilter(host: "hv2"))
                        .count == 1
                )
            }
            try await store.database.close()
        }
    }

    @Test(
        "expiry removes each table's rows older than its retention; a query over that range reads the coarser table",
        arguments: TestEngine.tested
    )
    func expiry(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { location in
            let console = try await ConsoleHarness.open(location)
            let store = console.core.store
            let now = ConsoleClock.nowMilliseconds() / 1000
            let today = now / 86_400 * 86_400
            let old = today - 8 * 86_400  // beyond the 1-minute table's 7 days
            try await store.addFlowRollups([
                Self.row(old, .vm(Self.web), .vm(Self.db), port: 5432, bytes: 4000, packets: 40),
                Self.row(today, .vm(Self.web), .vm(Self.db), port: 5432, bytes: 100, packets: 1),
            ])
            #expect(try await Self.count(.minute, store) == 2)
            let removed = try await store.expireFlowRollups(retention: FlowRetention(), now: now)
            #expect(removed[.minute] == 1 && removed[.fiveMinutes] == 0 && removed[.hour] == 0)
            #expect(try await store.oldestFlowBucket(.minute) == today)
            #expect(try await store.oldestFlowBucket(.fiveMinutes) == old)
            // Not aligned to hours: the 1-minute table would answer, but it no longer holds the start.
            let top = try await FlowReports.top(
                FlowQuery(start: old + 60, end: old + 600),
                core: console.core,
                now: now
            )
            #expect(top.table == "flow_rollup_5m")
            #expect(top.totals.bytes == 4000 && top.totals.packets == 40)
            // A configured retention of 2 days for 5-minute rows removes it there too; the hour table still answers.
            var short = FlowRetention()
            short.seconds[.fiveMinutes] = 2 * 86_400
            #expect(try await store.expireFlowRollups(retention: short, now: now)[.fiveMinutes] == 1)
            #expect(short.table(for: old + 60, old + 600, now: now) == .hour)
            try await console.close()
        }
    }

    @Test(
        "the flow API answers read tokens with top talkers per pair and VM, series, new talkers, CSV, filters",
        arguments: TestEngine.tested
    )
    func api(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { location in
            let console = try await ConsoleHarness.open(location)
            let now = ConsoleClock.nowMilliseconds() / 1000
            let hour = now / 3600 * 3600 - 3600
            try await console.core.store.addFlowRollups([
                Self.row(hour - 7200, .vm(Self.web), .vm(Self.db), port: 5432, bytes: 10, packets: 1),
                Self.row(hour, .vm(Self.web), .vm(Self.db), port: 5432, bytes: 1000, packets: 10),
                Self.row(hour + 120, Self.outside, .vm(Self.web), port: 443, bytes: 9000, packets: 9, estimated: 1),
            ])
            let range = "start=\(hour)&end=\(hour + 3600)"
            try await console.test { client in
                let top = try await client.execute(
                    uri: "/api/v1/flows/top?\(range)",
                    method: .get,
                    headers: bearer(console.readToken)
                )
                #expect(top.status == .ok)
                let answer = try decode(FlowAnswers.Top.self, top.body)
                #expect(answer.table == "flow_rollup_1h")
                #expect(answer.estimated)
                #expect(answer.totals == FlowAnswers.Counts(bytes: 10_000, packets: 19, flows: 2))
                #expect(answer.items.map(\.bytes) == [9000, 1000])
                #expect(
                    answer.items.first?.source?.key == "198.51.100.7" && answer.items.first?.destination?.vm == "web-1"
                )

                let perVM = try decode(
                    FlowAnswers.Top.self,
                    try await client.execute(
                        uri: "/api/v1/flows/top?\(range)&group=vm&by=packets",
                        method: .get,
                        headers: bearer(console.readToken)
                    ).body
                )
                #expect(perVM.items.map(\.name) == ["web-1", "db-1"])
                #expect(perVM.items.map(\.packets) == [19, 10])

                let filtered = try decode(
                    FlowAnswers.Top.self,
                    try await client.execute(
                        uri: "/api/v1/flows/top?\(range)&vm=db-*&protocol=tcp&port=5432",
                        method: .get,
                        headers: bearer(console.readToken)
                    ).body
                )
                #expect(filtered.totals.bytes == 1000 && !filtered.estimated)
                let cidr = try decode(
                    FlowAnswers.Top.self,
                    try await client.execute(
                        uri: "/api/v1/flows/top?\(range)&address=198.51.100.0/24&group=service",
                        method: .get,
                        headers: bearer(console.readToken)
                    ).body
                )
                #expect(cidr.items.map(\.key) == ["6/443"])

                let series = try decode(
                    FlowAnswers.Series.self,
                    try await client.execute(
                        uri: "/api/v1/flows/series?\(range)",
                        method: .get,
                        headers: bearer(console.readToken)
                    ).body
                )
                #expect(series.interval == 60 && series.points.count == 60 && series.table == "flow_rollup_1m")
                #expect(
                    series.points[0].bytes == 1000 && series.points[2].bytes == 9000 && series.totals.bytes == 10_000
                )

                let fresh = try decode(
                    FlowAnswers.Top.self,
                    try await client.execute(
                        uri: "/api/v1/flows/new?\(range)",
                        method: .get,
                        headers: bearer(console.readToken)
                    ).body
                )
                #expect(fresh.items.map(\.source?.key) == ["198.51.100.7"])
                #expect(fresh.items.first?.firstSeen == hour)

                let csv = try await client.execute(
                    uri: "/api/v1/flows/top?\(range)&format=csv",
                    method: .get,
                    headers: bearer(console.readToken)
                )
                #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
                let lines = String(buffer: csv.body).split(separator: "\n")
                #expect(lines.count == 3 && lines[0].hasPrefix("key,name,source,destination"))

                for query in ["start=5&end=1", "end=-9223372036854775808", "start=-9223372036854775808&end=1"] {
                    for route in ["top", "new", "series"] {
                        #expect(
                            try await client.execute(
                                uri: "/api/v1/flows/\(route)?\(query)",
                                method: .get,
                                headers: bearer(console.readToken)
                            ).status == .badRequest,
                            "\(route)?\(query)"
                        )
                    }
                }
                #expect(
                    try await client.execute(
                        uri: "/api/v1/flows/top?address=nope",
                        method: .get,
                        headers: bearer(console.readToken)
                    ).status == .badRequest
                )
                #expect(try await client.execute(uri: "/api/v1/flows/top", method: .get).status == .unauthorized)
                #expect(
                    try await client.execute(
                        uri: "/api/v1/flows/collector",
                        method: .get,
                        headers: bearer(console.readToken)
                    ).status == .ok
                )
            }
            try await console.close()
        }
    }
}

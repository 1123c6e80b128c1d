import ConsoleServer
import ConsoleStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The Traffic page over the flow rollups: a custom range shows the flow API's totals and top
/// talker for the same range; bad ranges and filters are a message on the page, not an error page.
@Suite("Console Traffic page")
struct TrafficPageTests {
    @Test("a custom range shows the API's totals and top talker; bad input is a message", arguments: TestEngine.tested)
    func customRange(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { location in
            let console = try await ConsoleHarness.open(location)
            let hour = ConsoleClock.nowMilliseconds() / 1000 / 3600 * 3600 - 3600
            try await console.core.store.addFlowRollups([
                FlowRollupStoreTests.row(
                    hour,
                    .vm(FlowRollupStoreTests.web),
                    .vm(FlowRollupStoreTests.db),
                    port: 5432,
                    bytes: 1000,
                    packets: 10
                ),
                FlowRollupStoreTests.row(
                    hour + 120,
                    FlowRollupStoreTests.outside,
                    .vm(FlowRollupStoreTests.web),
                    port: 443,
                    bytes: 9000,
                    packets: 9
                ),
            ])
            @Sendable func iso(_ seconds: Int64) -> String {
                Date(timeIntervalSince1970: Double(seconds)).ISO8601Format()
            }
            try await console.test { client in
                let api = try decode(
                    FlowAnswers.Top.self,
                    try await client.execute(
                        uri: "/api/v1/flows/top?start=\(hour)&end=\(hour + 3600)",
                        method: .get,
                        headers: bearer(console.readToken)
                    ).body
                )
                let page = try await client.execute(
                    uri: "/traffic?range=custom&from=\(iso(hour))&to=\(iso(hour + 3600))",
                    method: .get,
                    headers: bearer(console.readToken)
                )
                #expect(page.status == .ok)
                let html = String(buffer: page.body)
                #expect(html.contains("id=\"total-bytes\" data-bytes=\"\(api.totals.bytes)\""))
                let first = try #require(api.items.first)
                let escapedKey = first.key.replacingOccurrences(of: ">", with: "&gt;")
                #expect(html.contains("<table id=\"top-pairs\"><thead>"))
                let pairs = try #require(html.range(of: "<table id=\"top-pairs\">"))
                #expect(html[pairs.upperBound...].contains("data-key=\"\(escapedKey)\" data-bytes=\"\(first.bytes)\""))
                #expect(!html.contains("traffic-error"))
                for bad in [
                    "range=custom&from=nope&to=\(iso(hour))", "range=custom&from=\(iso(hour + 60))&to=\(iso(hour))",
                    "address=nope",
                ] {
                    let answer = try await client.execute(
                        uri: "/traffic?\(bad)",
                        method: .get,
                        headers: bearer(console.readToken)
                    )
                    #expect(
                        answer.status == .ok && String(buffer: answer.body).contains("id=\"traffic-error\""),
                        "\(bad)"
                    )
                }
            }
            try await console.close()
        }
    }
}

import ConsoleStore
import Foundation
import Hummingbird

extension ConsoleRouter {
    /// The flow API (read-scoped identities may query): top talkers, time series, new talkers,
    /// and the collector's status. JSON by default, CSV with `format=csv`.
    static func addFlowRoutes(_ api: RouterGroup<ConsoleRequestContext>, _ core: ConsoleCore) {
        api.get("flows/top") { request, context -> Response in
            _ = try context.requireReader()
            let now = ConsoleClock.nowMilliseconds() / 1000
            let query = try FlowQuery(request, now: now)
            let top = try await FlowReports.top(query, core: core, now: now)
            if query.csv { return csvResponse(FlowReports.csv(top)) }
            return try top.response(from: request, context: context)
        }
        api.get("flows/new") { request, context -> Response in
            _ = try context.requireReader()
            let now = ConsoleClock.nowMilliseconds() / 1000
            var query = try FlowQuery(request, now: now)
            if request.uri.queryParameters["limit"] == nil { query.limit = 100 }
            let top = try await FlowReports.top(query, core: core, now: now, newOnly: true)
            if query.csv { return csvResponse(FlowReports.csv(top)) }
            return try top.response(from: request, context: context)
        }
        api.get("flows/series") { request, context -> Response in
            _ = try context.requireReader()
            let now = ConsoleClock.nowMilliseconds() / 1000
            let query = try FlowQuery(request, now: now)
            let series = try await FlowReports.series(query, core: core, now: now)
            if query.csv { return csvResponse(FlowReports.csv(series)) }
            return try series.response(from: request, context: context)
        }
        api.get("flows/collector") { _, context in
            _ = try context.requireReader()
            return FlowCollectorAnswer(core.flowIngest.status)
        }
    }

    static func csvResponse(_ text: String) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "text/csv; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: text))
        )
    }
}

/// The collector's status as an API answer.
struct FlowCollectorAnswer: ResponseEncodable, Sendable {
    var status: FlowIngestStatus
    init(_ status: FlowIngestStatus) { self.status = status }
    func encode(to encoder: any Encoder) throws { try status.encode(to: encoder) }
}

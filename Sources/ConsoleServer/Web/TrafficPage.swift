import ConsoleStore
import Foundation
import Hummingbird
import NetworkTypes

/// The Traffic page: top talkers (pairs), top VMs, protocols and ports, bytes over time and new
/// talkers from the flow rollups, over a range (last hour, day, week or a custom `from`/`to`)
/// and filtered by VM, host or network (address or CIDR). Range and filters live in the query
/// string, so the URL can be shared; the CSV link asks the flow API for the same query.
enum TrafficPage {
    /// The ranges the picker offers, in seconds back from now.
    static let ranges: [(key: String, label: String, seconds: Int64)] = [
        ("hour", "Last hour", 3600), ("day", "Last day", 86_400), ("week", "Last week", 7 * 86_400),
    ]

    static func render(_ core: ConsoleCore, _ identity: ConsoleIdentity, _ request: Request) async throws -> Response {
        let now = ConsoleClock.nowMilliseconds() / 1000
        let parameters = request.uri.queryParameters
        let range = parameters["range"].map(String.init) ?? "hour"
        let fromText = parameters["from"].map(String.init) ?? ""
        let toText = parameters["to"].map(String.init) ?? ""
        let filters = ["vm", "host", "address"].map { ($0, parameters[Substring($0)].map(String.init) ?? "") }
        var query: FlowQuery
        var error: String?
        do {
            query = try FlowQuery(request, now: now)
            if range == "custom" {
                guard let from = parseTime(fromText), let to = parseTime(toText), from < to else {
                    throw ConsoleAPIError(
                        .badRequest,
                        "from and to must be times (YYYY-MM-DDTHH:MM[:SS], UTC unless marked), from before to"
                    )
                }
                (query.start, query.end) = (from, to)
            } else {
                let seconds = ranges.first { $0.key == range }?.seconds ?? 3600
                (query.start, query.end) = (now - seconds, now)
            }
        } catch let failure as ConsoleAPIError {
            error = failure.message
            query = FlowQuery(start: now - 3600, end: now)
        }
        query.limit = 10
        var pairs = query
        pairs.group = .pair
        var vms = query
        vms.group = .vm
        var services = query
        services.group = .service
        var fresh = query
        fresh.limit = 20
        let topPairs = try await FlowReports.top(pairs, core: core, now: now)
        let topVMs = try await FlowReports.top(vms, core: core, now: now)
        let topServices = try await FlowReports.top(services, core: core, now: now)
        let newTalkers = try await FlowReports.top(fresh, core: core, now: now, newOnly: true)
        let series = try await FlowReports.series(query, core: core, now: now)

        var apiQuery = "start=\(query.start)&end=\(query.end)"
        for (name, value) in filters where !value.isEmpty { apiQuery += "&\(name)=\(WebHTML.query(value))" }
        let csv = "/api/v1/flows/top?\(apiQuery)&group=pair&limit=1000&format=csv"
        let estimated = topPairs.estimated ? " <span class=\"badge warn\">estimated (sampled)</span>" : ""
        let body = """
            \(error.map { "<p class=\"error\" id=\"traffic-error\">\(WebHTML.escape($0))</p>" } ?? "")
            \(form(range: range, from: query.start, to: query.end, filters: filters))
            <p class="summary" id="traffic-range">\(WebHTML.time(query.start * 1000)) to \(WebHTML.time(query.end * 1000)): \
            <span id="total-bytes" data-bytes="\(topPairs.totals.bytes)">\(WebHTML.bytes(UInt64(max(0, topPairs.totals.bytes))))</span>, \
            \(WebHTML.packets(UInt64(max(0, topPairs.totals.packets)))), \(topPairs.totals.flows) flows\(estimated) \
            · <a id="csv-export" href="\(WebHTML.escape(csv))">CSV export (pairs)</a></p>
            \(graph(series))
            <h2>Top talkers (pairs)</h2>\(talkers(topPairs, id: "top-pairs", pairs: true))
            <h2>Top VMs</h2>\(talkers(topVMs, id: "top-vms", pairs: false))
            <h2>Protocols and ports</h2>\(talkers(topServices, id: "top-services", pairs: false))
            <h2>New talkers in the range</h2>\(talkers(newTalkers, id: "new-talkers", pairs: true))
            """
        return WebHTML.page(title: "Traffic", active: "/traffic", identity: identity, body: body)
    }

    /// `text` as seconds since 1970: `YYYY-MM-DDTHH:MM[:SS]` (UTC) or a full ISO 8601 time with its zone.
    static func parseTime(_ text: String) -> Int64? {
        var text = text
        if text.count == 16 { text += ":00" }
        if text.count == 19 { text += "Z" }
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return Int64(date.timeIntervalSince1970) }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text).map { Int64($0.timeIntervalSince1970) }
    }

    /// The range picker and the filters: a plain GET form, usable with the keyboard alone.
    static func form(range: String, from: Int64, to: Int64, filters: [(String, String)]) -> String {
        var options = ""
        for (key, label, _) in ranges + [("custom", "Custom from/to", 0)] {
            options += "<option value=\"\(key)\"\(key == range ? " selected" : "")>\(label)</option>"
        }
        func local(_ seconds: Int64) -> String {
            String(Date(timeIntervalSince1970: Double(seconds)).ISO8601Format().prefix(19))
        }
        let labels = ["vm": "VM", "host": "Host", "address": "Network (address or CIDR)"]
        var inputs = ""
        for (name, value) in filters {
            inputs +=
                " <label>\(labels[name] ?? name) <input id=\"traffic-\(name)\" name=\"\(name)\" value=\"\(WebHTML.escape(value))\" size=\"14\"></label>"
        }
        return """
            <form method="get" action="/traffic" id="traffic-form" class="inline" role="search">\
            <label>Range <select id="traffic-range-select" name="range">\(options)</select></label> \
            <label>From <input type="datetime-local" id="traffic-from" name="from" step="1" value="\(local(from))" data-ms="\(from * 1000)"></label> \
            <label>To <input type="datetime-local" id="traffic-to" name="to" step="1" value="\(local(to))" data-ms="\(to * 1000)"></label>\
            \(inputs) <button type="submit" id="traffic-apply">Show</button></form>
            """
    }

    /// A table of talkers; `pairs` shows source, destination and service, else the group's name.
    static func talkers(_ top: FlowAnswers.Top, id: String, pairs: Bool) -> String {
        func endpoint(_ endpoint: FlowAnswers.Endpoint?) -> String {
            guard let endpoint else { return "" }
            if endpoint.vm.isEmpty { return "<code>\(WebHTML.escape(endpoint.key))</code>" }
            return "<a href=\"/traffic?vm=\(WebHTML.query(endpoint.vm))\">\(WebHTML.escape(endpoint.vm))</a>"
        }
        func service(_ item: FlowAnswers.Talker) -> String {
            guard let ipProtocol = item.protocol else { return WebHTML.escape(item.name) }
            let name: String =
                switch ipProtocol {
                case 6: "tcp"
                case 17: "udp"
                case 1: "icmp"
                case 58: "icmpv6"
                case 132: "sctp"
                default: String(ipProtocol)
                }
            return item.port.map { $0 == 0 ? name : "\(name)/\($0)" } ?? name
        }
        let counts = ["Bytes", "Packets", "Flows"] + (id == "new-talkers" ? ["First seen"] : [])
        let headers =
            pairs ? ["Source", "Destination", "Service"] + counts : [id == "top-vms" ? "VM" : "Service"] + counts
        var attributes: [String] = []
        let rows = top.items.map { item -> [String] in
            attributes.append("data-key=\"\(WebHTML.escape(item.key))\" data-bytes=\"\(item.bytes)\"")
            var row: [String]
            if pairs {
                row = [endpoint(item.source), endpoint(item.destination), service(item)]
            } else if id == "top-vms" {
                row = [
                    item.name == item.key
                        ? "<code>\(WebHTML.escape(item.name))</code>"
                        : "<a href=\"/vm?name=\(WebHTML.query(item.name))\">\(WebHTML.escape(item.name))</a>"
                ]
            } else {
                row = [service(item)]
            }
            row += [
                WebHTML.bytes(UInt64(max(0, item.bytes))), WebHTML.packets(UInt64(max(0, item.packets))),
                String(item.flows),
            ]
            if id == "new-talkers" { row.append(WebHTML.time(item.firstSeen.map { $0 * 1000 })) }
            return row
        }
        return WebHTML.table(id: id, headers: headers, rows: rows, rowAttributes: attributes)
    }

    /// An SVG line of bytes per second per interval of `series`, with its peak as a label.
    static func graph(_ series: FlowAnswers.Series) -> String {
        let interval = Double(max(1, series.interval))
        let rates = series.points.map { (at: $0.start, rate: Double($0.bytes) / interval) }
        guard
            let graph = WebHTML.rateGraph(
                rates,
                width: 800,
                height: 140,
                attributes: "class=\"traffic flows\"",
                label: "bytes per second"
            )
        else { return "<p class=\"muted\" id=\"traffic-graph\">No flows in this range to graph.</p>" }
        return """
            <figure class="graph" id="traffic-graph">\(graph.svg)<figcaption>bytes per second, \(rates.count) intervals \
            of \(series.interval) s (\(series.table)): peak \(graph.peak)</figcaption></figure>
            """
    }

    /// The VM page's Traffic section: its top peers and services over the last day.
    static func vmSection(_ core: ConsoleCore, vm: String) async throws -> String {
        let now = ConsoleClock.nowMilliseconds() / 1000
        var query = FlowQuery(start: now - 86_400, end: now, group: .pair, limit: 5)
        query.vm = GlobPattern(vm)
        let peers = try await FlowReports.top(query, core: core, now: now)
        query.group = .service
        let services = try await FlowReports.top(query, core: core, now: now)
        let link = "/traffic?range=day&vm=\(WebHTML.query(vm))"
        return """
            <p id="vm-traffic">Last day: \(WebHTML.bytes(UInt64(max(0, peers.totals.bytes)))) in \(peers.totals.flows) flows · \
            <a href="\(WebHTML.escape(link))">all of this VM's traffic</a></p>
            <h3>Top peers</h3>\(talkers(peers, id: "vm-peers", pairs: true))
            <h3>Services</h3>\(talkers(services, id: "vm-services", pairs: false))
            """
    }
}

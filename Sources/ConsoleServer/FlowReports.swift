import ConsoleFlows
import ConsoleStore
import Foundation

/// The flow API's answers, computed from the rollup sums the store returns.
public enum FlowReports {
    /// Top talkers of `query`'s range, grouped and ranked as it asks.
    public static func top(
        _ query: FlowQuery,
        core: ConsoleCore,
        now: Int64,
        newOnly: Bool = false
    ) async throws -> FlowAnswers.Top {
        let retention = core.configuration.flowRetention
        let table = retention.table(for: query.start, query.end, now: now)
        let (from, to) = range(query, table)
        var rows = try await core.store.flowSums(table, from: from, to: to, filter: query.rowFilter, perBucket: newOnly)
        let estate = FlowEstateIndex(try await core.estate())
        rows = rows.filter { passes($0, query, estate) }
        var firstSeen: [[String]: Int64] = [:]
        if newOnly {
            // A pair is new when neither the hour table before the range's hour nor the minute
            // table from that hour to the range's start has it.
            let hour = FlowRollupResolution.hour.bucket(ofSeconds: from)
            var seen = try await core.store.flowPairs(.hour, from: Int64.min / 2, to: hour)
            if hour < from { seen.formUnion(try await core.store.flowPairs(.minute, from: hour, to: from)) }
            rows = rows.filter { !seen.contains([$0.sourceKey, $0.destinationKey]) }
            for row in rows {
                let pair = [row.sourceKey, row.destinationKey]
                firstSeen[pair] = min(firstSeen[pair] ?? .max, row.bucket)
            }
        }
        var totals = FlowAnswers.Counts()
        var estimated = false
        var groups: [String: FlowAnswers.Talker] = [:]
        for row in rows {
            totals.bytes += row.bytes
            totals.packets += row.packets
            totals.flows += row.flows
            estimated = estimated || row.isEstimated
            for talker in talkers(of: row, query, estate) {
                var talker = talker
                if newOnly { talker.firstSeen = firstSeen[[row.sourceKey, row.destinationKey]] }
                if var existing = groups[talker.key] {
                    existing.bytes += talker.bytes
                    existing.packets += talker.packets
                    existing.flows += talker.flows
                    existing.estimated = existing.estimated || talker.estimated
                    if let seen = talker.firstSeen { existing.firstSeen = min(seen, existing.firstSeen ?? .max) }
                    groups[talker.key] = existing
                } else {
                    groups[talker.key] = talker
                }
            }
        }
        let measure: (FlowAnswers.Talker) -> Int64 =
            switch query.measure {
            case .bytes: { $0.bytes }
            case .packets: { $0.packets }
            case .flows: { $0.flows }
            }
        let items = groups.values.sorted { measure($0) != measure($1) ? measure($0) > measure($1) : $0.key < $1.key }
        return FlowAnswers.Top(
            table: table.tableName,
            resolution: table.seconds,
            start: from,
            end: to,
            by: query.measure.rawValue,
            group: query.group.rawValue,
            estimated: estimated,
            totals: totals,
            items: Array(items.prefix(query.limit))
        )
    }

    /// Bytes, packets and flows per interval of `query`'s range (the interval chosen from the range).
    public static func series(_ query: FlowQuery, core: ConsoleCore, now: Int64) async throws -> FlowAnswers.Series {
        let retention = core.configuration.flowRetention
        let interval = retention.seriesInterval(for: query.start, query.end, now: now)
        let kept = FlowRollupResolution.allCases.filter { retention.horizon(of: $0, now: now) <= query.start }
        var table = FlowRollupResolution.hour
        if let first = kept.first { table = first }
        for resolution in kept where interval % resolution.seconds == 0 { table = resolution }
        let (from, to) = range(query, table)
        let estate = FlowEstateIndex(try await core.estate())
        let rows = try await core.store.flowSums(table, from: from, to: to, filter: query.rowFilter, perBucket: true)
            .filter { passes($0, query, estate) }
        let first = floor(from, interval)
        var points: [FlowAnswers.Point] = []
        var at = first
        while at < to {
            points.append(FlowAnswers.Point(start: at, bytes: 0, packets: 0, flows: 0))
            at += interval
        }
        var totals = FlowAnswers.Counts()
        var estimated = false
        for row in rows {
            let index = Int((floor(row.bucket, interval) - first) / interval)
            guard points.indices.contains(index) else { continue }
            points[index].bytes += row.bytes
            points[index].packets += row.packets
            points[index].flows += row.flows
            totals.bytes += row.bytes
            totals.packets += row.packets
            totals.flows += row.flows
            estimated = estimated || row.isEstimated
        }
        return FlowAnswers.Series(
            table: table.tableName,
            resolution: table.seconds,
            interval: interval,
            start: from,
            end: to,
            estimated: estimated,
            totals: totals,
            points: points
        )
    }

    /// The range widened to whole buckets of `table` (a partly covered bucket counts whole).
    static func range(_ query: FlowQuery, _ table: FlowRollupResolution) -> (Int64, Int64) {
        let from = table.bucket(ofSeconds: query.start)
        let last = table.bucket(ofSeconds: query.end - 1)
        return (from, last + table.seconds)
    }

    static func floor(_ value: Int64, _ interval: Int64) -> Int64 {
        let r = value % interval
        return r >= 0 ? value - r : value - r - interval
    }

    /// A row passes when one of its endpoints passes the endpoint filters.
    static func passes(_ row: FlowRollupStoredRow, _ query: FlowQuery, _ estate: FlowEstateIndex) -> Bool {
        guard query.filtersEndpoints else { return true }
        return estate.matches(key: row.sourceKey, vm: row.sourceVM, host: row.sourceHost, query)
            || estate.matches(key: row.destinationKey, vm: row.destinationVM, host: row.destinationHost, query)
    }

    /// What one row adds to the groups of `query` (one entry per distinct group it belongs to).
    static func talkers(
        of row: FlowRollupStoredRow,
        _ query: FlowQuery,
        _ estate: FlowEstateIndex
    ) -> [FlowAnswers.Talker] {
        let source = FlowAnswers.Endpoint(
            key: row.sourceKey,
            vm: row.sourceVM,
            host: row.sourceHost,
            network: row.sourceNetwork
        )
        let destination = FlowAnswers.Endpoint(
            key: row.destinationKey,
            vm: row.destinationVM,
            host: row.destinationHost,
            network: row.destinationNetwork
        )
        func talker(_ key: String, _ name: String) -> FlowAnswers.Talker {
            FlowAnswers.Talker(
                key: key,
                name: name,
                bytes: row.bytes,
                packets: row.packets,
                flows: row.flows,
                estimated: row.isEstimated
            )
        }
        switch query.group {
        case .pair:
            var entry = talker("\(row.sourceKey) > \(row.destinationKey) \(row.ipProtocol)/\(row.servicePort)", "")
            entry.name = "\(name(source)) > \(name(destination))"
            entry.source = source
            entry.destination = destination
            entry.protocol = row.ipProtocol
            entry.port = row.servicePort
            return [entry]
        case .service:
            var entry = talker("\(row.ipProtocol)/\(row.servicePort)", "\(row.ipProtocol)/\(row.servicePort)")
            entry.protocol = row.ipProtocol
            entry.port = row.servicePort
            return [entry]
        case .vm, .endpoint, .host, .network:
            var keys: [(String, String)] = []
            for side in [source, destination] {
                if query.filtersEndpoints, !estate.matches(key: side.key, vm: side.vm, host: side.host, query) {
                    continue
                }
                switch query.group {
                case .vm where !side.vm.isEmpty: keys.append((side.key, side.vm))
                case .endpoint: keys.append((side.key, name(side)))
                case .host where !side.host.isEmpty: keys.append((side.host, side.host))
                case .network where !side.network.isEmpty: keys.append((side.network, side.network))
                default: break
                }
            }
            var out: [FlowAnswers.Talker] = []
            for (key, label) in keys where !out.contains(where: { $0.key == key }) { out.append(talker(key, label)) }
            return out
        }
    }

    static func name(_ endpoint: FlowAnswers.Endpoint) -> String { endpoint.vm.isEmpty ? endpoint.key : endpoint.vm }

    /// A top answer as CSV (one header line, one line per item).
    static func csv(_ top: FlowAnswers.Top) -> String {
        var lines = ["key,name,source,destination,protocol,port,bytes,packets,flows,first_seen,estimated,table"]
        for item in top.items {
            let source: String = item.source.map(name) ?? ""
            let destination: String = item.destination.map(name) ?? ""
            let ipProtocol: String = item.protocol.map { String($0) } ?? ""
            let port: String = item.port.map { String($0) } ?? ""
            let firstSeen: String = item.firstSeen.map { String($0) } ?? ""
            var fields: [String] = [item.key, item.name, source, destination, ipProtocol, port]
            fields += [
                String(item.bytes), String(item.packets), String(item.flows), firstSeen, String(item.estimated),
                top.table,
            ]
            lines.append(fields.map(field).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A series as CSV.
    static func csv(_ series: FlowAnswers.Series) -> String {
        var lines = ["start,bytes,packets,flows,estimated,table"]
        for point in series.points {
            lines.append(
                "\(point.start),\(point.bytes),\(point.packets),\(point.flows),\(series.estimated),\(series.table)"
            )
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A CSV field, quoted when it holds a comma, quote or line break (RFC 4180).
    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

import Foundation
import Hummingbird

/// HTML building blocks for the console's web pages: escaping, the page frame, times and
/// numbers with units. Every value that reaches a page passes through ``escape(_:)``.
enum WebHTML {
    /// `text` with `& < > " '` replaced by entities, safe in element text and quoted attributes.
    static func escape(_ text: String) -> String {
        if !text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) {
            return text
        }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// `text` percent-encoded for a query string value.
    static func query(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// A `<time>` element: UTC text on the server, rewritten to the reader's time zone by console.js.
    static func time(_ milliseconds: Int64?) -> String {
        guard let milliseconds else { return "<span class=\"muted\">never</span>" }
        let date = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
        let iso = date.ISO8601Format()
        return
            "<time datetime=\"\(iso)\" data-ms=\"\(milliseconds)\">\(iso.replacingOccurrences(of: "T", with: " "))</time>"
    }

    /// `value` bytes with a decimal unit (B, kB, MB, GB, TB).
    static func bytes(_ value: UInt64) -> String { scaled(Double(value), units: ["B", "kB", "MB", "GB", "TB"]) }

    /// `value` packets with a decimal unit (pkts, kpkts, Mpkts, Gpkts).
    static func packets(_ value: UInt64) -> String {
        scaled(Double(value), units: ["pkts", "kpkts", "Mpkts", "Gpkts"])
    }

    static func scaled(_ value: Double, units: [String]) -> String {
        var value = value
        var index = 0
        while value >= 1000, index < units.count - 1 {
            value /= 1000
            index += 1
        }
        let text =
            index == 0 ? String(Int(value)) : String(format: value < 10 ? "%.2f" : value < 100 ? "%.1f" : "%.0f", value)
        return "\(text) \(units[index])"
    }

    /// An SVG line of `rates` (time, bytes per second) scaled to their peak (at least 1 B/s), with
    /// `attributes` on the `<svg>`, and that peak with its unit; nil for fewer than two samples or
    /// samples that span no time.
    static func rateGraph(
        _ rates: [(at: Int64, rate: Double)],
        width: Int,
        height: Int,
        attributes: String,
        label: String
    ) -> (svg: String, peak: String)? {
        guard rates.count >= 2, let first = rates.first?.at, let last = rates.last?.at, last > first else { return nil }
        let peak = max(rates.map(\.rate).max() ?? 0, 1)
        let points = rates.map { sample in
            let x = Double(sample.at - first) / Double(last - first) * Double(width)
            let y = Double(height) - sample.rate / peak * Double(height - 10)
            return String(format: "%.1f,%.1f", x, y)
        }
        let peakText = rate(peak)
        let svg = """
            <svg \(attributes) viewBox="0 0 \(width) \(height)" width="\(width)" height="\(height)" role="img" \
            aria-label="\(label), peak \(peakText)"><polyline points="\(points.joined(separator: " "))"/></svg>
            """
        return (svg, peakText)
    }

    /// `value` bytes per second with a decimal unit (B/s, kB/s, MB/s, GB/s).
    static func rate(_ value: Double) -> String { scaled(value, units: ["B/s", "kB/s", "MB/s", "GB/s"]) }

    /// A whole page: navigation, the signed-in identity with a logout button, and `body`.
    static func page(title: String, active: String, identity: ConsoleIdentity?, body: String) -> Response {
        var nav = ""
        if let identity {
            for (path, name) in [
                ("/estate", "Estate"), ("/coverage", "Coverage"), ("/policy", "Policy"), ("/taps", "Taps"),
                ("/traffic", "Traffic"),
            ] {
                let current = path == active ? " aria-current=\"page\"" : ""
                nav += "<a href=\"\(path)\"\(current)>\(name)</a>"
            }
            let role = identity.canWrite ? "writer" : "read-only"
            nav += """
                <span class="who" data-can-write="\(identity.canWrite)">\(escape(identity.auditName)) (\(role))</span>\
                <form method="post" action="/logout" class="inline"><button type="submit">Log out</button></form>
                """
        }
        let html = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(title)) · VirtualTap console</title>
            <link rel="stylesheet" href="/assets/console.css"><script src="/assets/console.js" defer></script></head>
            <body><header><strong class="brand">VirtualTap</strong><nav>\(nav)</nav></header>
            <main><h1>\(escape(title))</h1>
            \(body)
            </main><div id="progress" hidden role="status">Working…</div></body></html>
            """
        return response(html)
    }

    /// `html` as a `text/html` response whose scripts and styles may come only from the console.
    static func response(_ html: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status,
            headers: [
                .contentType: "text/html; charset=utf-8",
                .contentSecurityPolicy:
                    "default-src 'self'; script-src 'self'; style-src 'self'; frame-ancestors 'none'",
                .cacheControl: "no-store",
            ],
            body: .init(byteBuffer: ByteBuffer(string: html))
        )
    }

    /// Rows per page in the long lists (Estate's VMs, Coverage's NICs).
    static let pageSize = 200

    /// A search form (`q`, shareable in the URL) and links to the pages of a list of `total` rows.
    static func pager(path: String, query: String, page: Int, total: Int, id: String) -> String {
        let pages = max(1, (total + pageSize - 1) / pageSize)
        var html = """
            <form method="get" action="\(path)" class="inline" role="search"><label>Filter <input id="\(id)-filter" type="search" name="q"             value="\(escape(query))" placeholder="name, host, tag, MAC, IP"></label> <button type="submit">Search</button></form>             <span class="muted" id="\(id)-matches">\(total) matching</span>
            """
        if pages > 1 {
            html += " <nav class=\"pages\" aria-label=\"pages\">"
            for index in 1...pages {
                html +=
                    index == page
                    ? " <strong aria-current=\"page\">\(index)</strong>"
                    : " <a href=\"\(path)?q=\(self.query(query))&amp;page=\(index)\">\(index)</a>"
            }
            html += "</nav>"
        }
        return html
    }

    /// The 1-based page number asked for in `?page=`, within `1...` the number of pages.
    static func pageNumber(_ request: Request, total: Int) -> Int {
        let asked = request.uri.queryParameters["page"].flatMap { Int($0) } ?? 1
        return min(max(1, asked), max(1, (total + pageSize - 1) / pageSize))
    }

    /// A table with a header row; `rows` are already-escaped cells.
    static func table(id: String, headers: [String], rows: [[String]], rowAttributes: [String]? = nil) -> String {
        var html = "<table id=\"\(id)\"><thead><tr>"
        for header in headers { html += "<th scope=\"col\">\(escape(header))</th>" }
        html += "</tr></thead><tbody>"
        for (index, row) in rows.enumerated() {
            html += "<tr\(rowAttributes.map { " " + $0[index] } ?? "")>"
            for cell in row { html += "<td>\(cell)</td>" }
            html += "</tr>"
        }
        if rows.isEmpty { html += "<tr><td colspan=\"\(headers.count)\" class=\"muted\">none</td></tr>" }
        return html + "</tbody></table>"
    }
}

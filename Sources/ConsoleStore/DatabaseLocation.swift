/// Where the console keeps its data: an embedded SQLite file or a PostgreSQL server.
public enum DatabaseLocation: Sendable, Equatable, CustomStringConvertible {
    /// An SQLite database file (created when missing).
    case sqlite(path: String)
    /// A PostgreSQL server, as a `postgres://user[:password]@host[:port]/database[?tlsmode=…]` URL.
    case postgres(url: String)

    /// Reads `postgres://` and `postgresql://` URLs as PostgreSQL and anything else as an SQLite file path.
    public init(parsing text: String) {
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") || text.hasPrefix("postgres+tcp://") {
            self = .postgres(
                url: text.hasPrefix("postgresql://") ? "postgres://" + text.dropFirst("postgresql://".count) : text
            )
        } else {
            self = .sqlite(path: text)
        }
    }

    /// The engine's name, as `/healthz` and the logs show it.
    public var engine: String {
        switch self {
        case .sqlite: "sqlite"
        case .postgres: "postgresql"
        }
    }

    /// The location with any password in a PostgreSQL URL replaced by `***`.
    public var description: String {
        switch self {
        case .sqlite(let path): return path
        case .postgres(let url):
            guard let at = url.firstIndex(of: "@"), let scheme = url.range(of: "://"),
                let colon = url[scheme.upperBound..<at].firstIndex(of: ":")
            else { return url }
            return String(url[..<url.index(after: colon)]) + "***" + String(url[at...])
        }
    }
}

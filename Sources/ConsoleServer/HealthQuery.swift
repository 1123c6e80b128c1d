import Hummingbird

/// A tap health query (`GET /api/v1/agents/{id}/health`): the range `start..<end` in seconds since
/// 1970 (default: the last hour, up to and including the current second) and optionally one
/// destination.
public struct HealthQuery: Sendable, Hashable {
    /// The range's first second (seconds since 1970).
    public var start: Int64
    /// The second after the range (exclusive).
    public var end: Int64
    /// Only this destination in the answer's destination list (the agent's totals stay whole).
    public var destination: String?

    /// The latest time a range may name (the year 3000), so milliseconds never overflow (the flow
    /// queries take the same bound).
    static let latest: Int64 = 32_503_680_000
    /// The longest range, as for the flow API.
    static let longest: Int64 = 3 * 366 * 86_400
    /// A series has at most this many points (the interval grows with the range).
    static let maximumPoints: Int64 = 360
    static let intervals: [Int64] = [1, 2, 5, 10, 15, 30, 60, 300, 900, 3600, 21_600, 86_400]

    /// The range `start..<end` (seconds since 1970), all destinations or only `destination`.
    public init(start: Int64, end: Int64, destination: String? = nil) {
        self.start = start
        self.end = end
        self.destination = destination
    }

    /// Reads the query string; a bad value is a 400 naming the parameter.
    public init(_ request: Request, now: Int64) throws {
        let parameters = request.uri.queryParameters
        func integer(_ name: String) throws -> Int64? {
            guard let text = parameters[Substring(name)].map(String.init) else { return nil }
            guard let value = Int64(text), (0...Self.latest).contains(value) else {
                throw ConsoleAPIError(.badRequest, "\(name) must be seconds since 1970, 0 to \(Self.latest)")
            }
            return value
        }
        end = try integer("end") ?? now + 1
        start = try integer("start") ?? max(0, end - 3600)
        guard start < end, end - start <= Self.longest else {
            throw ConsoleAPIError(.badRequest, "start must be before end, at most 3 years apart (seconds since 1970)")
        }
        if let text = parameters["destination"].map(String.init), !text.isEmpty { destination = text }
    }

    /// The series' interval in seconds: the smallest of 1, 2, 5, 10, 15, 30 s, 1, 5, 15 min, 1, 6 h
    /// and 1 day that gives at most 360 points and is not shorter than one heartbeat interval (a
    /// shorter one would hold no heartbeat in most intervals); whole days beyond that.
    public func interval(heartbeatIntervalSeconds: Double) -> Int64 {
        let span = max(end - start, 1)
        let heartbeat = Int64(min(max(heartbeatIntervalSeconds, 1), 86_400).rounded(.up))
        for interval in Self.intervals where interval >= heartbeat && span / interval <= Self.maximumPoints {
            return interval
        }
        let days = max((span / 86_400 + Self.maximumPoints - 1) / Self.maximumPoints, (heartbeat + 86_399) / 86_400)
        return 86_400 * days
    }
}

import Foundation

/// Waiting for a condition instead of sleeping for a guessed time: the condition is checked
/// every `poll` seconds until it holds or `timeout` seconds have passed. A wait returns as soon
/// as the condition holds, so a fast machine is not slowed down and a slow one gets the whole
/// timeout; when the time is up it throws `PollTimeout` naming what was awaited.
public enum Poll {
    /// Checks `condition` until it returns true; throws `PollTimeout` after `timeout` seconds.
    /// `what` says what is awaited ("tapctl decap bound gre:198.18.0.2"); `report`, called only
    /// on timeout, adds what was seen instead (a log's tail, the last counters). An error thrown
    /// by `condition` ends the wait with that error.
    public static func until(
        _ what: @autoclosure () -> String,
        timeout: Double = 20,
        poll: Double = 0.02,
        report: @autoclosure () -> String = "",
        _ condition: () throws -> Bool
    ) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if try condition() { return }
            if Date() >= deadline { throw PollTimeout(what: what(), timeout: timeout, seen: report()) }
            usleep(UInt32(poll * 1_000_000))
        }
    }

    /// The async form of `until(_:timeout:poll:report:_:)`: sleeps with `Task.sleep`, so the
    /// waiting task gives its thread back between checks.
    public static func until(
        _ what: @autoclosure () -> String,
        timeout: Double = 20,
        poll: Double = 0.05,
        report: @autoclosure () -> String = "",
        _ condition: () async throws -> Bool
    ) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if try await condition() { return }
            if Date() >= deadline { throw PollTimeout(what: what(), timeout: timeout, seen: report()) }
            try await Task.sleep(for: .seconds(poll))
        }
    }

    /// Waits until the file at `path` contains `text` at least `count` times (a missing file
    /// counts as empty); on timeout the error shows the file's last 3,000 characters.
    public static func untilFile(_ path: String, contains text: String, count: Int = 1, timeout: Double = 20) throws {
        func contents() -> String {
            String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
        }
        try until(
            "\(count == 1 ? "" : "\(count)× ")'\(text)' in \(path)",
            timeout: timeout,
            poll: 0.05,
            report: String(contents().suffix(3000))
        ) { contents().components(separatedBy: text).count - 1 >= count }
    }
}

/// A `Poll` wait ran out of time: `what` was awaited for `timeout` seconds; `seen` is what the
/// caller reported instead (may be empty).
public struct PollTimeout: Error, CustomStringConvertible {
    /// What was awaited, as a phrase ("the decap socket bound").
    public var what: String
    /// How long it was awaited, in seconds.
    public var timeout: Double
    /// What the caller saw last instead (may be empty).
    public var seen: String

    /// One line (plus what was seen): "timed out after N s waiting for <what>".
    public var description: String {
        let head = "timed out after \(timeout) s waiting for \(what)"
        return seen.isEmpty ? head : "\(head); seen:\n\(seen)"
    }
}

import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The agent's HTTP client for the console's API (enroll, configuration, heartbeat).
public struct ConsoleClient: Sendable {
    /// The console's URL; API paths (`api/v1/...`) are appended to it.
    public let baseURL: URL
    /// Sent as the bearer token of every request when set; `nil` before enrollment.
    public var credential: AgentCredential?
    let session: URLSession

    /// A client for the console at `baseURL`, with an ephemeral URL session (no cookies or cache kept) whose requests
    /// fail after `timeoutSeconds`.
    public init(baseURL: URL, credential: AgentCredential? = nil, timeoutSeconds: Double = 10) {
        self.baseURL = baseURL
        self.credential = credential
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeoutSeconds
        configuration.timeoutIntervalForResource = timeoutSeconds
        self.session = URLSession(configuration: configuration)
    }

    /// Exchanges an enrollment token for this agent's credential.
    public func enroll(token: String, name: String) async throws -> AgentCredential {
        let (data, _) = try await send(
            "POST",
            "api/v1/agents/enroll",
            body: EnrollmentRequest(enrollmentToken: token, name: name),
            expect: [201]
        )
        return try JSONDecoder().decode(AgentCredential.self, from: data)
    }

    /// The agent's bundle, or nil when it is still `revision` (304 Not Modified).
    public func bundle(ifNoneMatch revision: String?) async throws -> ConfigBundle? {
        let credential = try requireCredential()
        var headers: [String: String] = [:]
        if let revision { headers["If-None-Match"] = "\"\(revision)\"" }
        let (data, status) = try await send(
            "GET",
            "api/v1/agents/\(credential.agentID)/config",
            body: Optional<String>.none,
            headers: headers,
            expect: [200, 304]
        )
        if status == 304 { return nil }
        return try JSONDecoder().decode(ConfigBundle.self, from: data)
    }

    /// Sends `report` (`POST /api/v1/agents/{id}/heartbeat`, expecting 204).
    ///
    /// - Throws: ``ConsoleClientError`` when the agent has no credential, the console cannot be reached, or it
    ///   answers with another status (401 or 403 for a refused credential).
    public func heartbeat(_ report: AgentHeartbeat) async throws {
        let credential = try requireCredential()
        _ = try await send("POST", "api/v1/agents/\(credential.agentID)/heartbeat", body: report, expect: [204])
    }

    private func requireCredential() throws -> AgentCredential {
        guard let credential else { throw ConsoleClientError("the agent is not enrolled (give --enroll-token once)") }
        return credential
    }

    private func send(
        _ method: String,
        _ path: String,
        body: (some Encodable)?,
        headers: [String: String] = [:],
        expect: Set<Int>
    ) async throws -> (Data, Int) {
        var request = URLRequest(url: baseURL.appendingPathComponent(path))
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let credential { request.setValue("Bearer \(credential.secret)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = try JSONEncoder().encode(body)
        }
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await session.data(for: request)
        } catch {
            // Foundation's errors print as a dictionary dump; the reason is its localized description.
            let reason = (error as NSError).userInfo[NSLocalizedDescriptionKey] as? String ?? "\(error)"
            throw ConsoleClientError("\(method) \(request.url?.absoluteString ?? path): \(reason)")
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard expect.contains(status) else {
            let message =
                (try? JSONDecoder().decode(APIFailure.self, from: data).error)
                ?? String(decoding: data.prefix(200), as: UTF8.self)
            throw ConsoleClientError("\(method) \(path): HTTP \(status): \(message)", status: status)
        }
        return (data, status)
    }
}

/// The API's error body.
struct APIFailure: Decodable {
    var error: String
}

/// A console request that failed, in one line (with the HTTP status when there was one).
public struct ConsoleClientError: Error, CustomStringConvertible, Sendable {
    /// The failure in one line: method, path and the console's error text, or the transport's reason.
    public let description: String
    /// The HTTP status the console answered with; `nil` when there was no answer (or no request).
    public let status: Int?
    /// An error saying `description`, with the HTTP `status` when there was one.
    public init(_ description: String, status: Int? = nil) {
        self.description = description
        self.status = status
    }
}

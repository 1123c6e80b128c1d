import Foundation
import Inventory
import TapVocabulary

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Reads vSphere tags (names) per VM through the vAPI REST endpoints of vCenter
/// (`/rest/com/vmware/cis/session`, `…/tagging/tag`, `…/tagging/tag/id:ID`,
/// `…/tagging/tag-association?~action=list-attached-objects-on-tags`); SOAP has
/// no tagging. A server without these endpoints (a standalone ESXi host answers
/// 404) has no tags: the reader then returns none and stops asking.
struct VSphereTagReader {
    let base: URL
    let username: String
    let password: String
    let session: URLSession
    let source: String

    private struct Value<T: Decodable>: Decodable { var value: T }
    private struct Tag: Decodable { var name: String }
    private struct Attached: Decodable {
        struct Object: Decodable {
            var type: String
            var id: String
        }
        var tag_id: String
        var object_ids: [Object]?
    }

    /// The answer of one request: the body, or `nil` for 404 (no such endpoint).
    private func request(
        _ path: String,
        method: String,
        sessionID: String?,
        body: Data? = nil
    )
        async throws(InventorySourceError) -> Data?
    {
        var request = URLRequest(url: base.appendingPathComponent("rest" + path))
        if let range = path.range(of: "?") {  // appendingPathComponent would escape the query
            var components = URLComponents(url: base, resolvingAgainstBaseURL: false)
            components?.path = "/rest" + path[..<range.lowerBound]
            components?.percentEncodedQuery = String(path[range.upperBound...])
            if let url = components?.url { request = URLRequest(url: url) }
        }
        request.httpMethod = method
        request.httpBody = body
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        if let sessionID {
            request.setValue(sessionID, forHTTPHeaderField: "vmware-api-session-id")
        } else {
            request.setValue(
                "Basic " + Data("\(username):\(password)".utf8).base64EncodedString(),
                forHTTPHeaderField: "Authorization"
            )
        }
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await session.data(for: request)
        } catch {
            throw InventorySourceError(
                source: source,
                reason: "cannot reach \(base.absoluteString)rest: \(error.localizedDescription)"
            )
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        if status == 404 { return nil }
        guard status == 200 else {
            throw InventorySourceError(source: source, reason: "tagging \(method) \(path): HTTP status \(status)")
        }
        return data
    }

    private func decode<T: Decodable>(_ type: T.Type, _ data: Data, _ what: String) throws(InventorySourceError) -> T {
        do { return try JSONDecoder().decode(Value<T>.self, from: data).value } catch {
            throw InventorySourceError(source: source, reason: "tagging: unusable \(what) answer")
        }
    }

    /// Tag names by VM managed object id, or `nil` when the server has no tagging.
    func tagsByVirtualMachine() async throws(InventorySourceError) -> [String: [String]]? {
        guard let login = try await request("/com/vmware/cis/session", method: "POST", sessionID: nil) else {
            return nil
        }
        let sessionID = try decode(String.self, login, "session")
        defer {
            let session = self
            Task { _ = try? await session.request("/com/vmware/cis/session", method: "DELETE", sessionID: sessionID) }
        }
        guard let list = try await request("/com/vmware/cis/tagging/tag", method: "GET", sessionID: sessionID) else {
            return nil
        }
        let tagIDs = try decode([String].self, list, "tag list")
        guard !tagIDs.isEmpty else { return [:] }
        var names: [String: String] = [:]
        for id in tagIDs {
            // The URL escapes the id once (it holds colons: urn:vmomi:InventoryServiceTag:…).
            guard
                let data = try await request(
                    "/com/vmware/cis/tagging/tag/id:" + id,
                    method: "GET",
                    sessionID: sessionID
                )
            else { continue }
            names[id] = try decode(Tag.self, data, "tag").name
        }
        let body = (try? JSONEncoder().encode(["tag_ids": tagIDs])) ?? Data()
        guard
            let attachedData = try await request(
                "/com/vmware/cis/tagging/tag-association?~action=list-attached-objects-on-tags",
                method: "POST",
                sessionID: sessionID,
                body: body
            )
        else { return nil }
        var result: [String: [String]] = [:]
        for attached in try decode([Attached].self, attachedData, "tag association") {
            guard let name = names[attached.tag_id] else { continue }
            for object in attached.object_ids ?? [] where object.type == "VirtualMachine" {
                result[object.id, default: []].append(name)
            }
        }
        return result.mapValues { $0.sorted() }
    }
}

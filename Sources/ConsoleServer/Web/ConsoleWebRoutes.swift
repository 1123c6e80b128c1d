import ConsoleStore
import Foundation
import HTTPTypes
import Hummingbird

/// The console's web pages: login and logout, Estate, a VM's page, Coverage, Policy (with a
/// revision diff), Taps and Traffic, plus their one stylesheet and script. Pages need a login session
/// or an API token sign-in (the `vt_session` cookie); without one they redirect to `/login`.
/// Edit controls are rendered only for identities that may write.
public enum ConsoleWebRoutes {
    /// Adds the pages to `router`.
    public static func add(to router: Router<ConsoleRequestContext>, core: ConsoleCore) {
        router.get("/") { _, _ in Response.redirect(to: "/estate") }
        router.get("favicon.ico") { _, _ in HTTPResponse.Status.noContent }
        // The editor's validation: always 200 (a browser logs every 4xx as an error), the
        // verdict and the error's place in the body.
        router.post("policy/check") { request, context in
            _ = try context.requireReader()
            let text = try await request.decode(as: APIBodies.PolicyText.self, context: context).text
            do {
                let policy = try core.validate(text)
                return PolicyCheck(valid: true, rules: policy.rules.count, destinations: policy.destinations.count)
            } catch let error as ConsoleAPIError {
                return PolicyCheck(valid: false, error: error.message, line: error.line, column: error.column)
            }
        }
        router.get("assets/console.css") { _, _ in asset(WebAssets.css, type: "text/css; charset=utf-8") }
        router.get("assets/console.js") { _, _ in asset(WebAssets.javascript, type: "text/javascript; charset=utf-8") }
        router.get("login") { request, _ in
            LoginPage.render(error: nil, next: request.uri.queryParameters["next"].map(String.init) ?? "/estate")
        }
        router.post("login") { request, context in try await LoginPage.submit(request, context, core) }
        router.post("logout") { request, context in try await LoginPage.logout(request, context, core) }
        page(router, "estate") { request, identity in try await EstatePage.render(core, identity, request) }
        page(router, "vm") { request, identity in
            try await EstatePage.renderVM(
                core,
                identity,
                name: request.uri.queryParameters["name"].map(String.init) ?? ""
            )
        }
        page(router, "coverage") { request, identity in try await CoveragePage.render(core, identity, request) }
        page(router, "policy") { _, identity in try await PolicyPage.render(core, identity) }
        page(router, "policy/diff") { request, identity in
            let from = request.uri.queryParameters["from"].flatMap { Int64($0) }
            let to = request.uri.queryParameters["to"].flatMap { Int64($0) }
            return try await PolicyPage.renderDiff(core, identity, from: from, to: to)
        }
        page(router, "taps") { _, identity in try await TapsPage.render(core, identity) }
        page(router, "traffic") { request, identity in try await TrafficPage.render(core, identity, request) }
    }

    /// The answer of `POST /policy/check`.
    struct PolicyCheck: ResponseEncodable {
        var valid: Bool
        var error: String?
        var line: Int?
        var column: Int?
        var rules: Int?
        var destinations: Int?
    }

    /// A GET page for readers; others are sent to the login page (agents get 403).
    static func page(
        _ router: Router<ConsoleRequestContext>,
        _ path: RouterPath,
        _ render: @escaping @Sendable (Request, ConsoleIdentity) async throws -> Response
    ) {
        router.get(path) { request, context in
            guard let identity = context.identity else {
                let target = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
                return Response.redirect(to: "/login?next=" + WebHTML.query(target))
            }
            guard identity.canRead else {
                return WebHTML.response(
                    "<!doctype html><title>Forbidden</title><p>Agents cannot read the console.</p>",
                    status: .forbidden
                )
            }
            return try await render(request, identity)
        }
    }

    static func asset(_ text: String, type: String) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: type, .cacheControl: "max-age=300"],
            body: .init(byteBuffer: ByteBuffer(string: text))
        )
    }

    /// True when a form post came from this console's own pages: a present `Origin` (or
    /// `Sec-Fetch-Site`) must name the same site; the session cookie is SameSite=Strict as well.
    static func sameOrigin(_ request: Request) -> Bool {
        if let site = request.headers[HTTPField.Name("Sec-Fetch-Site")!], site != "same-origin", site != "none" {
            return false
        }
        guard let origin = request.headers[.origin] else { return true }
        guard let host = request.head.authority ?? request.headers[HTTPField.Name("Host")!] else { return false }
        return origin == "http://\(host)" || origin == "https://\(host)"
    }

    /// The `application/x-www-form-urlencoded` fields of a posted form.
    static func formFields(_ request: Request) async throws -> [String: String] {
        let buffer = try await request.body.collect(upTo: 64 * 1024)
        var fields: [String: String] = [:]
        for pair in String(buffer: buffer).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String {
                text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            fields[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return fields
    }
}

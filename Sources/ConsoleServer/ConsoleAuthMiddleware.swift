import ConsoleStore
import Hummingbird

/// Finds the caller: `Authorization: Bearer SECRET` (a session, API token or agent secret, told
/// apart by prefix) or the `vt_session` cookie. A presented secret that is unknown, revoked or
/// expired is a 401 at once under `/api/` (a web page treats it as signed out); no credentials leave the identity empty for routes to refuse.
public struct ConsoleAuthMiddleware: RouterMiddleware {
    /// The console's request context, which receives the identity.
    public typealias Context = ConsoleRequestContext
    let store: ConsoleStore

    /// A middleware looking secrets up in `store`.
    public init(store: ConsoleStore) { self.store = store }

    /// Sets `context.identity` from the presented secret and calls `next`; answers 401 itself for an unknown, revoked
    /// or expired secret under `/api/`.
    public func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let secret = Self.presentedSecret(request) else { return try await next(request, context) }
        var context = context
        do {
            context.identity = try await identity(for: secret)
        } catch let error as ConsoleAPIError where !request.uri.path.hasPrefix("/api/") {
            // A web page with a stale cookie is served as signed out (it redirects to the login page).
            _ = error
        }
        return try await next(request, context)
    }

    static func presentedSecret(_ request: Request) -> String? {
        if let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") {
            return String(header.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
        }
        return request.cookies["vt_session"]?.value
    }

    func identity(for secret: String) async throws -> ConsoleIdentity {
        let hash = SecretToken.hash(secret)
        switch SecretToken.kind(of: secret) {
        case .session:
            if let user = try await store.sessionUser(tokenHash: hash, now: ConsoleClock.nowMilliseconds()) {
                return .user(id: user.id, name: user.name)
            }
        case .apiToken:
            if let token = try await store.apiToken(hash: hash) {
                return .apiToken(id: token.id, name: token.name, scope: token.scope)
            }
        case .agent:
            if let agent = try await store.agent(secretHash: hash) { return .agent(id: agent.id, name: agent.name) }
        case .enrollment, nil:
            break
        }
        throw ConsoleAPIError(.unauthorized, "unknown, revoked or expired credentials")
    }
}

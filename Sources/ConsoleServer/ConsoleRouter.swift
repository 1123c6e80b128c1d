import ConsoleAgent
import ConsoleStore
import Foundation
import Hummingbird
import Inventory

/// Builds the console's router: `/healthz`, `/metrics`, and the JSON API under `/api/v1`
/// (its OpenAPI document at `/api/v1/openapi.json`). Reads need a session or token; every
/// change needs a user session or a write-scoped token; agents reach only their own routes.
public enum ConsoleRouter {
    /// The router over `core`: the middlewares (metrics, authentication), `/healthz`, `/metrics`, the web pages and
    /// every `/api/v1` route.
    public static func make(core: ConsoleCore) -> Router<ConsoleRequestContext> {
        let router = Router(context: ConsoleRequestContext.self)
        router.add(middleware: ConsoleMetricsMiddleware(metrics: core.metrics))
        router.add(middleware: ConsoleAuthMiddleware(store: core.store))
        router.get("healthz") { _, _ in
            _ = try await core.store.currentPolicyRevision()
            return APIBodies.Health(status: "ok", database: core.store.database.location.engine)
        }
        router.get("metrics") { _, _ in
            var counts: [AgentStatus: Int] = [:]
            let now = ConsoleClock.nowMilliseconds()
            for agent in try await core.store.agents() { counts[core.status(of: agent, now: now), default: 0] += 1 }
            return Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4"],
                body: .init(byteBuffer: ByteBuffer(string: core.metrics.exposition(agents: counts)))
            )
        }
        let api = router.group("api/v1")
        api.get("openapi.json") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.json))
            )
        }
        addIdentityRoutes(api, core)
        addAgentRoutes(api, core)
        addPolicyRoutes(api, core)
        addInventoryRoutes(api, core)
        addFlowRoutes(api, core)
        ConsoleWebRoutes.add(to: router, core: core)
        return router
    }

    static func limit(_ request: Request) throws -> Int {
        guard let text = request.uri.queryParameters["limit"] else { return 100 }
        guard let value = Int(text), (1...1000).contains(value) else {
            throw ConsoleAPIError(.badRequest, "limit must be 1 to 1000")
        }
        return value
    }

    static func before(_ request: Request) throws -> Int64? {
        guard let text = request.uri.queryParameters["before"] else { return nil }
        guard let value = Int64(text) else { throw ConsoleAPIError(.badRequest, "before must be an integer id") }
        return value
    }

    static func created<Body: ResponseEncodable>(_ body: Body) -> EditedResponse<Body> {
        EditedResponse(status: .created, response: body)
    }

    // MARK: Users, sessions, tokens, audit

    static func addIdentityRoutes(_ api: RouterGroup<ConsoleRequestContext>, _ core: ConsoleCore) {
        api.post("auth/login") { request, context in
            let body = try await request.decode(as: APIBodies.Login.self, context: context)
            guard
                let session = try await core.login(
                    name: body.name,
                    password: body.password,
                    from: context.remoteDescription
                )
            else {
                throw ConsoleAPIError(.unauthorized, "wrong user name or password")
            }
            var response = try APIBodies.Session(token: session.token, expiresAt: session.expiresAt).response(
                from: request,
                context: context
            )
            response.setCookie(
                Cookie(
                    name: "vt_session",
                    value: session.token,
                    maxAge: Int(core.configuration.sessionLifetimeSeconds),
                    path: "/",
                    httpOnly: true,
                    sameSite: .strict
                )
            )
            return response
        }
        api.post("auth/logout") { request, context -> HTTPResponse.Status in
            let identity = try context.requireIdentity()
            guard case .user = identity, let secret = ConsoleAuthMiddleware.presentedSecret(request) else {
                throw ConsoleAPIError(.forbidden, "only a login session can log out")
            }
            try await core.store.deleteSession(tokenHash: SecretToken.hash(secret))
            try await core.audit(identity.auditName, "session.logout", "", from: context.remoteDescription)
            return .noContent
        }
        api.get("me") { _, context in
            let identity = try context.requireIdentity()
            return APIBodies.Me(identity: identity.auditName, canWrite: identity.canWrite)
        }
        api.get("users") { _, context in
            _ = try context.requireReader()
            return APIBodies.Page(items: try await core.store.users().map(APIBodies.User.init))
        }
        api.post("users") { request, context in
            let identity = try context.requireWriter()
            let body = try await request.decode(as: APIBodies.NewUser.self, context: context)
            let user = try await core.addUser(
                name: body.name,
                password: body.password,
                by: identity.auditName,
                from: context.remoteDescription
            )
            return created(APIBodies.User(user))
        }
        api.get("tokens") { _, context in
            _ = try context.requireReader()
            return APIBodies.Page(items: try await core.store.apiTokens().map { APIBodies.Token($0) })
        }
        api.post("tokens") { request, context in
            let identity = try context.requireWriter()
            let body = try await request.decode(as: APIBodies.NewToken.self, context: context)
            guard !body.name.isEmpty, body.name.count <= 64 else {
                throw ConsoleAPIError(.badRequest, "a token name has 1 to 64 characters")
            }
            let secret = SecretToken.generate(.apiToken)
            let record = APITokenRecord(
                id: SecretToken.identifier(),
                name: body.name,
                tokenHash: SecretToken.hash(secret),
                scope: body.scope,
                createdBy: identity.auditName,
                createdAt: ConsoleClock.nowMilliseconds()
            )
            try await core.store.addAPIToken(record)
            try await core.audit(
                identity.auditName,
                "token.create",
                "\(record.id) (\(record.name), \(record.scope.rawValue))",
                from: context.remoteDescription
            )
            return created(APIBodies.Token(record, token: secret))
        }
        api.delete("tokens/:id") { _, context -> HTTPResponse.Status in
            let identity = try context.requireWriter()
            let id = try context.parameters.require("id")
            guard try await core.store.revokeAPIToken(id: id, at: ConsoleClock.nowMilliseconds()) else {
                throw ConsoleAPIError(.notFound, "no active token \(id)")
            }
            try await core.audit(identity.auditName, "token.revoke", id, from: context.remoteDescription)
            return .noContent
        }
        api.get("enrollment-tokens") { _, context in
            _ = try context.requireReader()
            return APIBodies.Page(items: try await core.store.enrollmentTokens().map { APIBodies.EnrollmentToken($0) })
        }
        api.post("enrollment-tokens") { request, context in
            let identity = try context.requireWriter()
            let body = try await request.decode(as: APIBodies.NewEnrollmentToken.self, context: context)
            let now = ConsoleClock.nowMilliseconds()
            var expires: Int64?
            if let seconds = body.expiresInSeconds {
                guard seconds > 0, seconds <= 366 * 86400 else {
                    throw ConsoleAPIError(.badRequest, "expiresInSeconds must be 1 to 31622400")
                }
                expires = now + Int64(seconds * 1000)
            }
            let secret = SecretToken.generate(.enrollment)
            let record = EnrollmentTokenRecord(
                id: SecretToken.identifier(),
                tokenHash: SecretToken.hash(secret),
                reusable: body.reusable ?? false,
                createdBy: identity.auditName,
                createdAt: now,
                expiresAt: expires
            )
            try await core.store.addEnrollmentToken(record)
            try await core.audit(
                identity.auditName,
                "enrollment-token.create",
                record.id,
                from: context.remoteDescription
            )
            return created(APIBodies.EnrollmentToken(record, token: secret))
        }
        api.get("audit") { request, context in
            _ = try context.requireReader()
            return APIBodies.Page(
                items: try await core.store.auditLog(limit: try limit(request), before: try before(request))
            )
        }
    }

    // MARK: Agents

    static func addAgentRoutes(_ api: RouterGroup<ConsoleRequestContext>, _ core: ConsoleCore) {
        api.post("agents/enroll") { request, context in
            let body = try await request.decode(as: EnrollmentRequest.self, context: context)
            return created(try await core.enroll(body, from: context.remoteDescription))
        }
        api.get("agents") { _, context in
            _ = try context.requireReader()
            let now = ConsoleClock.nowMilliseconds()
            return APIBodies.Page(
                items: try await core.store.agents().map { agent in
                    APIBodies.Agent(
                        id: agent.id,
                        name: agent.name,
                        enrolledAt: agent.enrolledAt,
                        enrolledFrom: agent.enrolledFrom,
                        lastHeartbeatAt: agent.lastHeartbeatAt,
                        appliedRevision: agent.appliedRevision,
                        status: core.status(of: agent, now: now),
                        report: agent.report.flatMap {
                            try? JSONDecoder().decode(AgentHeartbeat.self, from: Data($0.utf8))
                        }
                    )
                }
            )
        }
        api.get("agents/:id/config") { request, context -> Response in
            let id = try context.parameters.require("id")
            let identity = try context.requireIdentity()
            if case .agent = identity { _ = try context.requireAgent(id) }
            guard let agent = try await core.store.agent(id: id) else {
                throw ConsoleAPIError(.notFound, "no agent \(id)")
            }
            let bundle = try await core.bundle(for: agent)
            let etag = "\"\(bundle.revision)\""
            if let wanted = request.headers[.ifNoneMatch],
                wanted.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == etag })
            {
                core.metrics.countConfigFetch(notModified: true)
                return Response(status: .notModified, headers: [.eTag: etag])
            }
            core.metrics.countConfigFetch(notModified: false)
            var response = try bundle.response(from: request, context: context)
            response.headers[.eTag] = etag
            return response
        }
        api.post("agents/:id/heartbeat") { request, context -> HTTPResponse.Status in
            let id = try context.parameters.require("id")
            _ = try context.requireAgent(id)
            let body = try await request.decode(as: AgentHeartbeat.self, context: context)
            try await core.store.recordHeartbeat(agentID: id, at: ConsoleClock.nowMilliseconds(), body)
            core.metrics.countHeartbeat()
            return .noContent
        }
        api.get("agents/:id/health") { request, context in
            _ = try context.requireReader()
            let id = try context.parameters.require("id")
            guard let agent = try await core.store.agent(id: id) else {
                throw ConsoleAPIError(.notFound, "no agent \(id)")
            }
            let now = ConsoleClock.nowMilliseconds()
            return try await TapHealth.report(agent, HealthQuery(request, now: now / 1000), core: core, now: now)
        }
    }

    // MARK: Policy

    static func addPolicyRoutes(_ api: RouterGroup<ConsoleRequestContext>, _ core: ConsoleCore) {
        api.get("policy") { _, context in
            _ = try context.requireReader()
            guard let current = try await core.store.currentPolicyRevision() else {
                throw ConsoleAPIError(.notFound, "no policy yet")
            }
            return APIBodies.PolicyRevision(current, withText: true)
        }
        api.get("policy/revisions") { request, context in
            _ = try context.requireReader()
            return APIBodies.Page(
                items: try await core.store.policyRevisions(limit: try limit(request)).map {
                    APIBodies.PolicyRevision($0, withText: false)
                }
            )
        }
        api.get("policy/revisions/:id") { _, context in
            _ = try context.requireReader()
            guard let id = Int64(try context.parameters.require("id")),
                let revision = try await core.store.policyRevision(id: id)
            else {
                throw ConsoleAPIError(.notFound, "no such policy revision")
            }
            return APIBodies.PolicyRevision(revision, withText: true)
        }
        api.post("policy/revisions") { request, context in
            let identity = try context.requireWriter()
            let body = try await request.decode(as: APIBodies.NewPolicy.self, context: context)
            let revision = try await core.submitPolicy(
                text: body.text,
                comment: body.comment ?? "",
                by: identity.auditName,
                from: context.remoteDescription
            )
            return created(APIBodies.PolicyRevision(revision, withText: false))
        }
        api.post("policy/validate") { request, context in
            _ = try context.requireReader()
            let policy = try core.validate(
                try await request.decode(as: APIBodies.PolicyText.self, context: context).text
            )
            return APIBodies.Validation(valid: true, destinations: policy.destinations.count, rules: policy.rules.count)
        }
        api.post("policy/dry-run") { request, context in
            _ = try context.requireReader()
            let policy = try core.validate(
                try await request.decode(as: APIBodies.PolicyText.self, context: context).text
            )
            return PolicyDryRun(policy: policy, snapshot: try await core.estate())
        }
    }

    // MARK: Inventory

    static func addInventoryRoutes(_ api: RouterGroup<ConsoleRequestContext>, _ core: ConsoleCore) {
        api.get("inventory") { _, context -> Response in
            _ = try context.requireReader()
            let json = try InventoryFileDocument(try await core.estate(), host: nil).json()
            return Response(
                status: .ok,
                headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: json))
            )
        }
        api.get("inventory/events") { request, context in
            _ = try context.requireReader()
            return APIBodies.Page(
                items: try await core.store.estateEvents(limit: try limit(request), before: try before(request))
            )
        }
    }
}

import ConsoleStore
import Foundation
import Hummingbird

/// The login page: an administrator's name and password (a login session), or an API token
/// (a read-scoped token gives a read-only view). Either way the browser holds the secret only
/// in the HttpOnly, SameSite=Strict `vt_session` cookie.
enum LoginPage {
    static func render(error: String?, next: String, status: HTTPResponse.Status = .ok) -> Response {
        let message =
            error.map { "<p class=\"error\" role=\"alert\" id=\"login-error\">\(WebHTML.escape($0))</p>" } ?? ""
        let next = WebHTML.escape(safeNext(next))
        let body = """
            \(message)
            <form method="post" action="/login" class="login" id="login-form">
            <input type="hidden" name="next" value="\(next)">
            <label>User <input name="name" id="name" autocomplete="username" autofocus></label>
            <label>Password <input name="password" id="password" type="password" autocomplete="current-password"></label>
            <button type="submit" id="login">Log in</button>
            </form>
            <form method="post" action="/login" class="login" id="token-form">
            <input type="hidden" name="next" value="\(next)">
            <label>or an API token <input name="token" id="token" type="password" autocomplete="off"></label>
            <button type="submit" id="token-login">Sign in with token</button>
            </form>
            """
        var response = WebHTML.page(title: "Log in", active: "", identity: nil, body: body)
        response.status = status
        return response
    }

    /// Only a path on this console (no scheme, no `//host`) is followed after login.
    static func safeNext(_ next: String) -> String {
        next.hasPrefix("/") && !next.hasPrefix("//") && !next.contains("\\") ? next : "/estate"
    }

    static func submit(
        _ request: Request,
        _ context: ConsoleRequestContext,
        _ core: ConsoleCore
    ) async throws -> Response {
        guard ConsoleWebRoutes.sameOrigin(request) else {
            return render(error: "cross-site form refused", next: "/estate", status: .forbidden)
        }
        let fields = try await ConsoleWebRoutes.formFields(request)
        let next = safeNext(fields["next"] ?? "/estate")
        let secret: String
        if let token = fields["token"], !token.isEmpty {
            guard SecretToken.kind(of: token) == .apiToken,
                try await core.store.apiToken(hash: SecretToken.hash(token)) != nil
            else {
                return render(error: "unknown or revoked API token", next: next, status: .unauthorized)
            }
            secret = token
        } else {
            guard
                let session = try await core.login(
                    name: fields["name"] ?? "",
                    password: fields["password"] ?? "",
                    from: context.remoteDescription
                )
            else {
                return render(error: "wrong user name or password", next: next, status: .unauthorized)
            }
            secret = session.token
        }
        var response = Response.redirect(to: next)
        response.setCookie(
            Cookie(
                name: "vt_session",
                value: secret,
                maxAge: Int(core.configuration.sessionLifetimeSeconds),
                path: "/",
                httpOnly: true,
                sameSite: .strict
            )
        )
        return response
    }

    static func logout(
        _ request: Request,
        _ context: ConsoleRequestContext,
        _ core: ConsoleCore
    ) async throws -> Response {
        guard ConsoleWebRoutes.sameOrigin(request) else {
            return render(error: "cross-site form refused", next: "/estate", status: .forbidden)
        }
        if case .user = context.identity, let secret = request.cookies["vt_session"]?.value {
            try await core.store.deleteSession(tokenHash: SecretToken.hash(secret))
            try await core.audit(
                context.identity?.auditName ?? "",
                "session.logout",
                "",
                from: context.remoteDescription
            )
        }
        var response = Response.redirect(to: "/login")
        response.setCookie(
            Cookie(name: "vt_session", value: "", maxAge: 0, path: "/", httpOnly: true, sameSite: .strict)
        )
        return response
    }
}

import ConsoleStore

/// Who made a request, as the authentication middleware found it.
public enum ConsoleIdentity: Sendable, Equatable {
    /// An administrator logged in with a session (may read and write).
    case user(id: String, name: String)
    /// An API token with its scope.
    case apiToken(id: String, name: String, scope: TokenScope)
    /// An enrolled agent (may read only its own configuration and write only its own reports).
    case agent(id: String, name: String)

    /// The name the audit log records.
    public var auditName: String {
        switch self {
        case .user(_, let name): "user:\(name)"
        case .apiToken(_, let name, _): "token:\(name)"
        case .agent(let id, _): "agent:\(id)"
        }
    }

    /// True for identities that may read the estate, policy, agents and audit log.
    public var canRead: Bool {
        if case .agent = self { false } else { true }
    }

    /// True for identities that may change things (users and write-scoped tokens).
    public var canWrite: Bool {
        switch self {
        case .user: true
        case .apiToken(_, _, let scope): scope == .write
        case .agent: false
        }
    }
}

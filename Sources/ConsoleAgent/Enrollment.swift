/// `POST /api/v1/agents/enroll`: an enrollment token and the agent's name (its host's name in
/// the inventory) exchanged for the agent's own id and secret.
public struct EnrollmentRequest: Codable, Sendable {
    /// The one-time enrollment token an administrator created in the console.
    public var enrollmentToken: String
    /// The agent's name: its host's name in the inventory (1 to 253 characters).
    public var name: String

    /// A request exchanging `enrollmentToken` for the credential of the agent named `name`.
    public init(enrollmentToken: String, name: String) {
        self.enrollmentToken = enrollmentToken
        self.name = name
    }
}

/// The agent's credential: shown once, kept by the agent in a file readable only by its owner.
public struct AgentCredential: Codable, Sendable, Equatable {
    /// The agent's id, in the API's paths (`/api/v1/agents/{id}/...`).
    public var agentID: String
    /// The agent's bearer secret; the console keeps only its SHA-256.
    public var secret: String

    /// A credential with the given id and secret.
    public init(agentID: String, secret: String) {
        self.agentID = agentID
        self.secret = secret
    }
}

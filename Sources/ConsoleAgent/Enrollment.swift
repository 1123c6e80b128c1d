/// `POST /api/v1/agents/enroll`: an enrollment token and the agent's name (its host's name in
/// the inventory) exchanged for the agent's own id and secret.
public struct EnrollmentRequest: Codable, Sendable {
    public var enrollmentToken: String
    public var name: String

    public init(enrollmentToken: String, name: String) {
        self.enrollmentToken = enrollmentToken
        self.name = name
    }
}

/// The agent's credential: shown once, kept by the agent in a file readable only by its owner.
public struct AgentCredential: Codable, Sendable, Equatable {
    public var agentID: String
    public var secret: String

    public init(agentID: String, secret: String) {
        self.agentID = agentID
        self.secret = secret
    }
}

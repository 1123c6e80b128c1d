/// What an API token may do: `read` sees everything, `write` may also change it.
public enum TokenScope: String, Codable, Sendable, CaseIterable {
    /// Reads: the estate, policies, agents, flows and the audit log.
    case read
    /// Reads and changes: also adds users, creates and revokes tokens and enrollment tokens, and submits policy
    /// revisions.
    case write
}

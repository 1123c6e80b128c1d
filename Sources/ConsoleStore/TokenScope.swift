/// What an API token may do: `read` sees everything, `write` may also change it.
public enum TokenScope: String, Codable, Sendable, CaseIterable {
    case read
    case write
}

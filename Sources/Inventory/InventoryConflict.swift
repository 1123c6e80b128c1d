import NetworkTypes

/// Two claims that cannot both be true, found while indexing or merging. The view
/// keeps one claim (stated in `kept`) and reports the conflict instead of silently
/// overwriting.
public struct InventoryConflict: Sendable, Hashable, Codable, CustomStringConvertible {
    /// What the claims disagree about.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Several sources report the same VM (by UUID or name) on different hosts.
        case vmOnSeveralHosts = "vm-on-several-hosts"
        /// Several VMs carry the same MAC address.
        case duplicateMAC = "duplicate-mac"
        /// Several VMs carry the same IP address.
        case duplicateIP = "duplicate-ip"
        /// Several VMs use the same host interface name on the same host.
        case duplicateInterface = "duplicate-interface"
    }

    /// What the claims disagree about.
    public var kind: Kind
    /// What the claims are about: the VM key, the MAC, the IP or the interface (`name@host`).
    public var subject: String
    /// Each claim as `vm@host (source)`, in a stable order.
    public var claims: [String]
    /// The claim the view kept.
    public var kept: String

    /// A conflict with the given parts.
    public init(kind: Kind, subject: String, claims: [String], kept: String) {
        self.kind = kind
        self.subject = subject
        self.claims = claims
        self.kept = kept
    }

    /// One line: `kind subject: claim, claim; kept claim` (`duplicate-mac 52:54:00:00:01:01: ...`).
    public var description: String {
        "\(kind.rawValue) \(subject): \(claims.joined(separator: ", ")); kept \(kept)"
    }
}
